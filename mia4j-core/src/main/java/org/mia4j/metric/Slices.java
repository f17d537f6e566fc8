package org.mia4j.metric;

import java.util.ArrayList;
import java.util.List;

/** Attack metrics restricted to slices of the target records: per true class and by whether it is classified right. */
public final class Slices {
    private Slices() {}

    /** One slice's metrics (only slices holding members and non-members). */
    public record Slice(String name, double auc, double balancedAccuracy, int members, int nonMembers) {}

    public static List<Slice> of(double[] scores, boolean[] decisions, boolean[] member, int[] labels,
            boolean[] correct, List<String> classNames) {
        List<Slice> out = new ArrayList<>();
        for (int c = 0; c < classNames.size(); c++) {
            final int cls = c;
            add(out, "class=" + classNames.get(c), scores, decisions, member, i -> labels[i] == cls);
        }
        add(out, "correct", scores, decisions, member, i -> correct[i]);
        add(out, "misclassified", scores, decisions, member, i -> !correct[i]);
        return List.copyOf(out);
    }

    private static void add(List<Slice> out, String name, double[] s, boolean[] d, boolean[] m,
            java.util.function.IntPredicate in) {
        int n = 0;
        int p = 0;
        for (int i = 0; i < s.length; i++) {
            if (in.test(i)) {
                n++;
                if (m[i]) {
                    p++;
                }
            }
        }
        if (p == 0 || p == n) {
            return;
        }
        double[] ss = new double[n];
        boolean[] dd = new boolean[n];
        boolean[] mm = new boolean[n];
        int k = 0;
        for (int i = 0; i < s.length; i++) {
            if (in.test(i)) {
                ss[k] = s[i];
                dd[k] = d[i];
                mm[k++] = m[i];
            }
        }
        AttackMetrics a = AttackMetrics.of(ss, dd, mm);
        out.add(new Slice(name, a.auc(), a.balancedAccuracy(), p, n - p));
    }
}
