package org.mia4j.attack;

import org.mia4j.outputs.Observations;

/** Xent as the paper names it: per-class threshold on the cross-entropy loss -log p_y (low loss = member). */
public final class XentAttack extends ThresholdAttack {
    public XentAttack() {
        super(true);
    }

    @Override
    public String name() {
        return "xent";
    }

    @Override
    public String description() {
        return "per-class threshold on the cross-entropy -log p_y (the paper's name)";
    }

    @Override
    protected double[] scores(Observations o) {
        double[] s = new double[o.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = log(o.p(i, o.labels()[i]));
        }
        return s;
    }
}
