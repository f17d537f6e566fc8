package org.mia4j.attack;

import java.util.Arrays;
import org.mia4j.Mia4jException;
import org.mia4j.outputs.ModelOutputs;
import org.mia4j.outputs.Observations;

/**
 * Song &amp; Mittal's (2021) threshold attacks as Yuan &amp; Zhang run them: a per-record score (oriented so that higher
 * means member), and a threshold per class (or one global threshold) chosen on the shadow outputs to maximise
 * ½(share of members &gt;= t + share of non-members &lt; t), trying every shadow score as t. The ROC score of a
 * record is its distance above its class threshold, so that per-class decisions and the ranking agree.
 */
public abstract class ThresholdAttack implements Attack {
    /** Song &amp; Mittal clip probabilities at 1e-30 before taking logs. */
    static final double TINY = 1e-30;
    private final boolean perClass;

    protected ThresholdAttack(boolean perClass) {
        this.perClass = perClass;
    }

    /** Membership scores of all records; higher = more likely member. */
    protected abstract double[] scores(Observations o);

    /** The true-class confidence p_y of every record. */
    static double[] trueClassConfidence(Observations o) {
        double[] s = new double[o.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = o.p(i, o.labels()[i]);
        }
        return s;
    }

    static double log(double p) {
        return Math.log(Math.max(p, TINY));
    }

    /**
     * Per-record scores over primitive arrays, records split across the cores. Measured (JMH, 1 M records x 10
     * classes, 2 cores): modified entropy on the PyTorch engine took 421 ms (ten n x C temporaries), one Java
     * thread 147 ms; so the C logarithms per record run here, in parallel chunks.
     */
    static double[] perRecord(int n, java.util.function.IntToDoubleFunction f) {
        double[] s = new double[n];
        int chunk = 1 << 14;
        java.util.stream.IntStream.range(0, (n + chunk - 1) / chunk).parallel().forEach(b -> {
            for (int i = b * chunk, end = Math.min(n, i + chunk); i < end; i++) {
                s[i] = f.applyAsDouble(i);
            }
        });
        return s;
    }

    @Override
    public Fitted fit(AttackerKnowledge knowledge) {
        ModelOutputs shadow = knowledge.shadows();
        Observations obs = shadow.observations();
        double[] s = scores(obs);
        boolean[] member = shadow.members();
        int[] all = new int[s.length];
        Arrays.setAll(all, i -> i);
        double global = bestThreshold(s, member, all);
        if (Double.isNaN(global)) {
            throw new Mia4jException("attack " + name() + ": the shadow outputs need both members and non-members");
        }
        int c = shadow.numClasses();
        double[] thresholds = new double[c];
        Arrays.fill(thresholds, global);
        if (perClass) {
            for (int k = 0; k < c; k++) {
                final int cls = k;
                int[] idx = java.util.stream.IntStream.range(0, s.length).filter(i -> shadow.labels()[i] == cls)
                        .toArray();
                double t = bestThreshold(s, member, idx);
                // A class with no shadow members or no non-members keeps the global threshold.
                if (!Double.isNaN(t)) {
                    thresholds[k] = t;
                }
            }
        }
        return target -> {
            if (target.numClasses() != c) {
                throw new Mia4jException("attack " + name() + ": fitted on " + c + " classes but the target "
                        + target.model() + " has " + target.numClasses());
            }
            double[] ts = scores(target);
            double[] out = new double[ts.length];
            boolean[] dec = new boolean[ts.length];
            for (int i = 0; i < ts.length; i++) {
                double t = thresholds[target.labels()[i]];
                out[i] = ts[i] - t;
                dec[i] = ts[i] >= t;
            }
            return new AttackScores(out, dec);
        };
    }

    /** The candidate maximising balanced accuracy on {@code idx}; NaN if members or non-members are missing. */
    static double bestThreshold(double[] s, boolean[] member, int[] idx) {
        int p = 0;
        for (int i : idx) {
            if (member[i]) {
                p++;
            }
        }
        int n = idx.length - p;
        if (p == 0 || n == 0) {
            return Double.NaN;
        }
        double[] pos = new double[p];
        double[] neg = new double[n];
        int a = 0;
        int b = 0;
        for (int i : idx) {
            if (member[i]) {
                pos[a++] = s[i];
            } else {
                neg[b++] = s[i];
            }
        }
        Arrays.sort(pos);
        Arrays.sort(neg);
        double[] cand = new double[idx.length];
        System.arraycopy(pos, 0, cand, 0, p);
        System.arraycopy(neg, 0, cand, p, n);
        Arrays.sort(cand);
        double best = Double.NEGATIVE_INFINITY;
        double bestT = Double.NaN;
        for (int k = 0; k < cand.length; k++) {
            double v = cand[k];
            if (k > 0 && cand[k - 1] == v) {
                continue;
            }
            // members >= v: p - (number of pos < v); non-members < v: number of neg < v
            double acc = 0.5 * ((p - lowerBound(pos, v)) / (double) p + lowerBound(neg, v) / (double) n);
            if (acc > best) {
                best = acc;
                bestT = v;
            }
        }
        return bestT;
    }

    /** Number of entries of sorted {@code a} strictly below {@code v}. */
    private static int lowerBound(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
