package org.mia4j.attack;

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
    protected double score(Observations o, int i) {
        double h = 0;
        for (int k = 0; k < o.numClasses(); k++) {
            double p = o.p(i, k);
            h -= p * log(p);
        }
        return -h;
    }
}
