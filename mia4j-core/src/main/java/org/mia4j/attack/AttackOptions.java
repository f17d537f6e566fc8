package org.mia4j.attack;

import org.mia4j.InvalidSetting;

import org.mia4j.Defaults;
import org.mia4j.Mia4jException;
import org.mia4j.train.TrainingConfig;

/**
 * Settings of the attacks that have any. Recorded in the audit config.
 *
 * @param neural recipe of the NN attack MLPs
 * @param samia recipe of the SAMIA model (the paper: SGD lr 1e-3, 100 epochs; we train with Adam, see README)
 * @param samiaLayers Transformer encoder layers (paper: 3)
 * @param samiaHeads attention heads (paper: 4)
 * @param samiaM perturbations per record for the sensitivity (paper: 10)
 * @param samiaEps perturbation scale (paper: 1e-3)
 * @param samiaMaxRecords SAMIA trains on a seeded subsample of at most this many pooled shadow records (0 = all):
 *     its encoder costs ~0.15 s per batch of 128 on 2 CPU cores
 * @param labelQueries noisy queries per record of the label-only attack
 * @param labelNoise standard deviation of the label-only attack's Gaussian noise
 * @param rmiaGamma RMIA's threshold on LR(x)/LR(z)
 */
public record AttackOptions(TrainingConfig neural, TrainingConfig samia, int samiaLayers, int samiaHeads,
        int samiaM, double samiaEps, int samiaMaxRecords, int labelQueries, double labelNoise, double rmiaGamma) {

    public static AttackOptions defaults() {
        return new AttackOptions(TrainingConfig.DEFAULT.withEpochs(Defaults.ATTACK_EPOCHS),
                new TrainingConfig(Defaults.SAMIA_EPOCHS, Defaults.BATCH_SIZE, Defaults.LEARNING_RATE,
                        Defaults.WEIGHT_DECAY, Defaults.SAMIA_PATIENCE),
                Defaults.SAMIA_LAYERS, Defaults.SAMIA_HEADS, Defaults.SAMIA_M, Defaults.SAMIA_EPS,
                Defaults.SAMIA_MAX_RECORDS, Defaults.LABEL_QUERIES, Defaults.LABEL_NOISE, Defaults.RMIA_GAMMA);
    }

    public AttackOptions {
        if (samiaMaxRecords < 0) {
            throw new InvalidSetting("samia-max-records", "must be >= 0 (0 = all), got " + samiaMaxRecords);
        }
        if (samiaLayers < 1 || samiaHeads < 1 || 64 % samiaHeads != 0) {
            throw new Mia4jException("SAMIA needs >= 1 layer and a head count dividing 64; got " + samiaLayers
                    + " layers, " + samiaHeads + " heads");
        }
    }

    public AttackOptions withNeural(TrainingConfig recipe) {
        return new AttackOptions(recipe, samia, samiaLayers, samiaHeads, samiaM, samiaEps, samiaMaxRecords,
                labelQueries, labelNoise, rmiaGamma);
    }

    public AttackOptions withRmiaGamma(double gamma) {
        return new AttackOptions(neural, samia, samiaLayers, samiaHeads, samiaM, samiaEps, samiaMaxRecords,
                labelQueries, labelNoise, gamma);
    }
}
