package org.mia4j.prune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mia4j.Mia4jException;
import org.mia4j.model.Network;
import org.mia4j.model.ParamSet;

/**
 * Removes the individual weights with the lowest importance, in every Linear/Conv weight: per layer (NNI's
 * LevelPruner) or ranked globally. Exactly round(s * n) weights go: ranks come from an argsort, so ties at the
 * threshold cannot over-prune.
 */
public abstract class UnstructuredPruner implements Pruner {
    private final double sparsity;
    private final boolean global;

    protected UnstructuredPruner(double sparsity, boolean global) {
        this.sparsity = PrunerRegistry.checkSparsity(sparsity);
        this.global = global;
    }

    /** Importance of each weight of {@code layers} (same shapes), owned by {@code m}. */
    protected abstract Map<String, NDArray> importance(Network net, List<Prunable> layers, PruningContext ctx,
            NDManager m);

    protected double sparsity() {
        return sparsity;
    }

    protected boolean global() {
        return global;
    }

    @Override
    public Mask prune(Network net, PruningContext ctx) {
        List<Prunable> layers = Prunable.of(net);
        if (layers.isEmpty()) {
            throw new Mia4jException("the " + net.architecture().cliName() + " model has no Linear or Conv weights "
                    + "to prune");
        }
        NDManager m = net.manager().newSubManager();
        Map<String, NDArray> masks = new LinkedHashMap<>();
        try (NDManager tmp = net.manager().newSubManager()) {
            Map<String, NDArray> scores = importance(net, layers, ctx, tmp);
            if (!global) {
                for (Prunable p : layers) {
                    NDArray s = scores.get(p.weight());
                    NDArray keep = keepMask(s.flatten(), sparsity).reshape(s.getShape());
                    keep.attach(m);
                    masks.put(p.weight(), keep);
                }
            } else {
                NDList flat = new NDList();
                layers.forEach(p -> flat.add(scores.get(p.weight()).flatten()));
                NDArray keepAll = keepMask(NDArrays.concat(flat), sparsity);
                long offset = 0;
                for (Prunable p : layers) {
                    NDArray w = p.param().getArray();
                    NDArray keep = keepAll.get(new NDIndex(offset + ":" + (offset + w.size()))).reshape(w.getShape());
                    keep.attach(m);
                    masks.put(p.weight(), keep);
                    offset += w.size();
                }
            }
        }
        Mask mask = new Mask(net, new ParamSet(m, masks));
        mask.apply();
        return mask;
    }

    /** 1 for the entries to keep: those whose rank by importance is at least round(s * n). */
    static NDArray keepMask(NDArray importance, double s) {
        long k = Math.round(s * importance.size());
        NDArray rank = importance.argSort().argSort();
        return rank.gte(k).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
    }
}
