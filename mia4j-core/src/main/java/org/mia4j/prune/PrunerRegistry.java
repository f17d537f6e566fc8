package org.mia4j.prune;

import java.util.List;
import java.util.Optional;
import org.mia4j.InvalidSetting;
import org.mia4j.Mia4jException;
import org.mia4j.Plugins;
import org.mia4j.model.Variant;

/**
 * Prunings and compressions by command-line name: what every {@link PrunerProvider} found (built-in or plug-in)
 * makes, and {@code PRUNING+COMPRESSION}, a pruning followed, after its fine-tuning, by a compression.
 */
public final class PrunerRegistry {

    private PrunerRegistry() {}

    /** The names the providers take, as {@code --pruners} lists them. */
    public static List<String> names() {
        return Plugins.providers(PrunerProvider.class).stream().flatMap(p -> p.names().stream()).toList();
    }

    /**
     * A pruner by name at a sparsity (ignored by compressions); {@code rounds} is used by {@code iterative-NAME};
     * {@code PRUNER+COMPRESSION} prunes, fine-tunes, then compresses.
     */
    public static Pruner create(String name, double sparsity, int rounds) {
        int plus = name.indexOf('+');
        if (plus > 0) {
            Pruner first = create(name.substring(0, plus), sparsity, rounds);
            Pruner then = create(name.substring(plus + 1), 0, 1);
            if (first.kind() != Variant.Kind.PRUNING || then.kind() != Variant.Kind.COMPRESSION) {
                throw new Mia4jException("pruner '" + name + "': a combination is PRUNER+COMPRESSION, e.g. "
                        + "l1-unstructured+quantize-int8 (the sparsity comes from --sparsity)");
            }
            return new PrunedThenCompressed(first, then);
        }
        for (PrunerProvider p : Plugins.providers(PrunerProvider.class)) {
            Optional<Pruner> made = p.create(name, sparsity, rounds);
            if (made.isPresent()) {
                return made.get();
            }
        }
        throw new Mia4jException("unknown pruner '" + name + "'; expected one of " + names());
    }

    /** The whole number {@code text} of the name {@code name} of a family ({@code expected} says its form). */
    static int whole(String name, String text, String expected) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new Mia4jException("unknown pruner '" + name + "'; expected " + expected);
        }
    }

    static double checkSparsity(double s) {
        if (!(s >= 0 && s < 1)) {
            throw new InvalidSetting("sparsity", "must be in [0, 1), got " + s);
        }
        return s;
    }
}
