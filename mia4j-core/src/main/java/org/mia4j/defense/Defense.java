package org.mia4j.defense;

import org.mia4j.train.Objective;

/**
 * A training-time defense against membership inference: the objective a model is trained or fine-tuned with
 * instead of plain cross-entropy. Critical-weight treatments ({@link Cwrf}) change which weights may move;
 * a defense changes what they are moved towards, and the two combine ({@link Defended}).
 */
public interface Defense extends Objective {

    /**
     * Whether the method trains a model from scratch (RelaxLoss, label smoothing); if not, it is a fine-tuning
     * defense (Yuan &amp; Zhang's KL defense runs during pruning's fine-tuning only).
     */
    boolean trainsFromScratch();

    /** The defense itself, without the name a strength spec gave it. */
    default Defense base() {
        return this;
    }
}
