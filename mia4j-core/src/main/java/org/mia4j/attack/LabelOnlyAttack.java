package org.mia4j.attack;

import java.util.List;
import org.mia4j.Setting;
import org.mia4j.outputs.Observations;

/**
 * Label-only attack (Choquette-Choo et al. 2021, noise robustness): members keep their correct label under more
 * input noise. One global threshold, fitted on shadows, on the share of noisy queries still labelled correctly.
 */
public final class LabelOnlyAttack extends ThresholdAttack {
    public static final Setting<Integer> QUERIES = Setting.integer("label-queries", 20, "Noisy queries per record of "
            + "the label-only attack.").positive();
    public static final Setting<Double> NOISE = Setting.real("label-noise", 0.1, "Noise standard deviation of the "
            + "label-only attack.").positive();
    private final LabelNoiseProbe probe;

    public LabelOnlyAttack(LabelNoiseProbe probe) {
        super(false);
        this.probe = probe;
    }

    @Override
    public String name() {
        return "label-only";
    }

    @Override
    public boolean labelsOnly() {
        return true;
    }

    @Override
    public String description() {
        return "global threshold on the share of Gaussian-noised queries still labelled correctly (labels only)";
    }

    @Override
    public java.util.List<Probe> probes() {
        return java.util.List.of(probe);
    }

    @Override
    public java.util.Map<String, Object> settings() {
        return java.util.Map.of("probe", probe.settings(), "threshold", "global, fitted on the shadows");
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

    /** Registers {@code label-only}. */
    public static final class Provider implements AttackProvider {
        @Override
        public List<String> names() {
            return List.of("label-only");
        }

        @Override
        public List<Setting<?>> settings() {
            return List.of(QUERIES, NOISE);
        }

        @Override
        public Attack create(String name, AttackContext c) {
            return new LabelOnlyAttack(new LabelNoiseProbe(c.get(QUERIES), c.get(NOISE)));
        }
    }
}
