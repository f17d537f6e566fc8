package org.mia4j.prune;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.Map;
import org.mia4j.model.Network;
import org.mia4j.model.ParamSet;
import org.mia4j.train.StepConstraint;

/**
 * 0/1 arrays for the pruned parameters of one network. As a {@link StepConstraint} it zeroes their gradients before
 * each optimizer step and the weights after it, so pruned weights stay exactly 0 despite Adam and weight decay.
 */
public final class Mask implements StepConstraint, AutoCloseable {
    private final Network net;
    private final ParamSet masks;
    private final ParamSet held;
    private final java.util.List<StepConstraint> also = new java.util.ArrayList<>();

    public Mask(Network net, ParamSet masks) {
        this(net, masks, null);
    }

    /**
     * {@code held}: values the fixed coordinates (mask 0) are held at, e.g. theta0 for rewound critical weights;
     * null holds them at 0 (pruning).
     */
    public Mask(Network net, ParamSet masks, ParamSet held) {
        this.net = net;
        this.masks = masks;
        this.held = held;
    }

    public ParamSet arrays() {
        return masks;
    }

    @Override
    public void beforeStep() {
        for (Pair<String, Parameter> p : net.block().getParameters()) {
            NDArray m = masks.arrays().get(p.getKey());
            if (m != null) {
                NDArray g = p.getValue().getArray().getGradient();
                g.muli(m);
            }
        }
    }

    @Override
    public void afterStep() {
        apply();
        also.forEach(StepConstraint::afterStep);
    }

    /** This mask, also running {@code c} after every step (weight clustering ties its weights to their centroids). */
    public Mask with(StepConstraint c) {
        also.add(c);
        return this;
    }

    /** Sets the fixed coordinates to their held values (0 when pruning). */
    public void apply() {
        for (Pair<String, Parameter> p : net.block().getParameters()) {
            NDArray m = masks.arrays().get(p.getKey());
            if (m != null) {
                NDArray w = p.getValue().getArray();
                w.muli(m);
                if (held != null) {
                    NDArray v = held.arrays().get(p.getKey());
                    try (NDArray fixed = v.mul(m.neg().add(1f))) {
                        w.addi(fixed);
                    }
                }
            }
        }
    }

    /** Share of zero entries among the prunable weights of {@code net}, measured from the weights themselves. */
    public static double measuredSparsity(Network net) {
        long zeros = 0;
        long total = 0;
        for (Pair<String, Parameter> p : net.block().getParameters()) {
            if (Prunable.isWeight(p.getValue())) {
                NDArray w = p.getValue().getArray();
                zeros += w.eq(0f).countNonzero().getLong();
                total += w.size();
            }
        }
        return total == 0 ? 0 : zeros / (double) total;
    }

    /** Number of masked (pruned) entries. */
    public long prunedCount() {
        long n = 0;
        for (Map.Entry<String, NDArray> e : masks.arrays().entrySet()) {
            n += e.getValue().size() - e.getValue().countNonzero().getLong();
        }
        return n;
    }

    @Override
    public void close() {
        for (StepConstraint c : also) {
            if (c instanceof AutoCloseable a) { // what it holds (cluster-K-ft's assignment) goes with the mask
                try {
                    a.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        masks.close();
        if (held != null) {
            held.close();
        }
    }
}
