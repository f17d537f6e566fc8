package org.mia4j.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import java.util.Random;
import org.mia4j.Progress;
import org.mia4j.data.Dataset;
import org.mia4j.data.Splits;
import org.mia4j.model.Network;
import org.mia4j.model.ParamSet;
import org.mia4j.privacy.RdpAccountant;

/**
 * Mini-batch training with Adam on cross-entropy (or another {@link Objective}), best-on-dev model selection and
 * early stopping; private training (DP-SGD) instead runs every epoch and keeps the last weights, so it takes exactly
 * the steps its noise was chosen for and reads the dev set for progress only. Seeded: the batch order comes from
 * {@code java.util.Random(seed)}, dropout from the engine seeded with the same value.
 */
public final class ModelTrainer {
    private final TrainingConfig config;
    private final Objective objective;
    private final DpSgd dp;

    public ModelTrainer(TrainingConfig config) {
        this(config, Objective.CROSS_ENTROPY);
    }

    /** Trains on {@code objective} instead of plain cross-entropy (a training-time defense). */
    public ModelTrainer(TrainingConfig config, Objective objective) {
        this(config, objective, null);
    }

    /** ... and, when {@code dp} is not null, with DP-SGD: Poisson-sampled batches, clipped and noised gradients. */
    public ModelTrainer(TrainingConfig config, Objective objective, DpSgd dp) {
        this.config = config;
        this.objective = objective;
        this.dp = dp;
    }

    public TrainingConfig config() {
        return config;
    }

    /**
     * Trains {@code net} on {@code train}, selecting on {@code dev}; {@code constraints} run around every step.
     * On return the network holds the best-on-dev weights (private training: the last weights).
     */
    public TrainingReport train(Network net, Dataset data, int[] train, int[] dev, List<StepConstraint> constraints,
            long seed, Progress.Task task) {
        long t0 = System.nanoTime();
        if (dp != null) {
            DpSgd.check(net.block(), net.architecture().cliName());
        }
        Engine.getInstance().setRandomSeed(Math.floorMod(seed, Integer.MAX_VALUE));
        Random order = new Random(seed);
        Loss loss = Loss.softmaxCrossEntropyLoss();
        int steps = config.epochs() * stepsPerEpoch(train.length);
        Tracker lr = config.cosine()
                ? Tracker.cosine().setBaseValue((float) config.learningRate()).optFinalValue(0f)
                        .setMaxUpdates(Math.max(steps, 1)).build()
                : Tracker.fixed((float) config.learningRate());
        Optimizer adam = Optimizer.adam()
                .optLearningRateTracker(lr)
                .optWeightDecays((float) config.weightDecay())
                .build();
        DefaultTrainingConfig tc = new DefaultTrainingConfig(loss).optOptimizer(adam)
                .optDevices(new Device[] {Device.cpu()});
        constraints.forEach(StepConstraint::afterStep);
        double best = -1;
        int bestEpoch = 0;
        int epoch = 0;
        double lastLoss = Double.NaN;
        ParamSet bestWeights = null;
        long[] stepsRun = {0};
        objective.start(net, data, train, dev, seed);
        try (Trainer trainer = net.model().newTrainer(tc)) {
            int sinceBest = 0;
            while (epoch < config.epochs() && (dp != null || sinceBest < config.patience())) {
                epoch++;
                lastLoss = epoch(net, trainer, epoch - 1, data, train, order, constraints, stepsRun,
                        new Batches(task, epoch, config.epochs(), stepsPerEpoch(train.length)));
                double acc = accuracy(net, data, dev);
                if (dp != null) { // no selection: the dev accuracy only reports progress
                    best = acc;
                    bestEpoch = epoch;
                } else if (acc > best) {
                    best = acc;
                    bestEpoch = epoch;
                    sinceBest = 0;
                    if (bestWeights != null) {
                        bestWeights.close();
                    }
                    bestWeights = net.snapshot();
                } else {
                    sinceBest++;
                }
                task.step();
                task.message(String.format(java.util.Locale.ROOT, "epoch %d/%d dev acc %.3f", epoch, config.epochs(),
                        acc));
            }
            task.step(config.epochs() - epoch);
        } finally {
            objective.finish();
            if (bestWeights != null) {
                net.restore(bestWeights, "best-on-dev weights");
                bestWeights.close();
            }
        }
        List<RdpAccountant.Phase> phases = dp == null ? List.of()
                : List.of(new RdpAccountant.Phase(dp.noiseMultiplier(), samplingRate(train.length), stepsRun[0]));
        return new TrainingReport(epoch, bestEpoch, best, lastLoss, (System.nanoTime() - t0) / 1e9, phases, steps,
                stepsRun[0]);
    }

