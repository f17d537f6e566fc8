package org.mia4j.prune;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.mia4j.model.Network;

/**
 * The prunable layers of a network in parameter order: each Linear/Conv weight with the per-unit parameters that
 * follow it (its bias, the next BatchNorm's gamma and beta), which structured pruning removes together.
 */
record Prunable(String weight, Parameter param, List<String> unitParams, boolean last) {

    static boolean isWeight(Parameter p) {
        return p.getType() == Parameter.Type.WEIGHT && p.getArray().getShape().dimension() >= 2;
    }

    static List<Prunable> of(Network net) {
        List<Pair<String, Parameter>> ps = new ArrayList<>();
        net.block().getParameters().forEach(ps::add);
        List<Prunable> out = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            Parameter w = ps.get(i).getValue();
            if (!isWeight(w)) {
                continue;
            }
            long units = w.getArray().getShape().get(0);
            List<String> unit = new ArrayList<>();
            for (int j = i + 1; j < ps.size() && !isWeight(ps.get(j).getValue()); j++) {
                Parameter q = ps.get(j).getValue();
                boolean perUnit = q.getArray().getShape().dimension() == 1 && q.getArray().size() == units;
                if (perUnit && q.requiresGradient()) {
                    unit.add(ps.get(j).getKey());
                }
            }
            out.add(new Prunable(ps.get(i).getKey(), w, List.copyOf(unit), false));
        }
        if (!out.isEmpty()) {
            Prunable l = out.get(out.size() - 1);
            out.set(out.size() - 1, new Prunable(l.weight(), l.param(), l.unitParams(), true));
        }
        return List.copyOf(out);
    }
}
