package org.mia4j.prune;

import org.mia4j.model.Network;

/** A pruning method: decides which weights of a trained network to remove, zeroes them and returns the mask. */
public interface Pruner {

    /** Name used on the command line and in results, e.g. {@code l1-unstructured@0.7}. */
    String name();

    /**
     * Zeroes the chosen weights of {@code net} and returns the mask that keeps them at zero while fine-tuning.
     * {@code ctx} gives data-driven pruners (Taylor) the training data and iterative pruning its fine-tuning.
     */
    Mask prune(Network net, PruningContext ctx);

    /** Fails with a clear error if this pruner cannot apply to {@code net}'s architecture (checked before training). */
    default void validate(Network net) {}

    /** Whether the adversary's shadow and reference models get the same treatment (pruning: yes). */
    default boolean appliedByAdversary() {
        return true;
    }

    /** The fine-tuning recipe after this transform, from the audit's. */
    default org.mia4j.train.TrainingConfig fineTuning(org.mia4j.train.TrainingConfig base) {
        return base;
    }
}
