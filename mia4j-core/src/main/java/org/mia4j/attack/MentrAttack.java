package org.mia4j.attack;

import org.mia4j.outputs.Observations;

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
    protected double[] scores(Observations o) {
        int c = o.numClasses();
        float[] p = o.posteriors();
        int[] labels = o.labels();
        return perRecord(o.size(), i -> {
            int y = i * c + labels[i];
            double m = 0;
            for (int k = i * c; k < i * c + c; k++) {
                m += k == y ? (1 - p[k]) * log(p[k]) : p[k] * log(1 - p[k]);
            }
            return m; // = -Mentr
        });
    }
}
