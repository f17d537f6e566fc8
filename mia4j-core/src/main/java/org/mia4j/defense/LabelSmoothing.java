package org.mia4j.defense;

import org.mia4j.InvalidSetting;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mia4j.Mia4jException;

/**
 * Label smoothing (Szegedy et al. 2016), one of Fang &amp; Kim's baseline defenses: cross-entropy against
 * (1 − eps)·one-hot + eps/C, which caps how confident the model is rewarded for being on its training records.
 */
public final class LabelSmoothing implements Defense {
    private final double eps;

    public LabelSmoothing(double eps) {
        if (!(eps > 0 && eps < 1)) {
            throw new InvalidSetting("smoothing", "must be in (0, 1), got " + eps);
        }
        this.eps = eps;
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
}
