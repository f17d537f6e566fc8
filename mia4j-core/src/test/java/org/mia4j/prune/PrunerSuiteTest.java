package org.mia4j.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mia4j.Mia4jException;
import org.mia4j.Progress;
import org.mia4j.data.ArrayDataset;
import org.mia4j.data.Dataset;
import org.mia4j.data.LocationLoader;
import org.mia4j.data.Splits;
import org.mia4j.model.Architecture;
import org.mia4j.model.Network;
import org.mia4j.train.ModelTrainer;
import org.mia4j.train.TrainingConfig;

class PrunerSuiteTest {

    static Network fc(long seed) {
        return Network.create("fc", Architecture.COLUMN_FC, new int[] {446}, 30, seed);
    }

    static List<Parameter> params(Network n) {
        List<Parameter> out = new ArrayList<>();
        n.block().getParameters().forEach(p -> out.add(p.getValue()));
        return out;
    }

    /** Number of all-zero rows (units) of a weight. */
    static long deadUnits(NDArray w) {
        long units = w.getShape().get(0);
        return units - w.reshape(units, -1).abs().sum(new int[] {1}).countNonzero().getLong();
    }

    @Test
    void structuredPruningRemovesWholeUnitsWithTheirBiasesButKeepsTheClassifier() {
        for (int norm : new int[] {1, 2}) {
            try (Network n = fc(1)) {
                params(n).forEach(p -> {
                    if (p.getType() == Parameter.Type.BIAS) {
                        p.getArray().addi(0.1f); // biases start at 0; make a removed unit's bias visible
                    }
                });
                try (Mask m = new StructuredPruner(0.5, norm).prune(n, PruningContext.none())) {
                    List<Parameter> ps = params(n);
                    NDArray w1 = ps.get(0).getArray();
                    NDArray b1 = ps.get(1).getArray();
                    assertThat(deadUnits(w1)).isEqualTo(128); // 256 units, half removed
                    assertThat(deadUnits(ps.get(2).getArray())).isEqualTo(64);
                    assertThat(deadUnits(ps.get(4).getArray())).as("classifier kept whole").isZero();
                    // a removed unit's bias is zero too, so its output is exactly zero
                    float[] rows = w1.abs().sum(new int[] {1}).toFloatArray();
                    float[] bias = b1.toFloatArray();
                    for (int u = 0; u < rows.length; u++) {
                        if (rows[u] == 0) {
                            assertThat(bias[u]).isZero();
                        } else {
                            assertThat(bias[u]).isNotZero();
                        }
                    }
                    PruningStats stats = PruningStats.of(n);
                    // removed: 128 rows of 446 + 64 rows of 256 + the inputs they fed: 128 columns of layer 2
                    // (of its 192 live rows) and 64 columns of the classifier
                    long removed = 128L * 446 + (64L * 256 + 128L * 64) + 64L * 30;
                    long total = 446L * 256 + 256 * 128 + 128 * 30;
                    assertThat(stats.parameterReduction()).isCloseTo(removed / (double) total, within(1e-9));
                    assertThat(stats.flopReduction()).isCloseTo(removed / (double) total, within(1e-9));
                }
            }
        }
    }

    @Test
    void l1AndL2StructuredRankUnitsByTheirNorm() {
        try (Network n = fc(2)) {
            NDArray w = params(n).get(0).getArray();
            float[] l1 = w.abs().sum(new int[] {1}).toFloatArray();
            new StructuredPruner(0.25, 1).prune(n, PruningContext.none()).close();
            float[] after = w.abs().sum(new int[] {1}).toFloatArray();
            float[] sorted = l1.clone();
            java.util.Arrays.sort(sorted);
            float cut = sorted[64];
            for (int u = 0; u < l1.length; u++) {
                assertThat(after[u] == 0).isEqualTo(l1[u] < cut);
            }
        }
    }

