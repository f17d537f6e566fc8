package org.mia4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.mia4j.attack.Attack;
import org.mia4j.attack.AttackScores;
import org.mia4j.attack.AttackerKnowledge;
import org.mia4j.attack.ConfAttack;
import org.mia4j.attack.Lira;
import org.mia4j.attack.MentrAttack;
import org.mia4j.attack.ReferenceOutputs;
import org.mia4j.metric.AttackMetrics;
import org.mia4j.outputs.ModelOutputs;
import org.mia4j.outputs.Observations;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 5's speed targets: threshold scoring &gt;= 10 M records/s; ROC + all metrics for 1 M scores &lt; 1 s; LiRA
 * scoring of 50 k records x 64 reference models &lt; 2 s; bootstrap of 1,000 resamples of 20 k scores &lt; 5 s.
 * Run with {@code bench/run AttackScoringBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true"})
public class AttackScoringBenchmark {
    static final int C = 10;
    Observations million;
    Attack.Fitted conf;
    Attack.Fitted mentr;
    double[] scores1m;
    boolean[] decisions1m;
    boolean[] member1m;
    double[] scores20k;
    boolean[] decisions20k;
    boolean[] member20k;
    ReferenceOutputs refs;
    Observations liraTarget;
    Lira lira;
    Attack.Fitted liraFitted;

    static float[] posteriors(int n, Random rnd, int[] labels) {
        float[] p = new float[n * C];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int k = 0; k < C; k++) {
                double v = Math.exp(3 * rnd.nextGaussian() + (k == labels[i] ? 2 : 0));
                p[i * C + k] = (float) v;
                sum += v;
            }
            for (int k = 0; k < C; k++) {
                p[i * C + k] /= (float) sum;
            }
        }
        return p;
    }

    @Setup
    public void setup() {
        Random rnd = new Random(1);
        int n = 1_000_000;
        int[] y = new int[n];
        boolean[] m = new boolean[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextInt(C);
            m[i] = rnd.nextBoolean();
        }
        float[] p = posteriors(n, rnd, y);
        million = new Observations("bench", p, C, y);
        ModelOutputs shadow = new ModelOutputs("shadow", java.util.Arrays.copyOf(p, 100_000 * C), C,
                java.util.Arrays.copyOf(y, 100_000), java.util.Arrays.copyOf(m, 100_000));
        conf = new ConfAttack().fit(AttackerKnowledge.shadowsOnly(shadow));
        mentr = new MentrAttack().fit(AttackerKnowledge.shadowsOnly(shadow));
        scores1m = new double[n];
        decisions1m = new boolean[n];
        for (int i = 0; i < n; i++) {
            scores1m[i] = rnd.nextGaussian() + (m[i] ? 0.5 : 0);
            decisions1m[i] = scores1m[i] > 0.25;
        }
        member1m = m;
        scores20k = java.util.Arrays.copyOf(scores1m, 20_000);
        decisions20k = java.util.Arrays.copyOf(decisions1m, 20_000);
        member20k = java.util.Arrays.copyOf(m, 20_000);

        int records = 50_000;
        int models = 64;
        int[] ly = java.util.Arrays.copyOf(y, records);
        List<float[]> post = new ArrayList<>();
        List<boolean[]> in = new ArrayList<>();
        List<float[]> pop = new ArrayList<>();
        for (int r = 0; r < models; r++) {
            post.add(posteriors(records, rnd, ly));
            boolean[] f = new boolean[records];
            for (int i = 0; i < records; i++) {
                f[i] = rnd.nextBoolean();
            }
            in.add(f);
            pop.add(new float[0]);
        }
        refs = new ReferenceOutputs(C, ly, post, in, pop, new int[0]);
        liraTarget = new Observations("target", posteriors(records, rnd, ly), C, ly);
        lira = new Lira(Lira.Variant.ONLINE);
        liraFitted = lira.fit(new AttackerKnowledge(null, Optional.of(refs)));
    }

    /** 1 M records. */
    @Benchmark
    public AttackScores confThresholdScoring1M() {
        return conf.score(million);
    }

    /** 1 M records. */
    @Benchmark
    public AttackScores mentrThresholdScoring1M() {
        return mentr.score(million);
    }

    @Benchmark
    public AttackMetrics rocAndMetrics1M() {
        return AttackMetrics.of(scores1m, decisions1m, member1m);
    }

    @Benchmark
    public AttackMetrics bootstrap1000x20k() {
        return AttackMetrics.withIntervals(scores20k, decisions20k, member20k, 1000, 7);
    }

    /** Scoring a target against 64 fitted reference models. */
    @Benchmark
    public AttackScores liraOnlineScore50kx64() {
        return liraFitted.score(liraTarget);
    }

    /** Calibration (reference 0 as pseudo-target against the other 63) plus scoring. */
    @Benchmark
    public AttackScores liraOnlineFitAndScore50kx64() {
        return lira.fit(new AttackerKnowledge(null, Optional.of(refs))).score(liraTarget);
    }
}
