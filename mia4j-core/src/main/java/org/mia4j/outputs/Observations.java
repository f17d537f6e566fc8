package org.mia4j.outputs;

import java.util.Map;
import org.mia4j.Mia4jException;

/**
 * The attacker's view of a model's answers: posteriors, labels, probe features and population posteriors, without
 * membership (so scoring cannot cheat).
 */
public record Observations(String model, float[] posteriors, int numClasses, int[] labels,
        Map<String, float[]> probes, float[] population, RecordInputs inputs) {

    public Observations(String model, float[] posteriors, int numClasses, int[] labels) {
        this(model, posteriors, numClasses, labels, Map.of(), new float[0], null);
    }

    public Observations(String model, float[] posteriors, int numClasses, int[] labels, Map<String, float[]> probes,
            float[] population) {
        this(model, posteriors, numClasses, labels, probes, population, null);
    }

    public int size() {
        return labels.length;
    }

    public float p(int i, int k) {
        return posteriors[i * numClasses + k];
    }

    /** A probe's values, {@code width} per record; a clear error when the audit did not compute it. */
    public float[] probe(String name) {
        float[] v = probes.get(name);
        if (v == null) {
            throw new Mia4jException(model + ": the attack needs the '" + name + "' probe, which was not computed");
        }
        return v;
    }
}
