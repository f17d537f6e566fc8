package org.mia4j.metric;

import java.util.Random;

/**
 * The change of an attack metric between two models audited on the same records, with a paired bootstrap: each
 * resample draws the same records (members and non-members separately) for both models, so the interval of the
 * difference accounts for the records both results share, which two separate intervals cannot.
 *
 * @param base the metric on the first model
 * @param other the metric on the second
 * @param ci95 the 95% percentile interval of other - base over paired resamples (null without resamples)
 */
public record PairedComparison(double base, double other, Interval ci95) {

    /** A metric of an attack's scores against the truth (AUC, TPR at a FPR, ...). */
    @FunctionalInterface
    public interface Metric {
        double of(double[] scores, boolean[] member);
    }

    public double difference() {
        return other - base;
    }

    /** Whether the interval of the difference excludes 0. */
    public boolean significant() {
        return ci95 != null && (ci95.low() > 0 || ci95.high() < 0);
    }

    public static PairedComparison of(double[] baseScores, double[] otherScores, boolean[] member, Metric metric,
            int resamples, long seed) {
        if (baseScores.length != member.length || otherScores.length != member.length) {
            throw new IllegalArgumentException("paired scores must cover the same records");
        }
        double b = metric.of(baseScores, member);
        double o = metric.of(otherScores, member);
        if (resamples <= 0) {
            return new PairedComparison(b, o, null);
        }
        int[] pos = java.util.stream.IntStream.range(0, member.length).filter(i -> member[i]).toArray();
        int[] neg = java.util.stream.IntStream.range(0, member.length).filter(i -> !member[i]).toArray();
        double[] diffs = new double[resamples];
        double[] sb = new double[member.length];
        double[] so = new double[member.length];
        boolean[] m = new boolean[member.length];
        Random rnd = new Random(seed);
        for (int r = 0; r < resamples; r++) {
            int k = 0;
            for (int[] group : new int[][] {pos, neg}) {
                for (int t = 0; t < group.length; t++, k++) {
                    int i = group[rnd.nextInt(group.length)];
                    sb[k] = baseScores[i];
                    so[k] = otherScores[i];
                    m[k] = member[i];
                }
            }
            diffs[r] = metric.of(so, m) - metric.of(sb, m);
        }
        java.util.Arrays.sort(diffs);
        return new PairedComparison(b, o, new Interval(AttackMetrics.percentile(diffs, 0.025),
                AttackMetrics.percentile(diffs, 0.975)));
    }
}
