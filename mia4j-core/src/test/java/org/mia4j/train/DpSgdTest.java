package org.mia4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mia4j.InvalidSetting;
import org.mia4j.model.Architecture;
import org.mia4j.model.GroupNorm;
import org.mia4j.model.ModelSpec;
import org.mia4j.model.Network;
import org.mia4j.model.Residual;

class DpSgdTest {

    private static ModelSpec spec(java.util.function.Supplier<Block> block) {
        return new ModelSpec() {
            @Override
            public String cliName() {
                return "test";
            }

            @Override
            public Block build(int[] recordShape, int numClasses) {
                return block.get();
            }
        };
    }

    static final ModelSpec MLP = spec(() -> new SequentialBlock().add(Linear.builder().setUnits(7).build())
            .add(Activation.reluBlock()).add(Linear.builder().setUnits(4).build()));
    static final ModelSpec CNN = spec(() -> new SequentialBlock()
            .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(3).optPadding(new Shape(1, 1)).build())
            .add(Activation.reluBlock()).add(Pool.maxPool2dBlock(new Shape(2, 2)))
            .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(2).optStride(new Shape(2, 2))
                    .optBias(false).build())
            .add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(4).build()));
    /** GroupNorm after a convolution, and inside both branches of a residual block. */
    static final ModelSpec GN = spec(() -> new SequentialBlock()
            .add(conv(4, 1, false)).add(new GroupNorm(2)).add(Activation.reluBlock())
            .add(new Residual(new SequentialBlock().add(conv(6, 2, false)).add(new GroupNorm(3))
                    .add(Activation.reluBlock()).add(conv(6, 1, true)).add(new GroupNorm(2)),
                    new SequentialBlock().add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(6)
                            .optStride(new Shape(2, 2)).optBias(false).build()).add(new GroupNorm(3))))
            .add(Activation.reluBlock())
            .add(new Residual(new SequentialBlock().add(conv(6, 1, false)).add(new GroupNorm(6)),
                    Blocks.identityBlock()))
            .add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(4).build()));

    private static Conv2d conv(int filters, int stride, boolean bias) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(filters).optPadding(new Shape(1, 1))
                .optStride(new Shape(stride, stride)).optBias(bias).build();
    }

    /** The reference: one example at a time, its whole gradient clipped, then summed. */
    private static Map<Parameter, float[]> oneAtATime(Network net, Trainer trainer, float[] x, int[] y, int[] shape,
            double clip) {
        Map<Parameter, float[]> sum = new HashMap<>();
        int size = x.length / y.length;
        // The engine keeps a first gradient as it comes, so two parameters whose gradients are one tensor (the betas
        // of both branches of a residual sum, one example, 1x1 maps) would share a buffer and count twice: a first
        // backward through each weight alone gives every one its own.
        try (NDManager m = trainer.getManager().newSubManager(); GradientCollector gc = trainer.newGradientCollector()) {
            NDArray touch = m.zeros(new Shape());
            for (var p : net.block().getParameters()) {
                touch = touch.add(p.getValue().getArray().sum());
            }
            gc.backward(touch.mul(0));
        }
        for (int i = 0; i < y.length; i++) {
            try (NDManager m = trainer.getManager().newSubManager()) {
                float[] xi = java.util.Arrays.copyOfRange(x, i * size, (i + 1) * size);
                NDArray xa = m.create(xi, Network.batchShape(1, shape));
                for (var p : net.block().getParameters()) {
                    p.getValue().getArray().getGradient().muli(0); // gradients accumulate until a step
                }
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDArray logits = trainer.forward(new NDList(xa)).singletonOrThrow();
                    gc.backward(Loss.softmaxCrossEntropyLoss().evaluate(new NDList(m.create(new int[] {y[i]})),
                            new NDList(logits)));
                }
                double sq = 0;
                for (var p : net.block().getParameters()) {
                    for (float g : p.getValue().getArray().getGradient().toFloatArray()) {
                        sq += g * (double) g;
                    }
                }
                double scale = Math.min(1, clip / Math.sqrt(sq));
                for (var p : net.block().getParameters()) {
                    float[] g = p.getValue().getArray().getGradient().toFloatArray();
                    float[] acc = sum.computeIfAbsent(p.getValue(), k -> new float[g.length]);
                    for (int j = 0; j < g.length; j++) {
                        acc[j] += (float) (scale * g[j]);
                    }
                }
            }
        }
        return sum;
    }

    private static void compare(ModelSpec spec, int[] shape, double clip) {
        compare(spec, shape, clip, 1e-4f, 1e-3f);
    }

    private static void compare(ModelSpec spec, int[] shape, double clip, float abs, float rel) {
        Random rnd = new Random(3);
        int n = 6;
        int size = java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        float[] x = new float[n * size];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        int[] y = {0, 1, 2, 3, 1, 2};
        try (Network net = Network.create("t", spec, shape, 4, 5);
                Trainer trainer = net.model().newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
            Map<Parameter, float[]> expected = oneAtATime(net, trainer, x, y, shape, clip);
            try (NDManager m = trainer.getManager().newSubManager()) {
                DpSgd.Clipped got = new DpSgd(1, clip).clippedSum(trainer, (SequentialBlock) net.block(), m,
                        m.create(x, Network.batchShape(n, shape)), m.create(y), Objective.CROSS_ENTROPY, 0);
                assertThat(got.sums()).hasSameSizeAs(expected);
                for (var p : net.block().getParameters()) {
                    float[] g = got.sums().get(p.getValue()).toFloatArray();
                    float[] e = expected.get(p.getValue());
                    assertThat(g).as(p.getKey()).hasSameSizeAs(e);
                    for (int j = 0; j < e.length; j++) {
                        assertThat(g[j]).as(p.getKey() + "[" + j + "]").isCloseTo(e[j],
                                org.assertj.core.api.Assertions.within(abs + rel * Math.abs(e[j])));
                    }
                }
            }
        }
    }

    @Test
    void linearLayersMatchOneExampleAtATime() {
        compare(MLP, new int[] {5}, 0.3); // most examples clipped
        compare(MLP, new int[] {5}, 100); // none clipped: the plain gradient sum
    }

    @Test
    void convolutionsMatchOneExampleAtATime() {
        compare(CNN, new int[] {2, 8, 8}, 0.3);
        compare(CNN, new int[] {2, 8, 8}, 100);
    }

    /** Opacus's virtual steps: a sample clipped and summed in micro-batches gives the one-pass sum. */
    private static void microBatchesMatchOnePass(ModelSpec spec, int[] shape) {
        Random rnd = new Random(5);
        int n = 7;
        int size = java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        float[] x = new float[n * size];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        int[] y = {0, 1, 2, 3, 1, 2, 0};
        try (Network net = Network.create("t", spec, shape, 4, 5);
                Trainer trainer = net.model().newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()));
                NDManager m = trainer.getManager().newSubManager()) {
            DpSgd dp = new DpSgd(1, 0.3);
            SequentialBlock block = (SequentialBlock) net.block();
            DpSgd.Clipped whole = dp.clippedSum(trainer, block, m, m.create(x, Network.batchShape(n, shape)),
                    m.create(y), Objective.CROSS_ENTROPY, 0, n);
            for (int micro : new int[] {1, 3, 4}) { // 7 = 3 + 3 + 1 = 4 + 3: uneven last micro-batches too
                DpSgd.Clipped parts = dp.clippedSum(trainer, block, m, m.create(x, Network.batchShape(n, shape)),
                        m.create(y), Objective.CROSS_ENTROPY, 0, micro);
                assertThat(parts.loss()).as("mean loss, micro-batch " + micro).isCloseTo(whole.loss(),
                        org.assertj.core.api.Assertions.within(1e-5));
                assertThat(parts.sums()).hasSameSizeAs(whole.sums());
                for (var p : net.block().getParameters()) {
                    float[] g = parts.sums().get(p.getValue()).toFloatArray();
                    float[] e = whole.sums().get(p.getValue()).toFloatArray();
                    for (int j = 0; j < e.length; j++) {
                        assertThat(g[j]).as(p.getKey() + "[" + j + "], micro-batch " + micro).isCloseTo(e[j],
                                org.assertj.core.api.Assertions.within(1e-5f + 1e-4f * Math.abs(e[j])));
                    }
                }
            }
        }
    }

    @Test
    void microBatchesGiveTheClippedSumOfOnePhysicalBatch() {
        microBatchesMatchOnePass(MLP, new int[] {5});
        microBatchesMatchOnePass(CNN, new int[] {2, 8, 8});
    }

    @Test
    void groupNormAndResidualBlocksMatchOneExampleAtATime() {
        compare(GN, new int[] {2, 6, 6}, 0.3, 1e-5f, 1e-4f);
        compare(GN, new int[] {2, 6, 6}, 100, 1e-5f, 1e-4f);
    }

    @Test
    void resNet18GnMatchesOneExampleAtATime() {
        compare(Architecture.RESNET18_GN, new int[] {3, 8, 8}, 0.3); // 8x8 images: every stage, cheaply
    }

    @Test
    void refusesBatchNormAndBadSettings() {
        Block bn = new SequentialBlock().add(Linear.builder().setUnits(3).build()).add(BatchNorm.builder().build());
        assertThatThrownBy(() -> DpSgd.check(bn, "x")).isInstanceOf(InvalidSetting.class)
                .hasMessageContaining("BatchNorm").hasMessageContaining("small-cnn-gn")
                .hasMessageContaining("resnet18-gn");
        Block nested = new SequentialBlock().add(new Residual(BatchNorm.builder().build(), Blocks.identityBlock()));
        assertThatThrownBy(() -> DpSgd.check(nested, "x")).hasMessageContaining("BatchNorm");
        assertThatThrownBy(() -> DpSgd.check(Architecture.RESNET18.build(new int[] {3, 32, 32}, 10), "resnet18"))
                .isInstanceOf(InvalidSetting.class);
        DpSgd.check(Architecture.SMALL_CNN.build(new int[] {1, 28, 28}, 10), "small-cnn");
        DpSgd.check(Architecture.SMALL_CNN_GN.build(new int[] {1, 28, 28}, 10), "small-cnn-gn");
        DpSgd.check(Architecture.RESNET18_GN.build(new int[] {3, 32, 32}, 10), "resnet18-gn");
        DpSgd.check(Architecture.COLUMN_FC.build(new int[] {446}, 30), "column-fc");
        assertThatThrownBy(() -> new DpSgd(0, 1)).hasMessageContaining("dp-noise");
        assertThatThrownBy(() -> new DpSgd(1, -1)).hasMessageContaining("dp-clip");
    }

    @Test
    void poissonSamplingDrawsEachRecordWithProbabilityQ() {
        int[] records = new int[20_000];
        java.util.Arrays.setAll(records, i -> i);
        int[] s = DpSgd.sample(records, 0.05, new Random(1));
        assertThat(s.length).isBetween(900, 1100); // 1,000 +- 3.2 sd
        assertThat(s).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void privateTrainingLearnsLocationAndReportsItsSteps() {
        org.mia4j.data.Dataset data = ModelTrainerTest.DATA;
        var split = ModelTrainerTest.SPLIT;
        try (Network n = Network.create("m", Architecture.COLUMN_FC, data.recordShape(), 30, 4)) {
            // patience 1: early stopping would end this before epoch 6 if private training used it
            TrainingConfig cfg = new TrainingConfig(6, 128, 1e-3, 5e-4, 1);
            // noise and clipping all but off, micro-batches of 64: the private path must learn like the ordinary one
            TrainingReport r = new ModelTrainer(cfg, Objective.CROSS_ENTROPY, new DpSgd(1e-8, 1e4, 64)).train(n,
                    data, split.members(), split.dev(), java.util.List.of(), 4, org.mia4j.Progress.SILENT.start("t",
                            6));
            double test = ModelTrainer.accuracy(n, data, split.nonMembers());
            assertThat(test).isGreaterThan(0.25); // 30 classes; about 0.35 measured, as without DP
            // every epoch runs, the last weights are kept, and the accountant counts exactly the steps taken
            long perEpoch = (long) Math.ceil(split.members().length / (double) cfg.batchSize());
            assertThat(r.epochsRun()).isEqualTo(6);
            assertThat(r.bestEpoch()).isEqualTo(6);
            assertThat(r.bestDevAccuracy()).isEqualTo(ModelTrainer.accuracy(n, data, split.dev()));
            assertThat(r.stepsPlanned()).isEqualTo(6 * perEpoch);
            assertThat(r.stepsRun()).isEqualTo(r.stepsPlanned());
            assertThat(r.privatePhases()).hasSize(1);
            var phase = r.privatePhases().get(0);
            assertThat(phase.samplingRate()).isEqualTo(cfg.batchSize() / (double) split.members().length);
            assertThat(phase.steps()).isEqualTo(r.stepsRun());
        }
    }

    @Test
    void sigmaForATargetEpsilonIsSpentOnExactlyTheStepsRun() {
        org.mia4j.data.Dataset data = ModelTrainerTest.DATA;
        var split = ModelTrainerTest.SPLIT;
        int records = split.members().length;
        var recipe = new org.mia4j.defense.DpRecipe(3, 1, 256, 3e-3, 100);
        var defense = new org.mia4j.defense.DpSgdDefense(true, 1, 1, 0, 4, recipe);
        long steps = defense.steps(records, recipe.epochs());
        DpSgd mechanism = defense.mechanism(records, steps);
        try (Network n = Network.create("m", Architecture.COLUMN_FC, data.recordShape(), 30, 4)) {
            TrainingReport r = new ModelTrainer(recipe.training(), Objective.CROSS_ENTROPY, mechanism).train(n, data,
                    split.members(), split.dev(), java.util.List.of(), 4, org.mia4j.Progress.SILENT.start("t", 3));
            assertThat(r.stepsRun()).isEqualTo(steps);
            double delta = defense.delta(records);
            double eps = org.mia4j.privacy.RdpAccountant.epsilon(r.privatePhases(), delta).epsilon();
            // sigma is the smallest (to 0.1%) that meets 4 over these steps: the run spends (almost) all of it
            assertThat(eps).isBetween(3.9, 4.0);
            double slightlyLess = org.mia4j.privacy.RdpAccountant.epsilon(java.util.List.of(
                    new org.mia4j.privacy.RdpAccountant.Phase(mechanism.noiseMultiplier() * 0.99,
                            defense.samplingRate(records), steps)), delta).epsilon();
            assertThat(slightlyLess).isGreaterThan(4.0);
        }
    }
}
