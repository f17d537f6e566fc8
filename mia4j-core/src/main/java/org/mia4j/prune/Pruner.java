package org.mia4j.prune;

import org.mia4j.model.Network;
import org.mia4j.model.Variant;

/** A pruning method: decides which weights of a trained network to remove, zeroes them and returns the mask. */
public interface Pruner {

    /** The variant this transform makes of the original model: its fields, and the label results show. */
    Variant variant();

    /** What it makes: a pruning (one variant per sparsity) or a compression (no sparsity: one variant). */
    default Variant.Kind kind() {
        return variant().kind();
    }

    /**
     * Whether the model is fine-tuned after it: a pruning with its mask held; a compression only if it says so
     * (cluster-K-ft fine-tunes its shared values).
     */
    default boolean fineTunes() {
        return kind() != Variant.Kind.COMPRESSION;
    }

    /**
     * What its storage format saves against fp32, measured on {@code net}: 1 - compressed bits / fp32 bits of all
     * parameters; null for a transform with no smaller format (a pruning's zeros are not counted: no sparse format).
     * {@code afterPruning}: the model was pruned before (its zeros may be one more value the format holds).
     */
    default Double storageReduction(Network net, boolean afterPruning) {
        return null;
    }

    /** Label used in results and folder names, e.g. {@code l1-unstructured@0.7}, rendered from the variant. */
    default String name() {
        return variant().label();
    }

    /**
     * Zeroes the chosen weights of {@code net} and returns the mask that keeps them at zero while fine-tuning.
     * {@code ctx} gives data-driven pruners (Taylor) the training data and iterative pruning its fine-tuning.
     */
    Mask prune(Network net, PruningContext ctx);

    /** Fails with a clear error if this pruner cannot apply to {@code net}'s architecture (checked before training). */
    default void validate(Network net) {}

    /** Whether this transform needs the model's privacy-vulnerability scores (critical-weight treatments). */
    default boolean readsCriticalScores() {
        return false;
    }

    /** Applied once fine-tuning is over, with its mask still held (a compression that follows a pruning). */
    default void afterFineTuning(Network net, Mask mask) {}

    /**
     * Whether choosing the weights reads the training data (gradients, or fine-tuning between rounds): then the
     * choice is not covered by a DP-SGD guarantee, unlike magnitude pruning, which only reads the weights.
     */
    default boolean readsTrainingData() {
        return false;
    }
}
