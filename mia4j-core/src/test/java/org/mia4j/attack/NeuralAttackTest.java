package org.mia4j.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mia4j.metric.RocCurve;
import org.mia4j.outputs.ModelOutputs;
import org.mia4j.outputs.Observations;
import org.mia4j.train.TrainingConfig;

class NeuralAttackTest {
    static final TrainingConfig FAST = new TrainingConfig(15, 64, 3e-3, 0, 5);

    /** 4-class outputs: members get confidence ~0.9 on their label, non-members ~0.5; sensitivity lower for members. */
    static ModelOutputs synthetic(int n, long seed) {
        Random rnd = new Random(seed);
        int c = 4;
        float[] p = new float[n * c];
        float[] sens = new float[n * c];
        int[] y = new int[n];
        boolean[] m = new boolean[n];
        for (int i = 0; i < n; i++) {
            m[i] = rnd.nextBoolean();
            y[i] = rnd.nextInt(c);
            double conf = Math.min(0.97, Math.max(0.3, (m[i] ? 0.85 : 0.55) + 0.1 * rnd.nextGaussian()));
            for (int k = 0; k < c; k++) {
                p[i * c + k] = (float) (k == y[i] ? conf : (1 - conf) / (c - 1));
                sens[i * c + k] = (float) ((m[i] ? 0.2 : 0.6) + 0.1 * rnd.nextGaussian());
            }
        }
        return new ModelOutputs("syn", p, c, y, m, Map.of(SensitivityProbe.NAME, sens), new float[0]);
    }

    @Test
    void featureLayouts() {
        Observations o = new Observations("t", new float[] {0.1f, 0.6f, 0.2f, 0.1f}, 4, new int[] {2},
                Map.of(SensitivityProbe.NAME, new float[] {1, 2, 3, 4}), new float[0]);
        assertThat(new Top3NnAttack(FAST, 1).features(o)).containsExactly(0.6f, 0.2f, 0.1f);
        assertThat(new NnClsAttack(FAST, 1).features(o)).containsExactly(0.1f, 0.6f, 0.2f, 0.1f, 0, 0, 1, 0);
        assertThat(new Samia(SamiaModel.paper(1, 4), FAST, 1, 0).features(o))
                .containsExactly(0.1f, 0.6f, 0.2f, 0.1f, 1, 2, 3, 4, 0, 0, 1, 0);
    }

    @Test
    void neuralAttacksLearnTheSyntheticSignal() {
        ModelOutputs shadow = synthetic(1200, 1);
        ModelOutputs target = synthetic(600, 2);
        for (NeuralAttack a : new NeuralAttack[] {new NnAttack(FAST, 3), new Top3NnAttack(FAST, 3),
            new NnClsAttack(FAST, 3), new Samia(SamiaModel.paper(1, 4), FAST, 3, 600)}) {
            try (Attack.Fitted f = a.fit(AttackerKnowledge.shadowsOnly(shadow))) {
                AttackScores s = f.score(target.observations());
                assertThat(RocCurve.of(s.scores(), target.members()).auc()).as(a.name()).isGreaterThan(0.8);
            }
        }
    }
}
