package org.mia4j.prune;

import org.mia4j.InvalidSetting;

import java.util.List;
import org.mia4j.Mia4jException;

/** Command-line pruner names and their classes. */
public final class PrunerRegistry {
    public static final List<String> NAMES = List.of("l1-unstructured", "l1-unstructured-global", "l1-structured",
            "l2-structured", "slimming", "taylor", "iterative-<pruner>", "quantize-int8", "quantize-int4",
            "cluster-<K>", "cluster-<K>-ft");

    private PrunerRegistry() {}

    /** Whether {@code name} is a compression, which has no sparsity: one variant whatever the sparsities. */
    public static boolean isCompression(String name) {
        return name.startsWith("quantize-int") || name.startsWith("cluster-");
    }

    /**
     * A pruner by name at a sparsity (ignored by compressions); {@code rounds} is used by {@code iterative-NAME};
     * {@code PRUNER+COMPRESSION} prunes, fine-tunes, then compresses.
     */
    public static Pruner create(String name, double sparsity, int rounds) {
        int plus = name.indexOf('+');
        if (plus > 0) {
            String first = name.substring(0, plus);
            String then = name.substring(plus + 1);
            if (isCompression(first) || !isCompression(then)) {
                throw new Mia4jException("pruner '" + name + "': a combination is PRUNER+COMPRESSION, e.g. "
                        + "l1-unstructured+quantize-int8 (the sparsity comes from --sparsity)");
            }
            return new PrunedThenCompressed(create(first, sparsity, rounds), create(then, 0, 1));
        }
        if (isCompression(name)) {
            boolean ft = name.startsWith("cluster-") && name.endsWith("-ft");
            String n = name.substring(name.startsWith("cluster-") ? "cluster-".length() : "quantize-int".length(),
                    name.length() - (ft ? "-ft".length() : 0));
            int v;
            try {
                v = Integer.parseInt(n);
            } catch (NumberFormatException e) {
                throw new Mia4jException("unknown pruner '" + name + "'; expected quantize-intB, cluster-K or "
                        + "cluster-K-ft with whole numbers B and K");
            }
            return name.startsWith("cluster-") ? new WeightClustering(v, ft) : new Quantizer(v);
        }
        if (name.startsWith("iterative-")) {
            String baseName = name.substring("iterative-".length());
            create(baseName, sparsity, 1); // validates the base name
            return new IterativePruner(baseName, s -> create(baseName, s, 1), sparsity, rounds);
        }
        return switch (name) {
            case "l1-unstructured" -> new L1UnstructuredPruner(sparsity, L1UnstructuredPruner.Scope.LAYER);
            case "l1-unstructured-global" -> new L1UnstructuredPruner(sparsity, L1UnstructuredPruner.Scope.GLOBAL);
            case "l1-structured" -> new StructuredPruner(sparsity, 1);
            case "l2-structured" -> new StructuredPruner(sparsity, 2);
            case "slimming" -> new SlimmingPruner(sparsity);
            case "taylor" -> new TaylorPruner(sparsity);
            default -> throw new Mia4jException("unknown pruner '" + name + "'; expected one of " + NAMES);
        };
    }

    static double checkSparsity(double s) {
        if (!(s >= 0 && s < 1)) {
            throw new InvalidSetting("sparsity", "must be in [0, 1), got " + s);
        }
        return s;
    }

    static String format(double s) {
        return org.mia4j.model.Variant.format(s);
    }
}
