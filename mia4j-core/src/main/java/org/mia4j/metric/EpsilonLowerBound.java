package org.mia4j.metric;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * The empirical lower bound on epsilon an attack proves (Jagielski et al. 2020; Nasr et al. 2021): an (epsilon,
 * delta)-DP model bounds every test's errors by FPR + e^eps FNR >= 1 - delta and FNR + e^eps FPR >= 1 - delta, so
 * with Clopper-Pearson upper bounds FPR+ and FNR+ of a threshold test, eps >= max(ln((1 - delta - FPR+) / FNR+),
 * ln((1 - delta - FNR+) / FPR+)). The test (which attack, which threshold) is chosen on a seeded, stratified half
 * of the audited records and its errors counted on the other half, so the figure is the statement of one test
 * fixed before its errors were seen, not a best case picked with the labels. Each upper bound is two-sided at
 * {@code confidence}, so both hold together at that level or better. {@link #of} is one attack's own bound;
 * {@link #chosen} picks one (attack, threshold) among several attacks on the calibration half, so its confidence
 * is that of a single test, where the largest of several per-attack bounds would not keep it.
 *
 * @param epsilon the lower bound (0 when the attack proves nothing)
 * @param delta the delta it is stated at
 * @param confidence the confidence of the Clopper-Pearson bounds
 * @param threshold the score threshold chosen on the calibration half (member when score >= it)
 * @param fprUpper the upper bound of the false-positive rate on the other half
 * @param fnrUpper the upper bound of the false-negative rate on the other half
 * @param members members in the half the errors were counted on
 * @param nonMembers non-members in that half
 * @param attack the attack chosen on the calibration half ({@link #chosen}); null for one attack's own bound
 */
public record EpsilonLowerBound(
        @JsonProperty("epsilon") double epsilon,
        @JsonProperty("delta") double delta,
        @JsonProperty("confidence") double confidence,
        @JsonProperty("threshold") double threshold,
        @JsonProperty("fpr_upper") double fprUpper,
        @JsonProperty("fnr_upper") double fnrUpper,
        @JsonProperty("members") int members,
        @JsonProperty("non_members") int nonMembers,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        @JsonProperty("attack") String attack) {

    public static final double CONFIDENCE = 0.95;

    /** One attack's bound from {@code scores} (higher = member) of records whose membership is {@code member}. */
    public static EpsilonLowerBound of(double[] scores, boolean[] member, double delta, long seed) {
        return chosen(new String[] {null}, new double[][] {scores}, member, delta, seed);
    }

    /**
     * The bound of the one (attack, threshold) with the largest bound on the calibration half, over every attack's
     * scores (keyed by attack name, in order: the first wins a tie), its errors counted on the other half.
     */
    public static EpsilonLowerBound chosen(java.util.Map<String, double[]> scores, boolean[] member, double delta,
            long seed) {
        if (scores.isEmpty()) {
            throw new IllegalArgumentException("no attack scores");
        }
        return chosen(scores.keySet().toArray(new String[0]), scores.values().toArray(new double[0][]), member,
                delta, seed);
    }

    private static EpsilonLowerBound chosen(String[] names, double[][] scores, boolean[] member, double delta,
            long seed) {
        int[][] halves = halves(member, seed);
        java.util.Map<Long, Double> memo = new java.util.HashMap<>();
        int bestAttack = 0;
        double bestT = Double.POSITIVE_INFINITY;
        double best = -1;
        for (int a = 0; a < scores.length; a++) {
            double[] calMembers = sorted(scores[a], member, halves[0], true);
            double[] calNon = sorted(scores[a], member, halves[0], false);
            double[] all = new double[calMembers.length + calNon.length];
            System.arraycopy(calMembers, 0, all, 0, calMembers.length);
            System.arraycopy(calNon, 0, all, calMembers.length, calNon.length);
            Arrays.sort(all);
            // every calibration score is a candidate; the bounds depend only on the error counts, so memoise them
            for (int i = 0; i < all.length; i++) {
                if (i > 0 && all[i] == all[i - 1]) {
                    continue;
                }
                double e = epsilon(calMembers, calNon, all[i], delta, memo)[0];
                if (e > best) {
                    best = e;
                    bestT = all[i];
                    bestAttack = a;
                }
            }
        }
        double[] testMembers = sorted(scores[bestAttack], member, halves[1], true);
        double[] testNon = sorted(scores[bestAttack], member, halves[1], false);
        double[] r = epsilon(testMembers, testNon, bestT, delta, new java.util.HashMap<>());
        return new EpsilonLowerBound(r[0], delta, CONFIDENCE, bestT, r[1], r[2], testMembers.length,
                testNon.length, names[bestAttack]);
    }

    /** {epsilon, FPR+, FNR+} of the test "member when score >= t" on sorted member and non-member scores. */
    static double[] epsilon(double[] members, double[] nonMembers, double t, double delta) {
        return epsilon(members, nonMembers, t, delta, new java.util.HashMap<>());
    }

    private static double[] epsilon(double[] members, double[] nonMembers, double t, double delta,
            java.util.Map<Long, Double> memo) {
        int fn = lowerCount(members, t); // members below t
        int fp = nonMembers.length - lowerCount(nonMembers, t); // non-members at or above t
        double fprUp = memo.computeIfAbsent(((long) fp << 32) | nonMembers.length, k -> upper(fp, nonMembers.length));
        double fnrUp = memo.computeIfAbsent(((long) fn << 32) | members.length, k -> upper(fn, members.length));
        double e = Math.max(Math.log((1 - delta - fprUp) / fnrUp), Math.log((1 - delta - fnrUp) / fprUp));
        return new double[] {Double.isNaN(e) ? 0 : Math.max(0, e), fprUp, fnrUp};
    }

    /** The Clopper-Pearson upper end of the two-sided interval for k successes in n trials. */
    static double upper(int k, int n) {
        if (n == 0 || k >= n) {
            return 1;
        }
        return new BetaDistribution(null, k + 1, n - k).inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
    }

    private static int lowerCount(double[] sorted, double t) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) { // first index with value >= t
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double[] sorted(double[] scores, boolean[] member, int[] idx, boolean members) {
        return Arrays.stream(idx).filter(i -> member[i] == members).mapToDouble(i -> scores[i]).sorted().toArray();
    }

    /** A seeded stratified split of the records into calibration and test halves. */
    private static int[][] halves(boolean[] member, long seed) {
        java.util.List<Integer> cal = new java.util.ArrayList<>();
        java.util.List<Integer> test = new java.util.ArrayList<>();
        java.util.Random rnd = new java.util.Random(seed);
        for (boolean group : new boolean[] {true, false}) {
            java.util.List<Integer> g = new java.util.ArrayList<>();
            for (int i = 0; i < member.length; i++) {
                if (member[i] == group) {
                    g.add(i);
                }
            }
            java.util.Collections.shuffle(g, rnd);
            cal.addAll(g.subList(0, g.size() / 2));
            test.addAll(g.subList(g.size() / 2, g.size()));
        }
        return new int[][] {cal.stream().mapToInt(Integer::intValue).toArray(),
            test.stream().mapToInt(Integer::intValue).toArray()};
    }
}
