package org.mia4j.attack;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mia4j.outputs.ModelOutputs;
import org.mia4j.train.TrainingConfig;

/** An attack that trains a network gives the same scores whatever the engine's thread count (--threads) is. */
class AttackThreadsTest {
    private static final TrainingConfig FAST = new TrainingConfig(1, 64, 3e-3, 0, 1);

    /** 30-class outputs, wide enough that libtorch splits the work among its threads. */
    private static ModelOutputs outputs(int n, long seed) {
        Random rnd = new Random(seed);
        int c = 30;
        float[] p = new float[n * c];
        float[] sens = new float[n * c];
        int[] y = new int[n];
        boolean[] m = new boolean[n];
        for (int i = 0; i < n; i++) {
            m[i] = rnd.nextBoolean();
            y[i] = rnd.nextInt(c);
            double sum = 0;
            for (int k = 0; k < c; k++) {
                p[i * c + k] = (float) Math.exp(rnd.nextGaussian() + (k == y[i] ? (m[i] ? 3 : 2) : 0));
                sum += p[i * c + k];
                sens[i * c + k] = (float) rnd.nextGaussian();
            }
            for (int k = 0; k < c; k++) {
                p[i * c + k] /= (float) sum;
            }
        }
        return new ModelOutputs("syn", p, c, y, m, Map.of(SensitivityProbe.NAME, sens), new float[0]);
    }

    private static double[] scores(NeuralAttack a, ModelOutputs shadow, ModelOutputs target, int threads) {
        Engine.getInstance();
        int before = JniUtils.getNumThreads();
        JniUtils.setNumThreads(threads);
        try (Attack.Fitted f = a.fit(AttackerKnowledge.shadowsOnly(shadow))) {
            return f.score(target.observations()).scores();
        } finally {
            JniUtils.setNumThreads(before);
        }
    }

    @Test
    void attackNetworksScoreTheSameOnOneAndTwoThreads() {
        ModelOutputs shadow = outputs(400, 1);
        ModelOutputs target = outputs(100, 2);
        for (NeuralAttack a : new NeuralAttack[] {new Samia(SamiaModel.paper(3, 4), FAST, 3, 0),
            new NnClsAttack(FAST, 3)}) {
            assertThat(scores(a, shadow, target, 2)).as(a.name()).containsExactly(scores(a, shadow, target, 1));
        }
    }
}
