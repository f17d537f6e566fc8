package org.mia4j.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.mia4j.metric.RocCurve;

class QmiaTest {

    /** Synthetic non-member scores whose mean and spread depend on the record: s = 2 x0 + (0.3 + |x1|) e. */
    private static double score(float[] x, int i, int d, Random rnd) {
        return 2 * x[i * d] + (0.3 + Math.abs(x[i * d + 1])) * rnd.nextGaussian();
    }

    private static float[] features(int n, int d, Random rnd) {
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        return x;
    }

    @Test
    void theMeasuredFprOnHeldOutNonMembersIsCloseToAlpha() {
        Random rnd = new Random(4);
        int d = 4;
        int n = 4000;
        float[] pop = features(n, d, rnd);
        int[] labels = new int[n];
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = score(pop, i, d, rnd);
        }
        float[] test = features(n, d, rnd);
        double[] nonMember = new double[n];
        double[] member = new double[n];
        for (int i = 0; i < n; i++) {
            nonMember[i] = score(test, i, d, rnd);
            member[i] = nonMember[i] + 1.0; // members score higher by one unit
        }
        java.util.List<String> said = new java.util.ArrayList<>();
        org.mia4j.Progress.Task recording = new org.mia4j.Progress.SimpleTask() {
            @Override
            public void step(long k) {}

            @Override
            public void message(String text) {
                said.add(text);
            }
        };
        try (QuantileModel q = QuantileModel.fit(pop, d, labels, 2, s, 40, 1, recording)) {
            assertThat(said).hasSize(40).first().asString().startsWith("epoch 1/40 dev loss "); // its epochs told
            double[][] ms = q.predict(test, new int[n]);
            for (double alpha : new double[] {0.05, 0.01}) {
                double z = new NormalDistribution(null, 0, 1).inverseCumulativeProbability(1 - alpha);
                int fp = 0;
                for (int i = 0; i < n; i++) {
                    fp += (nonMember[i] - ms[i][0]) / ms[i][1] > z ? 1 : 0;
                }
                assertThat(fp / (double) n).as("FPR at alpha " + alpha).isCloseTo(alpha, within(0.6 * alpha));
            }
            // calibrating per record beats the raw score: the spread hides members where |x1| is large
            double[] raw = new double[2 * n];
            double[] calibrated = new double[2 * n];
            boolean[] truth = new boolean[2 * n];
            for (int i = 0; i < n; i++) {
                raw[i] = member[i];
                raw[n + i] = nonMember[i];
                calibrated[i] = (member[i] - ms[i][0]) / ms[i][1];
                calibrated[n + i] = (nonMember[i] - ms[i][0]) / ms[i][1];
                truth[i] = true;
            }
            assertThat(RocCurve.of(calibrated, truth).auc()).isGreaterThan(RocCurve.of(raw, truth).auc() + 0.1);
        }
    }

    @Test
    void theHingeIsTheTrueClassLogProbabilityOverTheLargestOther() {
        float[] p = {0.7f, 0.2f, 0.1f, 0.1f, 0.6f, 0.3f};
        double[] h = Qmia.hinge(p, new int[] {0, 2}, 3);
        assertThat(h[0]).isCloseTo(Math.log(0.7 / 0.2), within(1e-6));
        assertThat(h[1]).isCloseTo(Math.log(0.3 / 0.6), within(1e-6));
    }
}
