package org.mia4j.attack;

import org.mia4j.outputs.Observations;

/**
 * The prediction entropy -sum p_i log p_i with a per-class threshold: what Yuan &amp; Zhang's code runs under the
 * name "Xent" (low entropy = member).
 */
public final class EntropyAttack extends ThresholdAttack {
    public EntropyAttack() {
        super(true);
    }

    @Override
    public String name() {
        return "entropy";
    }

    @Override
    public String description() {
        return "per-class threshold on the prediction entropy (what the paper's code runs as Xent)";
    }

    @Override
    protected double[] scores(Observations o) {
        int c = o.numClasses();
        float[] p = o.posteriors();
        return perRecord(o.size(), i -> {
            double negH = 0; // -H = sum_k p_k log p_k
            for (int k = i * c; k < i * c + c; k++) {
                negH += p[k] * log(p[k]);
            }
            return negH;
        });
    }
}
