package org.mia4j.attack;

import org.mia4j.outputs.Observations;

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
    protected double[] scores(Observations o) {
        int c = o.numClasses();
        float[] p = o.posteriors();
        double[] s = new double[o.size()];
        for (int i = 0; i < s.length; i++) {
            float m = 0;
            for (int k = i * c; k < i * c + c; k++) {
                m = Math.max(m, p[k]);
            }
            s[i] = m;
        }
        return s;
    }
}
