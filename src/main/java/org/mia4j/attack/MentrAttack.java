package org.mia4j.attack;

/**
 * Modified entropy (Song &amp; Mittal 2021): -(1-p_y) log p_y - sum_{i != y} p_i log(1 - p_i), per-class threshold;
 * unlike entropy it uses the label, so a confident wrong prediction scores as a non-member.
 */
public final class MentrAttack extends ThresholdAttack {
    public MentrAttack() {
        super(true);
    }

    @Override
    public String name() {
        return "mentr";
    }

    @Override
    public String description() {
        return "per-class threshold on the modified entropy (Song & Mittal 2021)";
    }

    @Override
    protected double score(Observations o, int i) {
        int y = o.labels()[i];
        double m = 0;
        for (int k = 0; k < o.numClasses(); k++) {
            double p = o.p(i, k);
            m -= k == y ? (1 - p) * log(p) : p * log(1 - p);
        }
        return -m;
    }
}
