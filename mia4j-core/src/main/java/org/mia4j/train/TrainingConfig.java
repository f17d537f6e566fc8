package org.mia4j.train;

import org.mia4j.Defaults;
import org.mia4j.Mia4jException;

/**
 * A training recipe (Yuan &amp; Zhang's defaults: Adam lr 1e-3, weight decay 5e-4, batch 128). Training keeps the
 * weights with the best dev-set accuracy and stops after {@code patience} epochs without improvement.
 */
public record TrainingConfig(int epochs, int batchSize, double learningRate, double weightDecay, int patience,
        boolean cosine) {

    public static final TrainingConfig DEFAULT = new TrainingConfig(Defaults.EPOCHS,
            Defaults.BATCH_SIZE, Defaults.LEARNING_RATE, Defaults.WEIGHT_DECAY,
            Defaults.PATIENCE);

    /** A constant learning rate. */
    public TrainingConfig(int epochs, int batchSize, double learningRate, double weightDecay, int patience) {
        this(epochs, batchSize, learningRate, weightDecay, patience, false);
    }

    public TrainingConfig {
        if (epochs < 1) {
            throw new Mia4jException("epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new Mia4jException("batch size must be >= 1, got " + batchSize);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new Mia4jException("learning rate must be a positive number, got " + learningRate);
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new Mia4jException("weight decay must be >= 0, got " + weightDecay);
        }
        if (patience < 1) {
            throw new Mia4jException("patience must be >= 1, got " + patience);
        }
    }

    public TrainingConfig withEpochs(int e) {
        return new TrainingConfig(e, batchSize, learningRate, weightDecay, patience, cosine);
    }

    /** The learning rate restarted at its initial value and annealed to 0 over the epochs (cosine). */
    public TrainingConfig withCosine() {
        return new TrainingConfig(epochs, batchSize, learningRate, weightDecay, patience, true);
    }
}
