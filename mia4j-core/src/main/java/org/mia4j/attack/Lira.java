package org.mia4j.attack;

import java.util.Arrays;
import java.util.Locale;
import org.mia4j.Mia4jException;
import org.mia4j.outputs.Observations;

/**
 * LiRA (Carlini et al., S&amp;P 2022). Per record, the logit-scaled confidence phi = log p_y - log(sum_{j != y} p_j)
 * under reference models that trained on it (IN) and did not (OUT) is modelled as Gaussian; means are medians, as
 * in the authors' code. Online: log-likelihood ratio of the target's phi under IN vs OUT. Offline: one-sided,
 * (phi - mu_out) / sigma_out. Fixed variance: one pooled standard deviation per side for all records. Records
 * with fewer than 2 IN (OUT) values use the pooled standard deviation, with none the pooled median.
 */
public final class Lira extends ReferenceAttack {

    /** Which LiRA. */
    public enum Variant {
        ONLINE("lira-online", true, false, 4), OFFLINE("lira-offline", false, false, 3),
        FIXED_VARIANCE("lira-fixed", true, true, 3);

        final String cliName;
        final boolean online;
        final boolean fixed;
        final int min;

        Variant(String cliName, boolean online, boolean fixed, int min) {
            this.cliName = cliName;
            this.online = online;
            this.fixed = fixed;
            this.min = min;
        }
    }

    private final Variant variant;

    public Lira(Variant variant) {
        this.variant = variant;
    }

    @Override
    public String name() {
        return variant.cliName;
    }

    @Override
    public String description() {
        return switch (variant) {
            case ONLINE -> "LiRA online: Gaussian likelihood ratio of IN vs OUT reference models, per-record variance";
            case OFFLINE -> "LiRA offline: one-sided test against OUT reference models only";
            case FIXED_VARIANCE -> "LiRA online with one global variance per side (for few reference models)";
        };
    }

    @Override
    public int minReferences() {
        return variant.min;
    }

    /** Carlini et al. use 64 or more models; with few, per-record variances are estimated from a handful of values. */
    static final int RELIABLE_REFERENCES = 16;

    @Override
    public java.util.List<String> cautions(AttackerKnowledge knowledge, double[] scores) {
        if (!variant.online || variant.fixed) {
            return java.util.List.of();
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        int refs = knowledge.references().map(ReferenceOutputs::count).orElse(0);
        if (refs < RELIABLE_REFERENCES) {
            out.add(name() + " ran with " + refs + " reference models: each record's IN and OUT variances rest on "
                    + "about " + Math.max(1, refs / 2) + " values, too few to trust (Carlini et al. use 64 or more); "
                    + "lira-fixed pools the variance instead");
        }
        long extreme = java.util.Arrays.stream(scores).filter(s -> Math.abs(s) > 1e6).count();
        if (extreme > 0) {
            out.add(name() + ": " + extreme + " records got scores beyond +-1e6 from a degenerate per-record "
                    + "variance");
        }
        return out;
    }

    @Override
    public java.util.Map<String, Object> settings() {
        return java.util.Map.of("variant", variant.name().toLowerCase(java.util.Locale.ROOT), "min_references",
                variant.min);
    }

    /** Logit-scaled confidence; summing the other classes avoids the cancellation in 1 - p_y. */
    static double phi(float[] p, int c, int y, int i) {
        double others = 0;
        for (int k = 0; k < c; k++) {
            if (k != y) {
                others += p[i * c + k];
            }
        }
        return Math.log(Math.max(p[i * c + y], ThresholdAttack.TINY)) - Math.log(Math.max(others,
                ThresholdAttack.TINY));
    }

    @Override
    protected double[] scores(ReferenceOutputs refs, Observations target) {
        int n = target.size();
        int c = refs.numClasses();
        int r = refs.count();
        double[][] phi = new double[r][n];
        for (int m = 0; m < r; m++) {
            for (int i = 0; i < n; i++) {
                phi[m][i] = phi(refs.posteriors().get(m), c, refs.labels()[i], i);
            }
        }
        double[] allIn = new double[r * n];
        double[] allOut = new double[r * n];
        int nIn = 0;
        int nOut = 0;
        for (int m = 0; m < r; m++) {
            boolean[] flags = refs.in().get(m);
            for (int i = 0; i < n; i++) {
                if (flags[i]) {
                    allIn[nIn++] = phi[m][i];
                } else {
                    allOut[nOut++] = phi[m][i];
                }
            }
        }
        double[] pooledIn = stats(Arrays.copyOf(allIn, nIn));
        double[] pooledOut = stats(Arrays.copyOf(allOut, nOut));
        if (variant.online && nIn == 0) {
            throw new Mia4jException("attack " + name() + ": no reference model trained on any audited record");
        }
        double[] out = new double[n];
        double[] in = new double[r];
        double[] ou = new double[r];
        for (int i = 0; i < n; i++) {
            int ni = 0;
            int no = 0;
            for (int m = 0; m < r; m++) {
                if (refs.in().get(m)[i]) {
                    in[ni++] = phi[m][i];
                } else {
                    ou[no++] = phi[m][i];
                }
            }
            double[] si = local(in, ni, pooledIn);
            double[] so = local(ou, no, pooledOut);
            double t = phi(target.posteriors(), c, target.labels()[i], i);
            if (variant.online) {
                out[i] = logNormal(t, si[0], si[1]) - logNormal(t, so[0], so[1]);
            } else {
                out[i] = (t - so[0]) / so[1];
            }
        }
        return out;
    }

    /** [median, sd] of this record's values, falling back to the pooled ones as documented. */
    private double[] local(double[] v, int k, double[] pooled) {
        if (k == 0) {
            return pooled;
        }
        double[] s = Arrays.copyOf(v, k);
        Arrays.sort(s);
        double median = k % 2 == 1 ? s[k / 2] : 0.5 * (s[k / 2 - 1] + s[k / 2]);
        double sd = variant.fixed || k < 2 ? pooled[1] : Math.max(sd(s), 1e-6);
        return new double[] {median, sd};
    }

    private static double[] stats(double[] v) {
        if (v.length == 0) {
            return new double[] {0, 1};
        }
        Arrays.sort(v);
        int k = v.length;
        double median = k % 2 == 1 ? v[k / 2] : 0.5 * (v[k / 2 - 1] + v[k / 2]);
        return new double[] {median, Math.max(sd(v), 1e-6)};
    }

    private static double sd(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return Math.sqrt(ss / v.length);
    }

    private static double logNormal(double x, double mu, double sd) {
        double z = (x - mu) / sd;
        return -0.5 * z * z - Math.log(sd);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Lira[%s]", variant);
    }

    /** Registers {@code lira-online}, {@code lira-offline} and {@code lira-fixed}. */
    public static final class Provider implements AttackProvider {
        @Override
        public java.util.List<String> names() {
            return Arrays.stream(Variant.values()).map(v -> v.cliName).toList();
        }

        @Override
        public Attack create(String name, AttackContext c) {
            return new Lira(Arrays.stream(Variant.values()).filter(v -> v.cliName.equals(name)).findFirst()
                    .orElseThrow());
        }
    }
}
