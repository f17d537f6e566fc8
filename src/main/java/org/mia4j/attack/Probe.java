package org.mia4j.attack;

import org.mia4j.model.Network;

/**
 * A per-record feature obtained by querying a model beyond one forward pass (perturbed inputs). Computed the same
 * way on shadows and target so an attack can learn from it on shadows and apply it to the target.
 */
public interface Probe {

    /** Key under which the values are stored in {@link ModelOutputs#probes()}. */
    String name();

    /** Values for {@code n} records (features row-major, true labels), {@code width} per record. */
    float[] compute(Network net, float[] features, int[] labels, int n, long seed);
}
