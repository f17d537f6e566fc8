package org.mia4j.metric;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mia4j.outputs.ModelOutputs;

/**
 * Prediction divergence (Yuan &amp; Zhang section 4): per class, how differently a model treats members and
 * non-members: the gap of mean true-class confidence, the gap of mean cross-entropy loss, and the Wasserstein-1
 * distance between the two confidence distributions (exact, on the empirical distributions).
 */
public final class Divergence {
    private Divergence() {}

    /** One class (or {@code all}). */
    public record ClassDivergence(String cls, int members, int nonMembers, double memberConfidence,
            double nonMemberConfidence, double confidenceGap, double lossGap, double wasserstein) {}

    public static List<ClassDivergence> of(ModelOutputs o, List<String> classNames) {
        List<ClassDivergence> out = new ArrayList<>();
        for (int c = 0; c < classNames.size(); c++) {
            final int cls = c;
            one(o, classNames.get(c), i -> o.labels()[i] == cls).ifPresent(out::add);
        }
        one(o, "all", i -> true).ifPresent(out::add);
        return List.copyOf(out);
    }

    private static java.util.Optional<ClassDivergence> one(ModelOutputs o, String name,
            java.util.function.IntPredicate in) {
        double[] mc = new double[o.size()];
        double[] nc = new double[o.size()];
        int p = 0;
        int n = 0;
        double ml = 0;
        double nl = 0;
        for (int i = 0; i < o.size(); i++) {
            if (!in.test(i)) {
                continue;
            }
            double conf = o.p(i, o.labels()[i]);
            double loss = -Math.log(Math.max(conf, 1e-30));
            if (o.members()[i]) {
                mc[p++] = conf;
                ml += loss;
            } else {
                nc[n++] = conf;
                nl += loss;
            }
        }
        if (p == 0 || n == 0) {
            return java.util.Optional.empty();
        }
        double[] a = Arrays.copyOf(mc, p);
        double[] b = Arrays.copyOf(nc, n);
        double meanA = Arrays.stream(a).sum() / p;
        double meanB = Arrays.stream(b).sum() / n;
        return java.util.Optional.of(new ClassDivergence(name, p, n, meanA, meanB, meanA - meanB, nl / n - ml / p,
                wasserstein(a, b)));
    }

    /** W1 = integral of |F_a(x) - F_b(x)| dx for the empirical CDFs of a and b. */
    public static double wasserstein(double[] a0, double[] b0) {
        double[] a = a0.clone();
        double[] b = b0.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        int i = 0;
        int j = 0;
        double w = 0;
        double prev = Math.min(a[0], b[0]);
        while (i < a.length || j < b.length) {
            double x = Math.min(i < a.length ? a[i] : Double.POSITIVE_INFINITY,
                    j < b.length ? b[j] : Double.POSITIVE_INFINITY);
            w += Math.abs(i / (double) a.length - j / (double) b.length) * (x - prev);
            while (i < a.length && a[i] == x) {
                i++;
            }
            while (j < b.length && b[j] == x) {
                j++;
            }
            prev = x;
        }
        return w;
    }
}
