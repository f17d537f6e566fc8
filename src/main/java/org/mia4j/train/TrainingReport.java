package org.mia4j.train;

/** What one training run did: epochs run, the epoch kept (best on dev), its dev accuracy, wall time. */
public record TrainingReport(int epochsRun, int bestEpoch, double bestDevAccuracy, double lastTrainLoss,
        double seconds) {}
