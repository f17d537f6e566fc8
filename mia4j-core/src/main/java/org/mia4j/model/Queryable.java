package org.mia4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A model the adversary can query with inputs of its choosing (perturbed records): one trained here
 * ({@link Network}) or one given as TorchScript ({@link TorchScriptModel}).
 */
public interface Queryable {

    /** The manager batches are created under (callers open sub-managers of it). */
    NDManager manager();

    int[] recordShape();

    int numClasses();

    /** Logits (or log-posteriors) of a batch, in evaluation mode. */
    NDArray logits(NDManager m, NDArray x);
}
