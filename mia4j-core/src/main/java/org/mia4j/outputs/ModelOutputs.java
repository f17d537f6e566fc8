package org.mia4j.outputs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mia4j.Mia4jException;

/**
 * What an attack sees of a model: the posterior vector and the true label of each queried record, plus whether the
 * record was a member of the model's training set (known for shadows; ground truth for evaluating on the target).
 * Optional extras: {@code probes} (per-record features from further queries, e.g. SAMIA's sensitivity) and
 * {@code population} (the model's posteriors on the attacker's population records, for RMIA).
 */
public record ModelOutputs(String model, float[] posteriors, int numClasses, int[] labels, boolean[] members,
        Map<String, float[]> probes, float[] population, RecordInputs inputs) {

    /** Tolerance for rows that should sum to 1 (float32 softmax). */
    static final double SUM_TOLERANCE = 1e-3;

    public ModelOutputs {
        probes = Map.copyOf(probes);
        if (numClasses < 2) {
            throw new Mia4jException(model + ": posteriors need at least 2 classes, got " + numClasses);
        }
        if (posteriors.length != (long) labels.length * numClasses || members.length != labels.length) {
            throw new Mia4jException(model + ": " + posteriors.length + " posterior values, " + labels.length
                    + " labels and " + members.length + " membership flags do not describe the same records");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new Mia4jException(model + " record " + i + ": label " + labels[i] + " outside 0.."
                        + (numClasses - 1));
            }
        }
        checkProbabilities(model, posteriors, numClasses);
        checkProbabilities(model + " (population)", population, numClasses);
        for (Map.Entry<String, float[]> e : probes.entrySet()) {
            if (labels.length > 0 && e.getValue().length % labels.length != 0) {
                throw new Mia4jException(model + ": probe '" + e.getKey() + "' has " + e.getValue().length
                        + " values, not a multiple of " + labels.length + " records");
            }
        }
    }

    public ModelOutputs(String model, float[] posteriors, int numClasses, int[] labels, boolean[] members) {
        this(model, posteriors, numClasses, labels, members, Map.of(), new float[0], null);
    }

    public ModelOutputs(String model, float[] posteriors, int numClasses, int[] labels, boolean[] members,
            Map<String, float[]> probes, float[] population) {
        this(model, posteriors, numClasses, labels, members, probes, population, null);
    }

    /** These outputs with the records' features (and the population's) for attacks that read them. */
    public ModelOutputs withInputs(RecordInputs in) {
        return new ModelOutputs(model, posteriors, numClasses, labels, members, probes, population, in);
    }

    /** Rejects NaN/Inf, negative values and rows that do not sum to 1, naming the record. */
    public static void checkProbabilities(String model, float[] p, int c) {
        for (int i = 0; i < p.length / c; i++) {
            double sum = 0;
            for (int k = 0; k < c; k++) {
                float v = p[i * c + k];
                if (!Float.isFinite(v) || v < 0) {
                    throw new Mia4jException(model + " record " + i + " class " + k + ": posterior " + v
                            + ", expected a finite probability in [0,1]");
                }
                sum += v;
            }
            if (Math.abs(sum - 1) > SUM_TOLERANCE) {
                throw new Mia4jException(model + " record " + i + ": posteriors sum to " + sum
                        + ", expected 1 (pass probabilities, not logits)");
            }
        }
    }

    public int size() {
        return labels.length;
    }

    /** Posterior of class {@code k} for record {@code i}. */
    public float p(int i, int k) {
        return posteriors[i * numClasses + k];
    }

    public ModelOutputs withProbe(String name, float[] values) {
        Map<String, float[]> m = new LinkedHashMap<>(probes);
        m.put(name, values);
        return new ModelOutputs(model, posteriors, numClasses, labels, members, m, population, inputs);
    }

    public ModelOutputs withPopulation(float[] populationPosteriors) {
        return new ModelOutputs(model, posteriors, numClasses, labels, members, probes, populationPosteriors, inputs);
    }

    /** What the attacker may use when scoring: the same records without the membership column. */
    public Observations observations() {
        return new Observations(model, posteriors, numClasses, labels, probes, population, inputs);
    }

    /** The shadow models' outputs pooled into one training set for the attack (Yuan &amp; Zhang pool them). */
    public static ModelOutputs concat(String name, List<ModelOutputs> parts) {
        ModelOutputs first = parts.get(0);
        int c = first.numClasses;
        int n = 0;
        for (ModelOutputs o : parts) {
            if (o.numClasses != c) {
                throw new Mia4jException("cannot pool " + o.model + " (" + o.numClasses + " classes) with "
                        + first.model + " (" + c + " classes)");
            }
            if (!o.probes.keySet().equals(first.probes.keySet())) {
                throw new Mia4jException("cannot pool " + o.model + " (probes " + o.probes.keySet() + ") with "
                        + first.model + " (probes " + first.probes.keySet() + ")");
            }
            n += o.size();
        }
        float[] p = new float[n * c];
        int[] y = new int[n];
        boolean[] m = new boolean[n];
        Map<String, float[]> probes = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : first.probes.entrySet()) {
            probes.put(e.getKey(), new float[n * (e.getValue().length / Math.max(first.size(), 1))]);
        }
        int at = 0;
        for (ModelOutputs o : parts) {
            System.arraycopy(o.posteriors, 0, p, at * c, o.posteriors.length);
            System.arraycopy(o.labels, 0, y, at, o.size());
            System.arraycopy(o.members, 0, m, at, o.size());
            for (Map.Entry<String, float[]> e : o.probes.entrySet()) {
                int w = e.getValue().length / Math.max(o.size(), 1);
                System.arraycopy(e.getValue(), 0, probes.get(e.getKey()), at * w, e.getValue().length);
            }
            at += o.size();
        }
        return new ModelOutputs(name, p, c, y, m, probes, new float[0]);
    }
}
