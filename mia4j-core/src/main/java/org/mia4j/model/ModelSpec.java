package org.mia4j.model;

import ai.djl.nn.Block;

/**
 * Something that builds a DJL block for records of a given shape: the target architectures ({@link Architecture})
 * and the attack models (attack MLP, SAMIA) alike, so both train with the same trainer.
 */
public interface ModelSpec {

    /** Name on the command line and in checkpoints. */
    String cliName();

    Block build(int[] recordShape, int numClasses);

    /**
     * Records per forward pass when evaluating. DJL keeps every intermediate array of a batch alive until the
     * batch's manager closes, so a deep model's batch costs its whole activation graph at once.
     */
    default int evalBatch() {
        return 1024;
    }
}
