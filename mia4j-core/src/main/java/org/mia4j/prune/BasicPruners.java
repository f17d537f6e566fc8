package org.mia4j.prune;

import java.util.List;
import java.util.Optional;

/** Registers the one-shot prunings: magnitude (unstructured and structured), network slimming and Taylor. */
public final class BasicPruners implements PrunerProvider {

    @Override
    public List<String> names() {
        return List.of("l1-unstructured", "l1-unstructured-global", "l1-structured", "l2-structured", "slimming",
                "taylor");
    }

    @Override
    public Optional<Pruner> create(String name, double sparsity, int rounds) {
        return Optional.ofNullable(switch (name) {
            case "l1-unstructured" -> new L1UnstructuredPruner(sparsity, L1UnstructuredPruner.Scope.LAYER);
            case "l1-unstructured-global" -> new L1UnstructuredPruner(sparsity, L1UnstructuredPruner.Scope.GLOBAL);
            case "l1-structured" -> new StructuredPruner(sparsity, 1);
            case "l2-structured" -> new StructuredPruner(sparsity, 2);
            case "slimming" -> new SlimmingPruner(sparsity);
            case "taylor" -> new TaylorPruner(sparsity);
            default -> null;
        });
    }
}
