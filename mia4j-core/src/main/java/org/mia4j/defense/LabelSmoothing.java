package org.mia4j.defense;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mia4j.Mia4jException;
import org.mia4j.Setting;
import org.mia4j.Settings;

/**
 * Label smoothing (Szegedy et al. 2016), one of Fang &amp; Kim's baseline defenses: cross-entropy against
 * (1 − eps)·one-hot + eps/C, which caps how confident the model is rewarded for being on its training records.
 */
public final class LabelSmoothing implements Defense {
    public static final Setting<Double> EPSILON = Setting.real("smoothing", 0.1, "Label-smoothing epsilon.")
            .rule("in (0, 1)", e -> e > 0 && e < 1);
    private final double eps;

    public LabelSmoothing(double eps) {
        this.eps = EPSILON.check(eps);
    }

    @Override
    public String name() {
        return "label-smoothing";
    }

    @Override
    public boolean trainsFromScratch() {
        return true;
    }

    @Override
    public NDArray loss(NDArray logits, NDArray labels, int epoch) {
        int c = (int) logits.getShape().get(1);
        NDArray target = labels.oneHot(c).mul((float) (1 - eps)).add((float) (eps / c));
        return target.mul(logits.logSoftmax(1)).sum(new int[] {1}).neg().mean();
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name());
        m.put("eps", eps);
        return m;
    }

    /** Registers {@code label-smoothing}; {@code label-smoothing@E} sets its epsilon. */
    public static final class Provider implements DefenseProvider {
        @Override
        public java.util.List<String> names() {
            return java.util.List.of("label-smoothing");
        }

        @Override
        public java.util.List<Setting<?>> settings() {
            return java.util.List.of(EPSILON);
        }

        @Override
        public Settings withStrength(String name, String value, Settings s) {
            return s.with(EPSILON, Double.parseDouble(value));
        }

        @Override
        public Defense create(String name, DefenseContext c) {
            return new LabelSmoothing(c.get(EPSILON));
        }
    }
}
