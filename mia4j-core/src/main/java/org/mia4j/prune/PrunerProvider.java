package org.mia4j.prune;

import java.util.List;
import java.util.Optional;

/**
 * Makes prunings and compressions by name: the way each, built-in or plug-in, joins mia4j. Found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/org.mia4j.prune.PrunerProvider}; plug-in jars with
 * {@code --plugins}), as {@link org.mia4j.attack.AttackProvider} finds attacks. What a transform is (a pruning or a
 * compression), whether it fine-tunes and what its format stores, it says itself ({@link Pruner}).
 */
public interface PrunerProvider {

    /** The names it takes, as {@code --pruners} lists them ({@code cluster-<K>} for a family). */
    List<String> names();

    /**
     * The transform {@code name} stands for at {@code sparsity} (a compression ignores it) with {@code rounds}
     * (iterative pruners), or empty when the name is none of its; a name of its family with a bad value fails.
     */
    Optional<Pruner> create(String name, double sparsity, int rounds);
}
