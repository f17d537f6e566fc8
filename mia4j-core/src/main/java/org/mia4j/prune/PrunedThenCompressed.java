package org.mia4j.prune;

import org.mia4j.model.Network;
import org.mia4j.model.Variant;

/**
 * A pruning followed, after its fine-tuning, by a compression ({@code l1-unstructured@0.7+quantize-int8}), as a
 * deployment pipeline would: the pruned weights stay zero (the mask is applied again after the compression, which
 * quantization keeps anyway and clustering would not).
 */
public final class PrunedThenCompressed implements Pruner {
    private final Pruner pruning;
    private final Pruner compression;

    public PrunedThenCompressed(Pruner pruning, Pruner compression) {
        this.pruning = pruning;
        this.compression = compression;
    }

    @Override
    public Variant variant() {
        return pruning.variant().withCompression(compression.variant().method());
    }

    @Override
    public Mask prune(Network net, PruningContext ctx) {
        return pruning.prune(net, ctx);
    }

    @Override
    public void afterFineTuning(Network net, Mask mask) {
        compression.prune(net, PruningContext.none()).close();
        mask.apply();
    }

    @Override
    public Double storageReduction(Network net, boolean afterPruning) {
        return compression.storageReduction(net, true);
    }

    @Override
    public void validate(Network net) {
        pruning.validate(net);
    }

    @Override
    public boolean readsTrainingData() {
        return pruning.readsTrainingData();
    }
}
