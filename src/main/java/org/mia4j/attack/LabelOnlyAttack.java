package org.mia4j.attack;

import java.util.Set;

/**
 * Label-only attack (Choquette-Choo et al. 2021, noise robustness): members keep their correct label under more
 * input noise. One global threshold, fitted on shadows, on the share of noisy queries still labelled correctly.
 */
public final class LabelOnlyAttack extends ThresholdAttack {
    public LabelOnlyAttack() {
        super(false);
    }

    @Override
    public String name() {
        return "label-only";
    }

    @Override
    public String description() {
        return "global threshold on the share of Gaussian-noised queries still labelled correctly (labels only)";
    }

    @Override
    public Set<String> probes() {
        return Set.of(LabelNoiseProbe.NAME);
    }

    @Override
    protected double[] scores(Observations o) {
        float[] v = o.probe(LabelNoiseProbe.NAME);
        double[] s = new double[o.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = v[i];
        }
        return s;
    }
}
