package org.mia4j.prune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mia4j.Mia4jException;
import org.mia4j.model.Network;
import org.mia4j.model.Variant;

/** Magnitude pruning (NNI's LevelPruner, as Yuan &amp; Zhang used): importance |w|. */
public final class L1UnstructuredPruner extends UnstructuredPruner {

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

    public L1UnstructuredPruner(double sparsity, Scope scope) {
        super(sparsity, scope == Scope.GLOBAL);
    }

    @Override
    public Variant variant() {
        return Variant.pruning("l1-unstructured" + (global() ? "-global" : ""), sparsity());
    }

    @Override
    protected Map<String, NDArray> importance(Network net, List<Prunable> layers, PruningContext ctx,
            NDManager m) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Prunable p : layers) {
            NDArray a = p.param().getArray().abs();
            a.attach(m);
            out.put(p.weight(), a);
        }
        return out;
    }
}
