package org.mia4j.prune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mia4j.Mia4jException;
import org.mia4j.model.Network;
import org.mia4j.model.ParamSet;

/**
 * Magnitude pruning (NNI's LevelPruner, as Yuan &amp; Zhang used): zero the fraction {@code sparsity} of weights
 * with the smallest |w|, in every Linear/Conv weight. Per layer (their default) or ranked globally. Exactly
 * round(s * n) weights are removed: ranks come from an argsort, so ties at the threshold cannot over-prune.
 */
public final class L1UnstructuredPruner implements Pruner {

    /** Whether sparsity is reached in each layer or over all prunable weights together. */
    public enum Scope {
        LAYER, GLOBAL;

        public static Scope of(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new Mia4jException("unknown pruning scope '" + s + "'; expected layer or global");
            }
        }
    }

    private final double sparsity;
    private final Scope scope;

    public L1UnstructuredPruner(double sparsity, Scope scope) {
        if (!(sparsity >= 0 && sparsity < 1)) {
            throw new Mia4jException("--sparsity must be in [0, 1), got " + sparsity);
        }
        this.sparsity = sparsity;
        this.scope = scope;
    }

    /** Linear and convolution weights: the parameters the papers prune (biases and norms are kept). */
    static boolean prunable(String name, Parameter p) {
        return p.getType() == Parameter.Type.WEIGHT && p.getArray().getShape().dimension() >= 2;
    }

    @Override
    public String name() {
        return "l1-unstructured" + (scope == Scope.GLOBAL ? "-global" : "") + "@" + format(sparsity);
    }

    static String format(double s) {
        String t = String.format(Locale.ROOT, "%.4f", s).replaceAll("0+$", "");
        return t.endsWith(".") ? t + "0" : t;
    }

    @Override
    public Mask prune(Network net) {
        List<Pair<String, Parameter>> params = new ArrayList<>();
        for (Pair<String, Parameter> p : net.block().getParameters()) {
            if (prunable(p.getKey(), p.getValue())) {
                params.add(p);
            }
        }
        if (params.isEmpty()) {
            throw new Mia4jException("the " + net.architecture().cliName() + " model has no Linear or Conv weights "
                    + "to prune");
        }
        NDManager m = net.manager().newSubManager();
        Map<String, NDArray> masks = new LinkedHashMap<>();
        if (scope == Scope.LAYER) {
            for (Pair<String, Parameter> p : params) {
                NDArray w = p.getValue().getArray();
                NDArray keep = keepMask(w.abs().flatten(), sparsity).reshape(w.getShape());
                keep.attach(m);
                masks.put(p.getKey(), keep);
            }
        } else {
            try (NDManager tmp = net.manager().newSubManager()) {
                NDList flat = new NDList();
                for (Pair<String, Parameter> p : params) {
                    NDArray a = p.getValue().getArray().abs().flatten();
                    a.attach(tmp);
                    flat.add(a);
                }
                NDArray keepAll = keepMask(NDArrays.concat(flat), sparsity);
                keepAll.attach(tmp);
                long offset = 0;
                for (Pair<String, Parameter> p : params) {
                    NDArray w = p.getValue().getArray();
                    NDArray keep = keepAll.get(new NDIndex(offset + ":" + (offset + w.size())))
                            .reshape(w.getShape());
                    keep.attach(m);
                    masks.put(p.getKey(), keep);
                    offset += w.size();
                }
            }
        }
        Mask mask = new Mask(net, new ParamSet(m, masks));
        mask.apply();
        return mask;
    }

    /** 1 for the entries to keep: those whose rank by magnitude is at least round(s * n). */
    private static NDArray keepMask(NDArray magnitudes, double s) {
        long k = Math.round(s * magnitudes.size());
        NDArray rank = magnitudes.argSort().argSort();
        return rank.gte(k).toType(magnitudes.getDataType(), false);
    }
}
