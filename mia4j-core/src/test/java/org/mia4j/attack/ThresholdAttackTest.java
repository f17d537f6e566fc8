package org.mia4j.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mia4j.Mia4jException;
import org.mia4j.outputs.ModelOutputs;
import org.mia4j.outputs.Observations;

class ThresholdAttackTest {

    /** Two-class outputs where every record has label {@code label[i]} and true-class confidence {@code py[i]}. */
    static ModelOutputs twoClass(double[] py, int[] label, boolean[] member) {
        float[] p = new float[py.length * 2];
        for (int i = 0; i < py.length; i++) {
            p[2 * i + label[i]] = (float) py[i];
            p[2 * i + 1 - label[i]] = (float) (1 - py[i]);
        }
        return new ModelOutputs("toy", p, 2, label, member);
    }

    @Test
    void scoreFunctionsMatchHandComputedValues() {
        Observations o = new Observations("t", new float[] {0.7f, 0.2f, 0.1f}, 3, new int[] {0});
        assertThat(new ConfAttack().scores(o)[0]).isCloseTo(0.7, within(1e-6));
        assertThat(new XentAttack().scores(o)[0]).isCloseTo(Math.log(0.7), within(1e-6));
        // entropy = -(0.7 ln 0.7 + 0.2 ln 0.2 + 0.1 ln 0.1) = 0.80182
        assertThat(new EntropyAttack().scores(o)[0]).isCloseTo(-0.801819, within(1e-5));
        // mentr = -(0.3 ln 0.7) - 0.2 ln 0.8 - 0.1 ln 0.9 = 0.162173
        assertThat(new MentrAttack().scores(o)[0]).isCloseTo(-0.162173, within(1e-5));
        Observations wrong = new Observations("t", new float[] {0.7f, 0.2f, 0.1f}, 3, new int[] {2});
        assertThat(new Top1ConfAttack().scores(wrong)[0]).isCloseTo(0.7, within(1e-6));
        assertThat(new Top1ConfGtAttack().scores(wrong)[0]).isCloseTo(0.1, within(1e-6));
    }

