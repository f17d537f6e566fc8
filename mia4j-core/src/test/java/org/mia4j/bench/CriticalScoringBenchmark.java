package org.mia4j.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.mia4j.Progress;
import org.mia4j.critical.WeightScores;
import org.mia4j.data.ArrayDataset;
import org.mia4j.model.Architecture;
import org.mia4j.model.Network;
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
 * Issue 6's target: scoring every weight of the small CNN over 10 k records costs no more than ~2 training epochs.
 * Side by side: one training epoch over 10 k records, learnability (TFO) over the same 10 k, and PVE with its
 * default 100 steps of batch 128 (12.8 k member + 12.8 k reference records).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true"})
public class CriticalScoringBenchmark {
    ArrayDataset data;
    int[] members;
    int[] reference;
    int[] dev;
    Network net;

    @Setup
    public void setup() {
        int n = 10_000 + 2_000 + 64;
        data = SyntheticImages.of(n, 2);
        members = java.util.stream.IntStream.range(0, 10_000).toArray();
        reference = java.util.stream.IntStream.range(10_000, 12_000).toArray();
        dev = java.util.stream.IntStream.range(12_000, n).toArray();
        net = Network.create("cnn", Architecture.SMALL_CNN, new int[] {1, 28, 28}, 10, 1);
    }

    @TearDown
    public void tearDown() {
        net.close();
    }

    @Benchmark
    public TrainingReport trainingEpoch10k() {
        return new ModelTrainer(new TrainingConfig(1, 128, 1e-3, 5e-4, 1)).train(net, data, members, dev, List.of(),
                1, Progress.SILENT.start("epoch", 1));
    }

    @Benchmark
    public Map<String, float[]> learnability10k() {
        return WeightScores.learnability(net, data, members, 128, true);
    }

    @Benchmark
    public Map<String, float[]> pve100Steps() {
        return WeightScores.pve(net, data, members, reference, 128, 1e-3, WeightScores.PveOptions.defaults(), 1);
    }
}