    @Test
    void slimmingNeedsBatchNormAndRemovesChannelsByGamma() {
        try (Network n = fc(1)) {
            assertThatThrownBy(() -> new SlimmingPruner(0.5).prune(n, PruningContext.none()))
                    .isInstanceOf(Mia4jException.class).hasMessageContaining("BatchNorm")
                    .hasMessageContaining("small-cnn-bn");
        }
        try (Network n = Network.create("bn", Architecture.SMALL_CNN_BN, new int[] {1, 28, 28}, 10, 1)) {
            List<Parameter> gammas = params(n).stream().filter(p -> p.getType() == Parameter.Type.GAMMA).toList();
            assertThat(gammas).hasSize(2);
            // make gammas distinct: channel c of BN k gets |gamma| = c + 100 k, so the globally smallest are BN 0's
            for (int k = 0; k < 2; k++) {
                NDArray g = gammas.get(k).getArray();
                g.set(n.manager().arange((float) g.size()).add(100f * k).toFloatArray());
            }
            try (Mask m = new SlimmingPruner(0.25).prune(n, PruningContext.none())) {
                // 96 channels in all, 24 removed: the first 24 of BN 0 (32 channels)
                float[] g0 = gammas.get(0).getArray().toFloatArray();
                for (int c = 0; c < 32; c++) {
                    assertThat(g0[c] == 0).isEqualTo(c < 24);
                }
                assertThat(deadUnits(params(n).get(0).getArray())).as("conv filters of removed channels").isEqualTo(24);
                assertThat(n.posteriors(new float[784], 1)).hasSize(10);
            }
        }
    }

    @Test
    void taylorScoresNeedDataAndPruneExactly() {
        Dataset d = LocationLoader.loadEmbedded();
        var split = Splits.protocol(d.size(), 1, 1).get(0);
        try (Network n = fc(3)) {
            new ModelTrainer(TrainingConfig.DEFAULT.withEpochs(2)).train(n, d, split.members(), split.dev(),
                    List.of(), 3, Progress.SILENT.start("t", 2));
            assertThatThrownBy(() -> new TaylorPruner(0.5).prune(n, PruningContext.none()))
                    .isInstanceOf(Mia4jException.class).hasMessageContaining("training records");
            try (Mask m = new TaylorPruner(0.6).prune(n, new PruningContext(d, split.members(), 128, 1, x -> {}))) {
                assertThat(Mask.measuredSparsity(n)).isCloseTo(0.6, within(1e-4));
                // Taylor importance is not magnitude: it keeps some weights smaller than pruned ones
                assertThat(m.prunedCount()).isEqualTo(Math.round(0.6 * 446 * 256) + Math.round(0.6 * 256 * 128)
                        + Math.round(0.6 * 128 * 30));
            }
        }
    }

    @Test
    void iterativePruningFollowsItsScheduleAndFineTunesBetweenRounds() {
        assertThat(IterativePruner.schedule(0.9, 3, 3)).isCloseTo(0.9, within(1e-12));
        assertThat(IterativePruner.schedule(0.75, 1, 2)).isCloseTo(0.5, within(1e-12));
        List<Double> seen = new ArrayList<>();
        try (Network n = fc(4)) {
            PruningContext ctx = new PruningContext(null, new int[0], 128, 0, m -> seen.add(Mask.measuredSparsity(n)));
            try (Mask m = PrunerRegistry.create("iterative-l1-unstructured", 0.875, 3).prune(n, ctx)) {
                assertThat(seen).hasSize(2);
                assertThat(seen.get(0)).isCloseTo(0.5, within(1e-3));
                assertThat(seen.get(1)).isCloseTo(0.75, within(1e-3));
                assertThat(Mask.measuredSparsity(n)).isCloseTo(0.875, within(1e-3));
            }
        }
        assertThat(PrunerRegistry.create("iterative-taylor", 0.5, 2).name()).isEqualTo("iterative-taylorx2@0.5");
    }

    @Test
    void unknownPrunersAndBadSparsitiesAreClearErrors() {
        assertThatThrownBy(() -> PrunerRegistry.create("random", 0.5, 1)).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("unknown pruner 'random'").hasMessageContaining("l2-structured");
        assertThatThrownBy(() -> PrunerRegistry.create("iterative-nope", 0.5, 1))
                .isInstanceOf(Mia4jException.class).hasMessageContaining("unknown pruner 'nope'");
        assertThatThrownBy(() -> PrunerRegistry.create("slimming", 1.0, 1)).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> PrunerRegistry.create("iterative-l1-structured", 0.5, 0))
                .isInstanceOf(Mia4jException.class).hasMessageContaining("'prune-rounds'");
        // a model with a single Linear layer has nothing structured pruning may remove
        org.mia4j.model.ModelSpec oneLayer = new org.mia4j.model.ModelSpec() {
            @Override
            public String cliName() {
                return "one-linear";
            }

            @Override
            public ai.djl.nn.Block build(int[] s, int c) {
                return ai.djl.nn.core.Linear.builder().setUnits(c).build();
            }
        };
        try (Network n = Network.create("lin", oneLayer, new int[] {4}, 2, 1)) {
            assertThatThrownBy(() -> new StructuredPruner(0.5, 1).prune(n, PruningContext.none()))
                    .isInstanceOf(Mia4jException.class).hasMessageContaining("no eligible layer");
        }
    }
}