    /** DP-SGD's sampling rate: the batch size over the training set. */
    private double samplingRate(int records) {
        return Math.min(1, config.batchSize() / (double) records);
    }

    /** DP-SGD's steps per epoch: one expected pass over the training set. */
    private int stepsPerEpoch(int records) {
        return (int) Math.ceil(records / (double) config.batchSize());
    }

    /** Says how far a long epoch is: a message every {@link #EVERY_NANOS}, so no epoch is silent for long. */
    private static final class Batches {
        static final long EVERY_NANOS = 5_000_000_000L;
        private final Progress.Task task;
        private final String epoch;
        private final int total;
        private long last = System.nanoTime();
        private int done;

        Batches(Progress.Task task, int epoch, int epochs, int total) {
            this.task = task;
            this.epoch = "epoch " + epoch + "/" + epochs + ": ";
            this.total = total;
        }

        void done() {
            done++;
            long now = System.nanoTime();
            if (now - last >= EVERY_NANOS) {
                task.message(epoch + done + "/" + total + " batches");
                last = now;
            }
        }
    }

    private double epoch(Network net, Trainer trainer, int epochIndex, Dataset data, int[] train, Random order,
            List<StepConstraint> constraints, long[] stepsRun, Batches batchesDone) {
        if (dp != null) {
            return privateEpoch(net, trainer, epochIndex, data, train, order, constraints, stepsRun, batchesDone);
        }
        int[] perm = Splits.permutation(train.length, order.nextLong());
        double sum = 0;
        int batches = 0;
        for (int start = 0; start < train.length; start += config.batchSize()) {
            int b = Math.min(config.batchSize(), train.length - start);
            int[] idx = new int[b];
            for (int i = 0; i < b; i++) {
                idx[i] = train[perm[start + i]];
            }
            objective.beforeBatch(idx);
            try (NDManager m = trainer.getManager().newSubManager()) {
                NDArray x = m.create(data.features(idx), Network.batchShape(b, data.recordShape()));
                NDArray y = m.create(data.labels(idx));
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                    NDArray l = objective.loss(logits, y, epochIndex);
                    sum += l.getFloat();
                    gc.backward(l);
                }
                constraints.forEach(StepConstraint::beforeStep);
                trainer.step();
                stepsRun[0]++;
                constraints.forEach(StepConstraint::afterStep);
            }
            batches++;
            batchesDone.done();
        }
        return sum / Math.max(batches, 1);
    }

    private double privateEpoch(Network net, Trainer trainer, int epochIndex, Dataset data, int[] train,
            Random order, List<StepConstraint> constraints, long[] stepsRun, Batches batchesDone) {
        double q = samplingRate(train.length);
        double expected = q * train.length;
        double sum = 0;
        int batches = 0;
        for (int step = 0; step < stepsPerEpoch(train.length); step++) {
            int[] idx = DpSgd.sample(train, q, order);
            try (NDManager m = trainer.getManager().newSubManager()) {
                NDArray x = m.create(data.features(idx), Network.batchShape(idx.length, data.recordShape()));
                NDArray y = m.create(data.labels(idx));
                double l = dp.privateGradient(trainer, (ai.djl.nn.SequentialBlock) net.block(), m, x, y, objective,
                        epochIndex, expected);
                if (!Double.isNaN(l)) {
                    sum += l;
                    batches++;
                }
                constraints.forEach(StepConstraint::beforeStep);
                trainer.step();
                stepsRun[0]++; // the accountant counts these: every step touched the data, empty sample or not
                constraints.forEach(StepConstraint::afterStep);
            }
            batchesDone.done();
        }
        return sum / Math.max(batches, 1);
    }

    /** Top-1 accuracy of {@code net} on the records {@code idx}. */
    public static double accuracy(Network net, Dataset data, int[] idx) {
        if (idx.length == 0) {
            return Double.NaN;
        }
        float[] p = net.posteriors(data.features(idx), idx.length);
        int c = net.numClasses();
        int correct = 0;
        for (int i = 0; i < idx.length; i++) {
            int arg = 0;
            for (int k = 1; k < c; k++) {
                if (p[i * c + k] > p[i * c + arg]) {
                    arg = k;
                }
            }
            if (arg == data.label(idx[i])) {
                correct++;
            }
        }
        return correct / (double) idx.length;
    }
}
