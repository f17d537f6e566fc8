package org.mia4j.critical;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fang &amp; Kim's analysis of two per-weight scores: how concentrated each is (share of the total held by the top
 * rho of weights), how they correlate (Pearson and Spearman, overall and per component) and how much their top-rho
 * sets overlap (Jaccard).
 */
public final class ScoreAnalysis {
    private ScoreAnalysis() {}

    /** Correlation of two scores over one group of weights. */
    public record Correlation(String component, int weights, double pearson, double spearman) {}

    /** Share of the total score held by the top {@code rho} fraction of weights. */
    public static double concentration(double[] s, double rho) {
        double[] v = s.clone();
        Arrays.sort(v);
        int k = (int) Math.max(1, Math.round(rho * v.length));
        double top = 0;
        double all = 0;
        for (int i = 0; i < v.length; i++) {
            all += v[i];
            if (i >= v.length - k) {
                top += v[i];
            }
        }
        return all == 0 ? 0 : top / all;
    }

    public static double pearson(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElse(0);
        double mb = Arrays.stream(b).average().orElse(0);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
    }

    /** Pearson correlation of the ranks (ties get their average rank). */
    public static double spearman(double[] a, double[] b) {
        return pearson(ranks(a), ranks(b));
    }

    static double[] ranks(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(v[x], v[y]));
        double[] r = new double[v.length];
        for (int i = 0; i < v.length;) {
            int j = i;
            while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[order[k]] = avg;
            }
            i = j + 1;
        }
        return r;
    }

    /** Indices of the top {@code rho} fraction (at least one) by score; ties broken by index. */
    public static int[] top(double[] s, double rho) {
        int k = (int) Math.max(1, Math.round(rho * s.length));
        Integer[] order = new Integer[s.length];
        for (int i = 0; i < s.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> s[y] != s[x] ? Double.compare(s[y], s[x]) : Integer.compare(x, y));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = order[i];
        }
        return out;
    }

    public static double jaccard(int[] a, int[] b) {
        java.util.Set<Integer> sa = new java.util.HashSet<>();
        for (int x : a) {
            sa.add(x);
        }
        int inter = 0;
        for (int x : b) {
            if (sa.contains(x)) {
                inter++;
            }
        }
        return inter / (double) (a.length + b.length - inter);
    }

    /** Flattens per-parameter scores in a fixed order, with each weight's component. */
    public record Flat(double[] values, String[] component) {}

    /** {@code kinds}: parameter name to component ("conv", "linear", "norm", "bias"). */
    public static Flat flatten(Map<String, float[]> scores, Map<String, String> kinds) {
        int n = scores.values().stream().mapToInt(v -> v.length).sum();
        double[] v = new double[n];
        String[] c = new String[n];
        int at = 0;
        for (Map.Entry<String, float[]> e : scores.entrySet()) {
            String kind = kinds.getOrDefault(e.getKey(), "other");
            for (float x : e.getValue()) {
                v[at] = x;
                c[at++] = kind;
            }
        }
        return new Flat(v, c);
    }

    /** Pearson and Spearman overall and per component. */
    public static List<Correlation> correlations(Flat a, Flat b) {
        List<Correlation> out = new ArrayList<>();
        out.add(new Correlation("all", a.values().length, pearson(a.values(), b.values()),
                spearman(a.values(), b.values())));
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < a.component().length; i++) {
            groups.computeIfAbsent(a.component()[i], k -> new ArrayList<>()).add(i);
        }
        groups.forEach((k, idx) -> {
            double[] x = idx.stream().mapToDouble(i -> a.values()[i]).toArray();
            double[] y = idx.stream().mapToDouble(i -> b.values()[i]).toArray();
            out.add(new Correlation(k, x.length, pearson(x, y), spearman(x, y)));
        });
        return out;
    }
}
