package org.mia4j.prune;

import java.util.function.Consumer;
import org.mia4j.data.Dataset;

/**
 * What a pruner may use besides the weights: the model's training records (for importance scores) and a way to
 * fine-tune with a mask held (for iterative pruning's intermediate rounds).
 */
public record PruningContext(Dataset data, int[] train, int batchSize, long seed, Consumer<Mask> fineTune,
        int[] reference, java.util.Map<String, Object> shared) {

    public PruningContext(Dataset data, int[] train, int batchSize, long seed, Consumer<Mask> fineTune) {
        this(data, train, batchSize, seed, fineTune, new int[0], new java.util.HashMap<>());
    }

    /** For pruners that need neither data nor fine-tuning. */
    public static PruningContext none() {
        return new PruningContext(null, new int[0], 128, 0, m -> {});
    }
}
