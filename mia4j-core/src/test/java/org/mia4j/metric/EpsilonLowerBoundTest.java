package org.mia4j.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;

class EpsilonLowerBoundTest {

    private static boolean[] members(int n) {
        boolean[] m = new boolean[n];
        for (int i = 0; i < n; i += 2) {
            m[i] = true;
        }
        return m;
    }

    @Test
    void clopperPearsonUpperBoundsHaveTheirCoverage() {
        // the upper end u of k of n: P(X <= k | p = u) = 2.5%, checked with the binomial CDF
        for (int[] kn : new int[][] {{0, 100}, {3, 100}, {50, 200}, {7, 1000}}) {
            double u = EpsilonLowerBound.upper(kn[0], kn[1]);
            assertThat(new BinomialDistribution(null, kn[1], u).cumulativeProbability(kn[0]))
                    .isCloseTo(0.025, within(1e-6));
        }
        assertThat(EpsilonLowerBound.upper(0, 100)).isCloseTo(1 - Math.pow(0.025, 1 / 100.0), within(1e-9));
    }

    @Test
    void theBoundFollowsTheFormulaOnTheHeldOutHalf() {
        double[] members = {0.1, 0.6, 0.7, 0.8, 0.9};
        double[] non = {0.05, 0.1, 0.2, 0.3, 0.65};
        double[] r = EpsilonLowerBound.epsilon(members, non, 0.5, 1e-5); // FN 1 of 5, FP 1 of 5
        double up = EpsilonLowerBound.upper(1, 5);
        assertThat(r[1]).isEqualTo(up);
        assertThat(r[0]).isEqualTo(Math.max(0, Math.log((1 - 1e-5 - up) / up)));
    }

    @Test
    void separableScoresProveALargeEpsilonAndRandomOnesNothing() {
        int n = 4000;
        boolean[] m = members(n);
        double[] perfect = new double[n];
        double[] random = new double[n];
        Random rnd = new Random(2);
        for (int i = 0; i < n; i++) {
            perfect[i] = m[i] ? 1 + rnd.nextDouble() : rnd.nextDouble();
            random[i] = rnd.nextDouble();
        }
        EpsilonLowerBound p = EpsilonLowerBound.of(perfect, m, 1e-5, 1);
        // 1,000 held-out members and non-members: at best no error, FNR+ = FPR+ = 1 - 0.025^(1/1000); the threshold
        // from the calibration half may let a few held-out members fall below it
        double u = 1 - Math.pow(0.025, 1 / 1000.0);
        assertThat(p.members()).isEqualTo(1000);
        assertThat(p.fprUpper()).isCloseTo(u, within(1e-9));
        assertThat(p.epsilon()).isCloseTo(Math.log((1 - 1e-5 - p.fnrUpper()) / p.fprUpper()), within(1e-12))
                .isGreaterThan(5).isLessThanOrEqualTo(Math.log((1 - 1e-5 - u) / u) + 1e-9);
        assertThat(EpsilonLowerBound.of(random, m, 1e-5, 1).epsilon()).isLessThan(0.15);
    }

    @Test
    void theThresholdIsChosenWithoutTheHalfItIsJudgedOn() {
        // membership is visible only in the records the calibration half does not hold: the threshold it picks
        // from noise proves little there, though the labels would allow a large bound
        int n = 2000;
        boolean[] m = members(n);
        double[] s = new double[n];
        Random rnd = new Random(5);
        for (int i = 0; i < n; i++) {
            s[i] = rnd.nextDouble();
        }
        EpsilonLowerBound base = EpsilonLowerBound.of(s, m, 1e-5, 9);
        assertThat(base.epsilon()).isLessThan(0.3);
        // the same seed gives the same bound
        assertThat(EpsilonLowerBound.of(s, m, 1e-5, 9)).isEqualTo(base);
    }
}
