package org.mia4j.train;

import java.util.List;
import org.mia4j.privacy.RdpAccountant;

/**
 * What one training run did: epochs run, the epoch kept (best on dev; the last for private training), its dev
 * accuracy, wall time, the optimiser steps planned (every epoch allowed) and run, and the private phases every step
 * that touched this model's training data ran in (empty when training was not private; a model fine-tuned privately
 * from a private model lists its base's phases first).
 */
public record TrainingReport(int epochsRun, int bestEpoch, double bestDevAccuracy, double lastTrainLoss,
        double seconds, List<RdpAccountant.Phase> privatePhases, long stepsPlanned, long stepsRun) {

    public TrainingReport {
        privatePhases = privatePhases == null ? List.of() : List.copyOf(privatePhases); // older checkpoints: none
    }

    public TrainingReport(int epochsRun, int bestEpoch, double bestDevAccuracy, double lastTrainLoss,
            double seconds) {
        this(epochsRun, bestEpoch, bestDevAccuracy, lastTrainLoss, seconds, List.of(), 0, 0);
    }

    /** This report with {@code earlier} phases (the base model's) before its own. */
    public TrainingReport after(List<RdpAccountant.Phase> earlier) {
        List<RdpAccountant.Phase> all = new java.util.ArrayList<>(earlier);
        all.addAll(privatePhases);
        return new TrainingReport(epochsRun, bestEpoch, bestDevAccuracy, lastTrainLoss, seconds, all, stepsPlanned,
                stepsRun);
    }
}
