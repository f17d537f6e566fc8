package org.mia4j.prune;

import java.util.function.Consumer;
import org.mia4j.data.Dataset;

/**
 * What a pruner may use besides the weights: the model's training records (for importance scores) and a way to
 * fine-tune with a mask held (for iterative pruning's intermediate rounds).
 */
public record PruningContext(Dataset data, int[] train, int batchSize, long seed, Consumer<Mask> fineTune) {

    /** For pruners that need neither data nor fine-tuning. */
    public static PruningContext none() {
        return new PruningContext(null, new int[0], 128, 0, m -> {});
    }
}