    @Test
    void engineScoresMatchADoublePrecisionComputation() {
        java.util.Random rnd = new java.util.Random(4);
        int n = 500;
        int c = 7;
        float[] p = new float[n * c];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextInt(c);
            double sum = 0;
            for (int k = 0; k < c; k++) {
                p[i * c + k] = (float) Math.exp(4 * rnd.nextGaussian());
                sum += p[i * c + k];
            }
            for (int k = 0; k < c; k++) {
                p[i * c + k] /= (float) sum;
            }
        }
        Observations o = new Observations("r", p, c, y);
        double[] ent = new EntropyAttack().scores(o);
        double[] men = new MentrAttack().scores(o);
        for (int i = 0; i < n; i++) {
            double h = 0;
            double m = 0;
            for (int k = 0; k < c; k++) {
                double q = p[i * c + k];
                h += q * Math.log(Math.max(q, 1e-30));
                m += k == y[i] ? (1 - q) * Math.log(Math.max(q, 1e-30)) : q * Math.log(Math.max(1 - q, 1e-30));
            }
            assertThat(ent[i]).isCloseTo(h, within(1e-4 * (1 + Math.abs(h))));
            assertThat(men[i]).isCloseTo(m, within(1e-4 * (1 + Math.abs(m))));
        }
    }

    @Test
    void thresholdMaximisesShadowBalancedAccuracy() {
        // members 0.9 0.8 0.6, non-members 0.7 0.5 0.4: t=0.6 and t=0.8 both reach ½(1 + 2/3); the lower is kept
        double[] py = {0.9, 0.8, 0.6, 0.7, 0.5, 0.4};
        boolean[] m = {true, true, true, false, false, false};
        int[] y = new int[6];
        assertThat(ThresholdAttack.bestThreshold(py, m, new int[] {0, 1, 2, 3, 4, 5})).isEqualTo(0.6);
        Attack.Fitted f = new Top1ConfGtAttack().fit(AttackerKnowledge.shadowsOnly(twoClass(py, y, m)));
        AttackScores s = f.score(twoClass(new double[] {0.65, 0.55}, new int[2], new boolean[2]).observations());
        assertThat(s.decisions()).containsExactly(true, false);
        assertThat(s.scores()[0]).isCloseTo(0.05, within(1e-6));
    }

    @Test
    void perClassThresholdsAndGlobalFallback() {
        // class 0: members ~0.9, non-members ~0.7; class 1: members ~0.6, non-members ~0.3
        double[] py = {0.95, 0.9, 0.7, 0.65, 0.6, 0.55, 0.3, 0.25};
        int[] y = {0, 0, 0, 0, 1, 1, 1, 1};
        boolean[] m = {true, true, false, false, true, true, false, false};
        Attack.Fitted f = new ConfAttack().fit(AttackerKnowledge.shadowsOnly(twoClass(py, y, m)));
        AttackScores s = f.score(twoClass(new double[] {0.8, 0.5}, new int[] {0, 1}, new boolean[2])
                .observations());
        // 0.8 is below class 0's threshold 0.9 but 0.5 is above class 1's 0.55? no: 0.5 < 0.55 -> non-member
        assertThat(s.decisions()).containsExactly(false, false);
        AttackScores s2 = f.score(twoClass(new double[] {0.92, 0.58}, new int[] {0, 1}, new boolean[2])
                .observations());
        assertThat(s2.decisions()).containsExactly(true, true);

        // a class whose shadow records are all members falls back to the global threshold
        double[] py2 = {0.9, 0.8, 0.2, 0.95};
        int[] y2 = {0, 0, 0, 1};
        boolean[] m2 = {true, true, false, true};
        Attack.Fitted g = new ConfAttack().fit(AttackerKnowledge.shadowsOnly(twoClass(py2, y2, m2)));
        double global = ThresholdAttack.bestThreshold(py2, m2, new int[] {0, 1, 2, 3});
        AttackScores s3 = g.score(twoClass(new double[] {0.85}, new int[] {1}, new boolean[1]).observations());
        assertThat(s3.scores()[0]).isCloseTo(0.85 - global, within(1e-6));
    }

    @Test
    void classCountMismatchIsAnError() {
        Attack.Fitted f = new ConfAttack().fit(AttackerKnowledge.shadowsOnly(twoClass(new double[] {0.9, 0.1}, new int[2],
                new boolean[] {true, false})));
        Observations three = new Observations("target", new float[] {0.5f, 0.25f, 0.25f}, 3, new int[] {0});
        assertThatThrownBy(() -> f.score(three)).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("fitted on 2 classes").hasMessageContaining("has 3");
    }

    @Test
    void scoringCannotSeeTargetMembership() {
        assertThat(Arrays.stream(Observations.class.getRecordComponents()).map(c -> (Object) c.getType())
                .toList()).doesNotContain(boolean[].class);
    }

    @Test
    void correctnessAttackAccuracyIsHalfPlusHalfTheGap() {
        // members: 3 of 4 correct (train acc 0.75); non-members: 1 of 4 correct (test acc 0.25)
        double[] py = {0.9, 0.8, 0.7, 0.2, 0.6, 0.3, 0.1, 0.4};
        boolean[] m = {true, true, true, true, false, false, false, false};
        ModelOutputs t = twoClass(py, new int[8], m);
        AttackScores s = new CorrectnessAttack().fit(AttackerKnowledge.shadowsOnly(t)).score(t.observations());
        assertThat(org.mia4j.metric.AttackMetrics.of(s.scores(), s.decisions(), m).balancedAccuracy())
                .isCloseTo(0.5 + 0.5 * (0.75 - 0.25), within(1e-12));
    }
}
