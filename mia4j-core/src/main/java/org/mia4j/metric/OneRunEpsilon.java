package org.mia4j.metric;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.math3.distribution.BinomialDistribution;

/**
 * The epsilon lower bound of a one-run audit (Steinke, Nasr &amp; Jagielski, "Privacy auditing with one (1) training
 * run", NeurIPS 2023). Each of {@code m} canaries is included in training independently with probability 1/2; the
 * auditor guesses "in" for some canaries, "out" for others and abstains on the rest. Their main theorem: if the
 * training is (epsilon, delta)-DP, the number W of correct guesses among r guesses satisfies, for every v,
 * P[W &gt;= v] &lt;= f(v) + 2 m delta max_{1 &lt;= i &lt;= v} (f(v - i) - f(v)) / i, where f(v) = P[Binomial(r, e^eps /
 * (1 + e^eps)) &gt;= v] (for delta = 0: W is dominated by that binomial). The bound is the largest epsilon this
 * test rejects at the given confidence, as the paper's reference code computes it.
 *
 * <p>Choosing the number of guesses after seeing the scores would cost confidence the paper's theorem does not
 * account for; here every candidate number is fixed in advance ({@link #guessCounts}) and each is tested at level
 * (1 - confidence) / candidates (Bonferroni), so the largest bound holds at {@code confidence} as a whole.
 *
 * @param epsilon the lower bound (0 when the guesses prove nothing)
 * @param canaries m, the canaries (each in or out with probability 1/2)
 * @param guesses r, the guesses of the test that gave the bound (in plus out)
 * @param correct v, how many of them were right
 * @param guessesIn k+, the highest-scored canaries guessed in
 * @param guessesOut k-, the lowest-scored canaries guessed out
 * @param delta the delta of the hypothesis rejected
 * @param confidence the confidence of the bound over all tests together
 * @param tests every test made, in the order of {@link #guessCounts}
 */
public record OneRunEpsilon(
        @JsonProperty("epsilon") double epsilon,
        @JsonProperty("canaries") int canaries,
        @JsonProperty("guesses") int guesses,
        @JsonProperty("correct") int correct,
        @JsonProperty("guesses_in") int guessesIn,
        @JsonProperty("guesses_out") int guessesOut,
        @JsonProperty("delta") double delta,
        @JsonProperty("confidence") double confidence,
        @JsonProperty("tests") List<Test> tests) {

    public static final double CONFIDENCE = 0.95;

    /** Numbers of guesses tried, as shares of the canaries, fixed before any score is seen. */
    static final double[] GUESS_SHARES = {0.02, 0.05, 0.1, 0.2, 0.5, 1.0};

    /** One test: r guesses (k+ in, k- out), v right, and the bound it gives at its share of the confidence. */
    public record Test(
            @JsonProperty("guesses") int guesses,
            @JsonProperty("guesses_in") int guessesIn,
            @JsonProperty("guesses_out") int guessesOut,
            @JsonProperty("correct") int correct,
            @JsonProperty("epsilon") double epsilon) {}

    public OneRunEpsilon {
        tests = List.copyOf(tests);
    }

    /** The numbers of guesses tried for {@code m} canaries: {@link #GUESS_SHARES} of m, at least 2, distinct. */
    public static int[] guessCounts(int m) {
        return Arrays.stream(GUESS_SHARES).mapToInt(s -> Math.min(m, Math.max(2, (int) Math.round(s * m))))
                .distinct().toArray();
    }

    /**
     * The bound from canary scores (higher = more likely in) and the canaries' true inclusion: for each number of
     * guesses r of {@link #guessCounts}, the r/2 highest are guessed in and the r - r/2 lowest out.
     */
    public static OneRunEpsilon of(double[] scores, boolean[] included, double delta, double confidence) {
        int m = scores.length;
        if (m != included.length || m < 2) {
            throw new IllegalArgumentException("need at least 2 canaries with one score and one inclusion each, got "
                    + m + " scores and " + included.length + " inclusions");
        }
        // ascending score; ties by index, so the guesses never depend on anything but the scores
        Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> scores[i]).thenComparingInt(i -> i));
        int[] counts = guessCounts(m);
        double level = (1 - confidence) / counts.length;
        List<Test> tests = new ArrayList<>();
        Test best = null;
        for (int r : counts) {
            int in = r / 2;
            int out = r - in;
            int right = 0;
            for (int j = 0; j < in; j++) {
                right += included[order[m - 1 - j]] ? 1 : 0;
            }
            for (int j = 0; j < out; j++) {
                right += included[order[j]] ? 0 : 1;
            }
            Test t = new Test(r, in, out, right, lowerBound(m, r, right, delta, level));
            tests.add(t);
            if (best == null || t.epsilon() >= best.epsilon()) { // ties: the most guesses
                best = t;
            }
        }
        return new OneRunEpsilon(best.epsilon(), m, best.guesses(), best.correct(), best.guessesIn(),
                best.guessesOut(), delta, confidence, tests);
    }

    /**
     * The p-value of v or more correct guesses among r on m canaries if the training were (eps, delta)-DP: the
     * paper's bound on P[W &gt;= v], capped at 1.
     */
    public static double pValue(int m, int r, int v, double eps, double delta) {
        if (!(0 <= v && v <= r && r <= m) || !(eps >= 0) || !(delta >= 0 && delta <= 1)) {
            throw new IllegalArgumentException("need 0 <= v <= r <= m, eps >= 0, delta in [0,1]; got m " + m + ", r "
                    + r + ", v " + v + ", eps " + eps + ", delta " + delta);
        }
        double q = 1 / (1 + Math.exp(-eps)); // the accuracy of eps-DP randomised response
        BinomialDistribution b = new BinomialDistribution(null, r, q);
        double beta = 0; // P[Binomial(r, q) >= v], summed from the far end so a small tail keeps its digits
        for (int k = r; k >= v; k--) {
            beta += b.probability(k);
        }
        double alpha = 0;
        double below = 0; // P[v - i <= Binomial(r, q) < v]
        for (int i = 1; i <= v; i++) {
            below += b.probability(v - i);
            alpha = Math.max(alpha, below / i);
        }
        return Math.min(1, beta + alpha * delta * 2 * m);
    }

    /**
     * The largest epsilon at which v correct of r guesses on m canaries has a p-value below {@code level} (1 minus
     * the confidence): no (eps, delta)-DP training with a smaller eps makes that many right guesses that likely.
     * 0 when even eps = 0 is not rejected.
     */
    public static double lowerBound(int m, int r, int v, double delta, double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0,1), got " + level);
        }
        if (pValue(m, r, v, 0, delta) >= level) {
            return 0;
        }
        double lo = 0; // p(lo) < level
        double hi = 1; // p(hi) >= level
        while (pValue(m, r, v, hi, delta) < level) {
            lo = hi;
            hi += 1;
            if (hi > 200) {
                return lo; // the guesses reject every epsilon the arithmetic can tell apart
            }
        }
        for (int k = 0; k < 50; k++) {
            double mid = (lo + hi) / 2;
            if (pValue(m, r, v, mid, delta) < level) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
