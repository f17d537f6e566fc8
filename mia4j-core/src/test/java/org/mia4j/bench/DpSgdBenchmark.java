package org.mia4j.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mia4j.Progress;
import org.mia4j.data.ArrayDataset;
import org.mia4j.data.Dataset;
import org.mia4j.data.LocationLoader;
import org.mia4j.defense.DpRecipe;
import org.mia4j.model.Architecture;
import org.mia4j.model.Network;
import org.mia4j.train.DpSgd;
import org.mia4j.train.ModelTrainer;
import org.mia4j.train.Objective;
import org.mia4j.train.TrainingConfig;
import org.mia4j.train.TrainingReport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 12's target: a DP-SGD epoch (Poisson batches, per-example clipping, noise) against a plain epoch of the same
 * model and batch size: at most 2x for column-fc (Location, 2,000 records) and 4x for the small CNN (2,048 records
 * of 1x28x28), batch 128. Issue 22's: the same private epoch with virtual steps (each expected batch of 128 clipped
 * and summed in 4 micro-batches of 32, noised once), and an epoch of DP-SGD's default recipe
 * ({@link DpRecipe#DEFAULT}: its expected batch and micro-batch).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 8)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true"})
public class DpSgdBenchmark {
    Dataset location;
    ArrayDataset images;
    int[] fcTrain;
    int[] cnnTrain;
    int[] dev;
    Network fc;
    Network cnn;
    ModelTrainer plain;
    ModelTrainer dp;
    ModelTrainer dpVirtual;
    ModelTrainer dpRecipe;

    @Setup
    public void setup() {
        location = LocationLoader.loadEmbedded();
        fcTrain = java.util.stream.IntStream.range(0, 2000).toArray();
        images = SyntheticImages.of(2048 + 64, 1);
        cnnTrain = java.util.stream.IntStream.range(0, 2048).toArray();
        dev = java.util.stream.IntStream.range(2048, 2048 + 64).toArray();
        fc = Network.create("fc", Architecture.COLUMN_FC, location.recordShape(), location.numClasses(), 1);
        cnn = Network.create("cnn", Architecture.SMALL_CNN, new int[] {1, 28, 28}, 10, 1);
        TrainingConfig one = new TrainingConfig(1, 128, 1e-3, 5e-4, 1);
        plain = new ModelTrainer(one);
        // one pass per step: the Poisson samples (expected 128) stay below 256
        dp = new ModelTrainer(one, Objective.CROSS_ENTROPY, new DpSgd(1.0, 1.0, 256));
        dpVirtual = new ModelTrainer(one, Objective.CROSS_ENTROPY, new DpSgd(1.0, 1.0, 32));
        DpRecipe recipe = DpRecipe.DEFAULT;
        dpRecipe = new ModelTrainer(recipe.training().withEpochs(1), Objective.CROSS_ENTROPY,
                new DpSgd(1.0, 1.0, recipe.microBatch()));
    }

    @TearDown
    public void tearDown() {
        fc.close();
        cnn.close();
    }

    @Benchmark
    public TrainingReport columnFcPlainEpoch() {
        return plain.train(fc, location, fcTrain, dev, List.of(), 1, Progress.SILENT.start("plain", 1));
    }

    @Benchmark
    public TrainingReport columnFcDpSgdEpoch() {
        return dp.train(fc, location, fcTrain, dev, List.of(), 1, Progress.SILENT.start("dp", 1));
    }

    @Benchmark
    public TrainingReport columnFcDpSgdVirtualEpoch() {
        return dpVirtual.train(fc, location, fcTrain, dev, List.of(), 1, Progress.SILENT.start("dp", 1));
    }

    @Benchmark
    public TrainingReport columnFcDpSgdRecipeEpoch() {
        return dpRecipe.train(fc, location, fcTrain, dev, List.of(), 1, Progress.SILENT.start("dp", 1));
    }

    @Benchmark
    public TrainingReport smallCnnPlainEpoch() {
        return plain.train(cnn, images, cnnTrain, dev, List.of(), 1, Progress.SILENT.start("plain", 1));
    }

    @Benchmark
    public TrainingReport smallCnnDpSgdEpoch() {
        return dp.train(cnn, images, cnnTrain, dev, List.of(), 1, Progress.SILENT.start("dp", 1));
    }

    @Benchmark
    public TrainingReport smallCnnDpSgdVirtualEpoch() {
        return dpVirtual.train(cnn, images, cnnTrain, dev, List.of(), 1, Progress.SILENT.start("dp", 1));
    }
}
