package org.mia4j.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mia4j.Progress;
import org.mia4j.data.ArrayDataset;
import org.mia4j.model.Architecture;
import org.mia4j.model.Network;
import org.mia4j.prune.L1UnstructuredPruner;
import org.mia4j.prune.Mask;
import org.mia4j.prune.PruningContext;
import org.mia4j.train.ModelTrainer;
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
 * Issue 4's target: a fine-tuning epoch with a pruning mask held (gradients masked before, weights after every
 * step) must cost less than 10% more than a plain training epoch. Small CNN, 2,048 records of 1x28x28, batch 128.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 8)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true"})
public class MaskOverheadBenchmark {
    ArrayDataset data;
    int[] train;
    int[] dev;
    Network plain;
    Network pruned;
    Mask mask;
    ModelTrainer oneEpoch;

    @Setup
    public void setup() {
        int n = 2048 + 64;
        data = SyntheticImages.of(n, 1);
        train = java.util.stream.IntStream.range(0, 2048).toArray();
        dev = java.util.stream.IntStream.range(2048, n).toArray();
        plain = Network.create("plain", Architecture.SMALL_CNN, new int[] {1, 28, 28}, 10, 1);
        pruned = Network.create("pruned", Architecture.SMALL_CNN, new int[] {1, 28, 28}, 10, 1);
        mask = new L1UnstructuredPruner(0.7, L1UnstructuredPruner.Scope.LAYER).prune(pruned, PruningContext.none());
        oneEpoch = new ModelTrainer(new TrainingConfig(1, 128, 1e-3, 5e-4, 1));
    }

    @TearDown
    public void tearDown() {
        mask.close();
        plain.close();
        pruned.close();
    }

    @Benchmark
    public TrainingReport plainEpoch() {
        return oneEpoch.train(plain, data, train, dev, List.of(), 1, Progress.SILENT.start("plain", 1));
    }

    @Benchmark
    public TrainingReport maskedFineTuneEpoch() {
        return oneEpoch.train(pruned, data, train, dev, List.of(mask), 1, Progress.SILENT.start("masked", 1));
    }
}
