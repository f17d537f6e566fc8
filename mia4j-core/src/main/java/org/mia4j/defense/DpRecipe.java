package org.mia4j.defense;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import org.mia4j.Setting;
import org.mia4j.train.DpSgd;
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
    // chosen on dev accuracy by bench/dp-recipe (README, "DP-SGD's recipe")
    public static final Setting<Integer> EPOCHS = Setting.integer("dp-epochs", 200, "DP-SGD's epochs of private "
            + "training from the initial weights; every one runs (no early stopping: sigma pays for exactly these "
            + "steps).").quick(15).positive();
    public static final Setting<Integer> FINETUNE_EPOCHS = Setting.integer("dp-finetune-epochs", 5, "DP-SGD's "
            + "epochs of private fine-tuning after pruning.").quick(2).positive();
    public static final Setting<Integer> BATCH = Setting.integer("dp-batch", 256, "DP-SGD's expected batch size: "
            + "each training record joins a step with probability batch/n (Poisson sampling).").positive();
    public static final Setting<Double> LEARNING_RATE = Setting.real("dp-lr", 3e-3, "DP-SGD's Adam learning rate.")
            .positive();
    public static final Setting<Integer> MICRO_BATCH = Setting.integer("dp-micro-batch", DpSgd.DEFAULT_MICRO_BATCH,
            "DP-SGD: the most records one forward/backward pass holds; a larger sample is clipped and summed in "
            + "micro-batches, noised once (memory only).").positive();
    /** Its settings, in the order {@code --help} lists them. */
    public static final List<Setting<?>> SETTINGS = List.of(EPOCHS, FINETUNE_EPOCHS, BATCH, LEARNING_RATE,
            MICRO_BATCH);

    public static final DpRecipe DEFAULT = new DpRecipe(EPOCHS.defaultValue(), FINETUNE_EPOCHS.defaultValue(),
            BATCH.defaultValue(), LEARNING_RATE.defaultValue(), MICRO_BATCH.defaultValue());

    public DpRecipe {
        EPOCHS.check(epochs);
        FINETUNE_EPOCHS.check(finetuneEpochs);
        BATCH.check(batch);
        LEARNING_RATE.check(learningRate);
        MICRO_BATCH.check(microBatch);
    }

    /** The recipe the settings give. */
    public static DpRecipe of(DefenseContext c) {
        return new DpRecipe(c.get(EPOCHS), c.get(FINETUNE_EPOCHS), c.get(BATCH), c.get(LEARNING_RATE),
                c.get(MICRO_BATCH));
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
