package org.mia4j.attack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.mia4j.Setting;
import org.mia4j.model.Queryable;
import org.mia4j.outputs.Observations;

/**
 * The decision-boundary label-only attack (Choquette-Choo et al., ICML 2021, "boundary distance"; Li &amp; Zhang,
 * CCS 2021, "boundary attack"): a model's training records tend to lie further from its decision boundary, so the
 * score is the L2 distance to the nearest point the model labels otherwise, found by {@link HopSkipJump} from
 * predicted labels only (0 for a record already labelled wrongly). One global threshold, fitted on the shadows'
 * distances; higher = member.
 */
public final class BoundaryAttack extends ThresholdAttack {
    public static final Setting<Integer> QUERIES = Setting.integer("boundary-queries", 300, "Label queries per record "
            + "of the boundary attack's HopSkipJump search (more: closer to the boundary, slower).")
            .quick(100).atLeast(HopSkipJump.MIN_BUDGET);
    private final Distance probe;

    /** The attack with {@code budget} label queries per record. */
    public BoundaryAttack(int budget) {
        super(false);
        HopSkipJump.checkBudget(budget);
        this.probe = new Distance(budget);
    }

    @Override
    public String name() {
        return "boundary";
    }

    @Override
    public String description() {
        return "global threshold on the L2 distance to the decision boundary, found by HopSkipJump from labels only "
                + "(Choquette-Choo et al. 2021)";
    }

    @Override
    public boolean labelsOnly() {
        return true;
    }

    @Override
    public List<Probe> probes() {
        return List.of(probe);
    }

    @Override
    public Map<String, Object> settings() {
        return Map.of("probe", probe.settings(), "threshold", "global, fitted on the shadows");
    }

    @Override
    protected double[] scores(Observations o) {
        float[] v = o.probe(Distance.NAME);
        double[] s = new double[o.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = v[i];
        }
        return s;
    }

    /** Each record's boundary distance, computed on shadows and target alike. */
    public static final class Distance implements Probe {
        public static final String NAME = "boundary-distance";
        private final int budget;

        public Distance(int budget) {
            HopSkipJump.checkBudget(budget);
            this.budget = budget;
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public Map<String, Object> settings() {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("queries", budget);
            s.put("search", "HopSkipJump, L2, untargeted; starts: the nearest of " + HopSkipJump.RANDOM_STARTS
                    + " random points in the records' range and the records themselves labelled otherwise");
            return s;
        }

        @Override
        public float[] compute(Queryable net, float[] features, int[] labels, int n, long seed, IntConsumer done) {
            int d = n == 0 ? 1 : features.length / n;
            return new HopSkipJump(budget, d).distances(net, features, labels, n, seed, done);
        }
    }

    /** Registers {@code boundary}. */
    public static final class Provider implements AttackProvider {
        @Override
        public List<String> names() {
            return List.of("boundary");
        }

        @Override
        public List<Setting<?>> settings() {
            return List.of(QUERIES);
        }

        @Override
        public Attack create(String name, AttackContext c) {
            return new BoundaryAttack(c.get(QUERIES));
        }
    }
}
