package org.mia4j.prune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mia4j.Mia4jException;
import org.mia4j.model.Network;
import org.mia4j.model.ParamSet;
import org.mia4j.model.Variant;

/**
 * Structured pruning by unit norm (NNI's L1/L2 filter pruners): in every Linear/Conv layer but the classifier,
 * the fraction {@code sparsity} of output units (conv filters, linear neurons) with the smallest L1 or L2 weight
 * norm is removed: their weights, bias and the following BatchNorm's gamma and beta are all held at zero, so the
 * unit's output is exactly zero.
 */
public final class StructuredPruner implements Pruner {
    private final double sparsity;
    private final int norm;

    public StructuredPruner(double sparsity, int norm) {
        this.sparsity = PrunerRegistry.checkSparsity(sparsity);
        if (norm != 1 && norm != 2) {
            throw new IllegalArgumentException("norm must be 1 or 2");
        }
        this.norm = norm;
    }

    @Override
    public Variant variant() {
        return Variant.pruning("l" + norm + "-structured", sparsity);
    }

    @Override
    public void validate(Network net) {
        eligible(net);
    }

    private List<Prunable> eligible(Network net) {
        List<Prunable> layers = Prunable.of(net).stream().filter(p -> !p.last()).toList();
        if (layers.isEmpty()) {
            throw new Mia4jException(name() + ": the " + net.architecture().cliName() + " model has no eligible "
                    + "layer (structured pruning keeps the classifier layer whole)");
        }
        return layers;
    }

    @Override
    public Mask prune(Network net, PruningContext ctx) {
        List<Prunable> layers = eligible(net);
        NDManager m = net.manager().newSubManager();
        Map<String, NDArray> masks = new LinkedHashMap<>();
        for (Prunable p : layers) {
            NDArray w = p.param().getArray();
            long units = w.getShape().get(0);
            NDArray flat = w.reshape(units, -1);
            NDArray unitNorm = norm == 1 ? flat.abs().sum(new int[] {1}) : flat.square().sum(new int[] {1}).sqrt();
            NDArray keep = UnstructuredPruner.keepMask(unitNorm, sparsity);
            putUnitMask(masks, p, keep, m);
        }
        Mask mask = new Mask(net, new ParamSet(m, masks));
        mask.apply();
        return mask;
    }

    /** Masks for the unit's weight rows and its per-unit parameters from a [units] 0/1 vector. */
    static void putUnitMask(Map<String, NDArray> masks, Prunable p, NDArray keepUnits, NDManager m) {
        NDArray w = p.param().getArray();
        long[] shape = w.getShape().getShape();
        long[] bshape = new long[shape.length];
        java.util.Arrays.fill(bshape, 1);
        bshape[0] = shape[0];
        NDArray wm = keepUnits.reshape(bshape).broadcast(w.getShape()).toType(DataType.FLOAT32, true);
        wm.attach(m);
        masks.put(p.weight(), wm);
        for (String u : p.unitParams()) {
            NDArray um = keepUnits.toType(DataType.FLOAT32, true);
            um.attach(m);
            masks.put(u, um);
        }
    }
}
