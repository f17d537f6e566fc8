package org.mia4j.defense;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * The model releases only its predicted label (a one-hot row), the output restriction Shokri et al. (2017) propose
 * and the setting of label-only attacks (Choquette-Choo et al. 2021; Li &amp; Zhang 2021).
 */
public final class LabelsOnly implements OutputMask {

    @Override
    public String name() {
        return "labels-only";
    }

    @Override
    public boolean labelsOnly() {
        return true;
    }

    @Override
    public NDArray release(NDArray posteriors) {
        int c = (int) posteriors.getShape().get(1);
        return posteriors.argMax(1).oneHot(c).toType(posteriors.getDataType(), false);
    }

    @Override
    public Map<String, Object> settings() {
        return Map.of("name", name(), "releases", "the predicted label only");
    }
}
