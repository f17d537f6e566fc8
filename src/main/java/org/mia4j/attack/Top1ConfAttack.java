package org.mia4j.attack;

/** Top1-conf as the paper names it: one global threshold on the largest posterior max_i p_i (label not used). */
public final class Top1ConfAttack extends ThresholdAttack {
    public Top1ConfAttack() {
        super(false);
    }

    @Override
    public String name() {
        return "top1-conf";
    }

    @Override
    public String description() {
        return "one global threshold on the top posterior max_i p_i (the paper's name; label not used)";
    }

    @Override
    protected double score(Observations o, int i) {
        double m = 0;
        for (int k = 0; k < o.numClasses(); k++) {
            m = Math.max(m, o.p(i, k));
        }
        return m;
    }
}
