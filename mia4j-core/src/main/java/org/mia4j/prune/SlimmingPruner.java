package org.mia4j.prune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mia4j.Mia4jException;
import org.mia4j.model.Network;
import org.mia4j.model.ParamSet;
import org.mia4j.model.Variant;

/**
 * Network slimming (Liu et al. 2017): channels ranked globally by |gamma| of their BatchNorm; the fraction
 * {@code sparsity} with the smallest are removed (gamma, beta and the producing conv filter held at zero). We rank
 * the trained network's gammas post hoc; the original method also trains with an L1 penalty on gamma.
 */
public final class SlimmingPruner implements Pruner {
    private final double sparsity;

    public SlimmingPruner(double sparsity) {
        this.sparsity = PrunerRegistry.checkSparsity(sparsity);
    }

    @Override
    public Variant variant() {
        return Variant.pruning("slimming", sparsity);
    }

    @Override
    public void validate(Network net) {
        boolean bn = false;
        for (var p : net.block().getParameters()) {
            bn |= p.getValue().getType() == Parameter.Type.GAMMA;
        }
        if (!bn) {
            throw new Mia4jException("slimming needs BatchNorm layers, and the " + net.architecture().cliName()
                    + " model has none; use --arch small-cnn-bn or resnet18, or another pruner");
        }
    }

    @Override
    public Mask prune(Network net, PruningContext ctx) {
        validate(net);
        List<Prunable> withBn = new ArrayList<>();
        List<String> gammas = new ArrayList<>();
        Map<String, Parameter> params = new LinkedHashMap<>();
        net.block().getParameters().forEach(p -> params.put(p.getKey(), p.getValue()));
        for (Prunable p : Prunable.of(net)) {
            for (String u : p.unitParams()) {
                if (params.get(u).getType() == Parameter.Type.GAMMA) {
                    withBn.add(p);
                    gammas.add(u);
                }
            }
        }
        if (withBn.isEmpty()) {
            throw new Mia4jException("slimming needs BatchNorm layers, and the " + net.architecture().cliName()
                    + " model has none; use --arch small-cnn-bn or resnet18, or another pruner");
        }
        NDManager m = net.manager().newSubManager();
        Map<String, NDArray> masks = new LinkedHashMap<>();
        try (NDManager tmp = net.manager().newSubManager()) {
            NDList all = new NDList();
            for (String g : gammas) {
                NDArray a = params.get(g).getArray().abs();
                a.attach(tmp);
                all.add(a);
            }
            NDArray keepAll = UnstructuredPruner.keepMask(NDArrays.concat(all), sparsity);
            keepAll.attach(tmp);
            long offset = 0;
            for (int i = 0; i < withBn.size(); i++) {
                long n = params.get(gammas.get(i)).getArray().size();
                StructuredPruner.putUnitMask(masks, withBn.get(i), keepAll.get(new NDIndex(offset + ":"
                        + (offset + n))), m);
                offset += n;
            }
        }
        Mask mask = new Mask(net, new ParamSet(m, masks));
        mask.apply();
        return mask;
    }
}
