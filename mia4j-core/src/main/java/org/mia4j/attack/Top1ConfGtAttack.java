package org.mia4j.attack;

import org.mia4j.outputs.Observations;

/** What Yuan &amp; Zhang's code runs as "top1_conf": one global threshold on the true-class confidence p_y. */
public final class Top1ConfGtAttack extends ThresholdAttack {
    public Top1ConfGtAttack() {
        super(false);
    }

    @Override
    public String name() {
        return "top1-conf-gt";
    }

    @Override
    public String description() {
        return "one global threshold on p_y (what the paper's code runs as Top1-conf)";
    }

    @Override
    protected double[] scores(Observations o) {
        return trueClassConfidence(o);
    }
}
