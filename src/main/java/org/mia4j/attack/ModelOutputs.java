package org.mia4j.attack;

import java.util.List;
import org.mia4j.Mia4jException;

/**
 * What an attack sees of a model: the posterior vector and the true label of each queried record, plus whether the
 * record was a member of the model's training set (known for shadows; ground truth for evaluating on the target).
 */
public record ModelOutputs(String model, float[] posteriors, int numClasses, int[] labels, boolean[] members) {

    /** Tolerance for rows that should sum to 1 (float32 softmax). */
    static final double SUM_TOLERANCE = 1e-3;

    public ModelOutputs {
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
            double sum = 0;
            for (int k = 0; k < numClasses; k++) {
                float v = posteriors[i * numClasses + k];
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

    /** What the attacker may use when scoring: the same records without the membership column. */
    public Observations observations() {
        return new Observations(model, posteriors, numClasses, labels);
    }

    /** The shadow models' outputs pooled into one training set for the attack (Yuan &amp; Zhang pool them). */
    public static ModelOutputs concat(String name, List<ModelOutputs> parts) {
        int c = parts.get(0).numClasses;
        int n = 0;
        for (ModelOutputs o : parts) {
            if (o.numClasses != c) {
                throw new Mia4jException("cannot pool " + o.model + " (" + o.numClasses + " classes) with "
                        + parts.get(0).model + " (" + c + " classes)");
            }
            n += o.size();
        }
        float[] p = new float[n * c];
        int[] y = new int[n];
        boolean[] m = new boolean[n];
        int at = 0;
        for (ModelOutputs o : parts) {
            System.arraycopy(o.posteriors, 0, p, at * c, o.posteriors.length);
            System.arraycopy(o.labels, 0, y, at, o.size());
            System.arraycopy(o.members, 0, m, at, o.size());
            at += o.size();
        }
        return new ModelOutputs(name, p, c, y, m);
    }
}
