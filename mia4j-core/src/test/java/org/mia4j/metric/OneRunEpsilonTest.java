package org.mia4j.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The one-run bound against numbers computed independently: bench/one_run_epsilon_reference.py (scipy's binomial
 * and a root finder) and, for all guesses right without delta, the closed form.
 */
class OneRunEpsilonTest {

    @Test
    void allGuessesRightWithoutDeltaHasAClosedForm() {
        // P[W = r] = q^r at q = e^eps / (1 + e^eps): the bound is the eps where q^r = 5%
        for (int r : new int[] {10, 100, 1000}) {
            double q = Math.pow(0.05, 1.0 / r);
            assertThat(OneRunEpsilon.lowerBound(1000, r, r, 0, 0.05)).isCloseTo(Math.log(q / (1 - q)),
                    within(1e-9));
        }
    }

    @Test
    void boundsMatchTheScipyReference() {
        // m, r, v, delta, level, eps from bench/one_run_epsilon_reference.py
        double[][] cases = {
            {1000, 100, 100, 0, 0.05, 3.492965},
            {1000, 100, 100, 1e-5, 0.05, 3.465376},
            {1000, 1000, 600, 1e-5, 0.05, 0.297227},
            {1000, 200, 150, 1e-4, 0.05, 0.806512},
            {100, 20, 18, 1e-4, 0.05, 0.915417},
            {500, 10, 10, 1e-4, 0.05 / 6, 0},
            {1000, 500, 260, 1e-4, 0.05, 0},
        };
        for (double[] c : cases) {
            assertThat(OneRunEpsilon.lowerBound((int) c[0], (int) c[1], (int) c[2], c[3], c[4]))
                    .as("m %s r %s v %s delta %s", c[0], c[1], c[2], c[3]).isCloseTo(c[5], within(2e-6));
        }
        assertThat(OneRunEpsilon.pValue(1000, 200, 150, 1, 1e-4)).isCloseTo(3.155356e-01, within(1e-7));
        assertThat(OneRunEpsilon.pValue(100, 20, 18, 1, 1e-4)).isCloseTo(6.806825e-02, within(1e-8));
    }

    @Test
    void guessesAreTheHighestAndLowestScoresAndTheBoundIsBonferroniCorrected() {
        // 20 canaries scored by their index; in: 10..19 but 14, and 3
        double[] scores = new double[20];
        boolean[] in = new boolean[20];
        for (int i = 0; i < 20; i++) {
            scores[i] = i;
            in[i] = i >= 10 && i != 14 || i == 3;
        }
        OneRunEpsilon e = OneRunEpsilon.of(scores, in, 1e-4, 0.95);
        assertThat(OneRunEpsilon.guessCounts(20)).containsExactly(2, 4, 10, 20);
        assertThat(e.tests()).extracting(OneRunEpsilon.Test::correct).containsExactly(2, 4, 9, 18);
        assertThat(e.tests()).extracting(OneRunEpsilon.Test::guessesIn).containsExactly(1, 2, 5, 10);
        // each test at 5% / 4 (scipy reference: 0, 0, 0.023940, 0.617170)
        assertThat(e.tests().get(2).epsilon()).isCloseTo(0.023940, within(2e-6));
        assertThat(e.tests().get(3).epsilon()).isCloseTo(0.617170, within(2e-6));
        assertThat(e.epsilon()).isEqualTo(e.tests().get(3).epsilon());
        assertThat(e.guesses()).isEqualTo(20);
        assertThat(e.correct()).isEqualTo(18);
        assertThat(e.canaries()).isEqualTo(20);
    }

    @Test
    void guessesUnrelatedToInclusionProveNothingAndPerfectOnesProveALot() {
        Random rnd = new Random(7);
        int m = 1000;
        double[] random = new double[m];
        double[] perfect = new double[m];
        boolean[] in = new boolean[m];
        for (int i = 0; i < m; i++) {
            in[i] = rnd.nextBoolean();
            random[i] = rnd.nextDouble();
            perfect[i] = (in[i] ? 1 : 0) + rnd.nextDouble();
        }
        assertThat(OneRunEpsilon.of(random, in, 1e-5, 0.95).epsilon()).isZero();
        OneRunEpsilon p = OneRunEpsilon.of(perfect, in, 1e-5, 0.95);
        // about 500 in: the 1,000 guesses (500 in, 500 out) miss a few; 500 guesses are all right
        assertThat(p.tests().get(4).guesses()).isEqualTo(500);
        assertThat(p.tests().get(4).correct()).isEqualTo(500);
        // never above the closed form of all 1,000 right at 5% / 6 without delta
        double q = Math.pow(0.05 / 6, 1.0 / 1000);
        assertThat(p.epsilon()).isGreaterThan(4).isLessThanOrEqualTo(Math.log(q / (1 - q)));
    }

    @Test
    void moreDeltaOrMoreConfidenceNeverRaisesTheBound() {
        double base = OneRunEpsilon.lowerBound(1000, 200, 170, 1e-5, 0.05);
        assertThat(OneRunEpsilon.lowerBound(1000, 200, 170, 1e-3, 0.05)).isLessThan(base);
        assertThat(OneRunEpsilon.lowerBound(1000, 200, 170, 1e-5, 0.01)).isLessThan(base);
    }
}
