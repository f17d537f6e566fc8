package org.mia4j.defense;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mia4j.Defaults;
import org.mia4j.InvalidSetting;
import org.mia4j.train.TrainingConfig;

/**
 * DP-SGD's training recipe, its own rather than the non-private one's: noise favours fewer, larger steps and a
 * larger learning rate. Private phases run every epoch (no early stopping), so sigma buys exactly the steps taken.
 *
 * @param epochs epochs of the private training from theta0
 * @param finetuneEpochs epochs of each private fine-tuning (a pruning of the private model, or dp-sgd-finetune's)
 * @param batch the expected batch size: each record joins a step with probability batch / n (Poisson sampling)
 * @param learningRate Adam's learning rate
 * @param microBatch the most records one forward/backward pass holds; a larger sample is clipped and summed in
 *     micro-batches before the noise is added once (Opacus's virtual steps): memory only, the step is the same
 */
public record DpRecipe(int epochs, int finetuneEpochs, int batch, double learningRate, int microBatch) {

    public static final DpRecipe DEFAULT = new DpRecipe(Defaults.DP_EPOCHS, Defaults.DP_FINETUNE_EPOCHS,
            Defaults.DP_BATCH, Defaults.DP_LEARNING_RATE, Defaults.DP_MICRO_BATCH);

    public DpRecipe {
        if (epochs < 1) {
            throw new InvalidSetting("dp-epochs", "must be >= 1, got " + epochs);
        }
        if (finetuneEpochs < 1) {
            throw new InvalidSetting("dp-finetune-epochs", "must be >= 1, got " + finetuneEpochs);
        }
        if (batch < 1) {
            throw new InvalidSetting("dp-batch", "must be >= 1, got " + batch);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new InvalidSetting("dp-lr", "must be a positive number, got " + learningRate);
        }
        if (microBatch < 1) {
            throw new InvalidSetting("dp-micro-batch", "must be >= 1, got " + microBatch);
        }
    }

    /** The private training from theta0: every epoch runs (patience plays no part in private training). */
    public TrainingConfig training() {
        return new TrainingConfig(epochs, batch, learningRate, 0, 1);
    }

    /** A private fine-tuning. */
    public TrainingConfig fineTuning() {
        return new TrainingConfig(finetuneEpochs, batch, learningRate, 0, 1);
    }

    /** Settings recorded in cache keys and results. */
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("epochs", epochs);
        s.put("finetune_epochs", finetuneEpochs);
        s.put("batch", batch);
        s.put("learning_rate", learningRate);
        s.put("micro_batch", microBatch);
        return s;
    }
}
