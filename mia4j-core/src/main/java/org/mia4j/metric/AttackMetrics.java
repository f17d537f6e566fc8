package org.mia4j.metric;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The field's attack metrics (methods.md): balanced accuracy of the attack's own decisions, ROC AUC, TPR at 1%,
 * 0.1% and 0% FPR, advantage; with seeded stratified-bootstrap 95% percentile intervals.
 */
public record AttackMetrics(double auc, double balancedAccuracy, double tprAt1PctFpr, double tprAt01PctFpr,
        double tprAt0Fpr, double advantage, int members, int nonMembers, Map<String, Interval> intervals) {

    public static final String[] INTERVAL_KEYS = {"auc", "balanced_accuracy", "tpr_at_1pct_fpr",
        "tpr_at_0_1pct_fpr"};

    /** Metrics without intervals. */
    public static AttackMetrics of(double[] scores, boolean[] decisions, boolean[] member) {
        RocCurve roc = RocCurve.of(scores, member);
        int p = 0;
        int tp = 0;
        int tn = 0;
        for (int i = 0; i < member.length; i++) {
            if (member[i]) {
                p++;
                if (decisions[i]) {
                    tp++;
                }
            } else if (!decisions[i]) {
                tn++;
            }
        }
        int n = member.length - p;
        double bal = 0.5 * (tp / (double) p + tn / (double) n);
        return new AttackMetrics(roc.auc(), bal, roc.tprAtFpr(0.01), roc.tprAtFpr(0.001), roc.tprAtFpr(0.0),
                roc.advantage(), p, n, Map.of());
    }

    /** Metrics with {@code resamples} bootstrap resamples (members and non-members resampled separately). */
    public static AttackMetrics withIntervals(double[] scores, boolean[] decisions, boolean[] member,
            int resamples, long seed) {
        AttackMetrics point = of(scores, decisions, member);
        if (resamples <= 0) {
            return point;
        }
        int[] pos = indices(member, true);
        int[] neg = indices(member, false);
        int total = member.length;
        double[][] draws = new double[INTERVAL_KEYS.length][resamples];
        Random rnd = new Random(seed);
        double[] s = new double[total];
        boolean[] d = new boolean[total];
        boolean[] m = new boolean[total];
        for (int r = 0; r < resamples; r++) {
            int k = 0;
            for (int[] group : new int[][] {pos, neg}) {
                for (int t = 0; t < group.length; t++, k++) {
                    int i = group[rnd.nextInt(group.length)];
                    s[k] = scores[i];
                    d[k] = decisions[i];
                    m[k] = member[i];
                }
            }
            AttackMetrics b = of(s, d, m);
            draws[0][r] = b.auc;
            draws[1][r] = b.balancedAccuracy;
            draws[2][r] = b.tprAt1PctFpr;
            draws[3][r] = b.tprAt01PctFpr;
        }
        Map<String, Interval> ci = new LinkedHashMap<>();
        for (int q = 0; q < INTERVAL_KEYS.length; q++) {
            Arrays.sort(draws[q]);
            ci.put(INTERVAL_KEYS[q], new Interval(percentile(draws[q], 0.025), percentile(draws[q], 0.975)));
        }
        return new AttackMetrics(point.auc, point.balancedAccuracy, point.tprAt1PctFpr, point.tprAt01PctFpr,
                point.tprAt0Fpr, point.advantage, point.members, point.nonMembers, Map.copyOf(ci));
    }

    private static int[] indices(boolean[] member, boolean want) {
        return java.util.stream.IntStream.range(0, member.length).filter(i -> member[i] == want).toArray();
    }

    /** Linear-interpolated percentile of sorted values (numpy's default). */
    static double percentile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
