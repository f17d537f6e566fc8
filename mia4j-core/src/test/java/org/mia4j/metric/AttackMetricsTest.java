package org.mia4j.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AttackMetricsTest {

    @Test
    void balancedAccuracyComesFromTheAttacksOwnDecisions() {
        // 4 members (3 flagged), 2 non-members (1 flagged): ½(3/4 + 1/2) = 0.625
        boolean[] member = {true, true, true, true, false, false};
        boolean[] decision = {true, true, true, false, true, false};
        double[] score = {5, 4, 3, 0, 2, 1};
        AttackMetrics m = AttackMetrics.of(score, decision, member);
        assertThat(m.balancedAccuracy()).isCloseTo(0.625, within(1e-12));
        assertThat(m.members()).isEqualTo(4);
        assertThat(m.nonMembers()).isEqualTo(2);
        // pairs: 5,4,3 beat both non-members, 0 beats none -> 6/8
        assertThat(m.auc()).isCloseTo(0.75, within(1e-12));
        assertThat(m.tprAt0Fpr()).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void bootstrapIsSeededAndBracketsThePointEstimate() {
        Random rnd = new Random(3);
        int n = 2000;
        double[] s = new double[n];
        boolean[] m = new boolean[n];
        boolean[] d = new boolean[n];
        for (int i = 0; i < n; i++) {
            m[i] = i % 2 == 0;
            s[i] = rnd.nextGaussian() + (m[i] ? 0.5 : 0);
            d[i] = s[i] > 0.25;
        }
        AttackMetrics a = AttackMetrics.withIntervals(s, d, m, 200, 11);
        AttackMetrics b = AttackMetrics.withIntervals(s, d, m, 200, 11);
        assertThat(a).isEqualTo(b);
        Interval auc = a.intervals().get("auc");
        assertThat(auc.low()).isLessThan(a.auc());
        assertThat(auc.high()).isGreaterThan(a.auc());
        // AUC standard error here is about 0.013, so the 95% interval is about 0.05 wide
        assertThat(auc.high() - auc.low()).isBetween(0.03, 0.08);
        assertThat(a.intervals()).containsKeys(AttackMetrics.INTERVAL_KEYS);
    }

    @Test
    void percentileInterpolatesLikeNumpy() {
        double[] v = {1, 2, 3, 4};
        assertThat(AttackMetrics.percentile(v, 0.5)).isEqualTo(2.5);
        assertThat(AttackMetrics.percentile(v, 0.025)).isCloseTo(1.075, within(1e-12));
    }
}
