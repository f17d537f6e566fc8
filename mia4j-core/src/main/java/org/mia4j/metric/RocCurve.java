package org.mia4j.metric;

import java.util.Arrays;

/**
 * The exact ROC curve of membership scores (higher = more likely member). Records with equal scores form one
 * step, so tied scores are never split by an arbitrary order. Points run from (0,0) to (1,1).
 */
public record RocCurve(double[] fpr, double[] tpr) {

    /** Builds the curve by sorting member and non-member scores separately (primitive sorts) and merging. */
    public static RocCurve of(double[] scores, boolean[] member) {
        int p = 0;
        for (boolean m : member) {
            if (m) {
                p++;
            }
        }
        int n = member.length - p;
        if (p == 0 || n == 0) {
            throw new IllegalArgumentException("ROC needs members and non-members; got " + p + " and " + n);
        }
        double[] pos = new double[p];
        double[] neg = new double[n];
        int ip = 0;
        int in = 0;
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("NaN score at record " + i);
            }
            if (member[i]) {
                pos[ip++] = scores[i];
            } else {
                neg[in++] = scores[i];
            }
        }
        Arrays.sort(pos);
        Arrays.sort(neg);
        double[] fpr = new double[p + n + 1];
        double[] tpr = new double[p + n + 1];
        int k = 1;
        int i = p - 1;
        int j = n - 1;
        int tp = 0;
        int fp = 0;
        while (i >= 0 || j >= 0) {
            double v = Math.max(i >= 0 ? pos[i] : Double.NEGATIVE_INFINITY, j >= 0 ? neg[j] : Double.NEGATIVE_INFINITY);
            while (i >= 0 && pos[i] == v) {
                tp++;
                i--;
            }
            while (j >= 0 && neg[j] == v) {
                fp++;
                j--;
            }
            fpr[k] = fp / (double) n;
            tpr[k] = tp / (double) p;
            k++;
        }
        return new RocCurve(Arrays.copyOf(fpr, k), Arrays.copyOf(tpr, k));
    }

    /** Area under the curve by trapezoids: equals the Mann-Whitney statistic with ties counted as 1/2. */
    public double auc() {
        double a = 0;
        for (int k = 1; k < fpr.length; k++) {
            a += (fpr[k] - fpr[k - 1]) * (tpr[k] + tpr[k - 1]) / 2;
        }
        return a;
    }

    /** Highest TPR among the curve's points with FPR &lt;= {@code maxFpr} (no interpolation). */
    public double tprAtFpr(double maxFpr) {
        double best = 0;
        for (int k = 0; k < fpr.length; k++) {
            if (fpr[k] <= maxFpr + 1e-12) {
                best = Math.max(best, tpr[k]);
            }
        }
        return best;
    }

    /** Membership advantage: max |TPR - FPR| over the curve's points. */
    public double advantage() {
        double best = 0;
        for (int k = 0; k < fpr.length; k++) {
            best = Math.max(best, Math.abs(tpr[k] - fpr[k]));
        }
        return best;
    }
}
