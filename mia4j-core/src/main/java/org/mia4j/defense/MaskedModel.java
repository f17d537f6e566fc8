package org.mia4j.defense;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.mia4j.model.Queryable;

/**
 * A model behind an output mask, as an adversary queries it: every answer passes through the mask. Its "logits" are
 * the log of what it releases (a softmax gives the released rows back; a label-only answer keeps its argmax).
 */
public final class MaskedModel implements Queryable {
    /** log(0) stand-in, as for given models that return posteriors. */
    private static final float TINY = 1e-30f;
    private final Queryable model;
    private final OutputMask mask;

    public MaskedModel(Queryable model, OutputMask mask) {
        this.model = model;
        this.mask = mask;
    }

    public OutputMask mask() {
        return mask;
    }

    @Override
    public NDManager manager() {
        return model.manager();
    }

    @Override
    public int[] recordShape() {
        return model.recordShape();
    }

    @Override
    public int numClasses() {
        return model.numClasses();
    }

    @Override
    public NDArray logits(NDManager m, NDArray x) {
        return mask.release(model.logits(m, x).softmax(1)).clip(TINY, 1f).log();
    }
}
