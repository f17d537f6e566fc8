package org.mia4j.attack;

import org.mia4j.outputs.Observations;

/** Conf (Song &amp; Mittal 2021; Yuan &amp; Zhang's "Conf"): per-class threshold on the true-class confidence p_y. */
public final class ConfAttack extends ThresholdAttack {
    public ConfAttack() {
        super(true);
    }

    @Override
    public String name() {
        return "conf";
    }

    @Override
    public String description() {
        return "per-class threshold on the true-class confidence p_y";
    }

    @Override
    protected double[] scores(Observations o) {
        return trueClassConfidence(o);
    }
}
