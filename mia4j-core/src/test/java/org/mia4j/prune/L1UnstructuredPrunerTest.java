package org.mia4j.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mia4j.Mia4jException;
import org.mia4j.Progress;
import org.mia4j.data.Dataset;
import org.mia4j.data.LocationLoader;
import org.mia4j.data.Splits;
import org.mia4j.model.Architecture;
import org.mia4j.model.Network;
import org.mia4j.train.ModelTrainer;
import org.mia4j.train.TrainingConfig;

class L1UnstructuredPrunerTest {

    static Network fc(long seed) {
        return Network.create("fc", Architecture.COLUMN_FC, new int[] {446}, 30, seed);
    }

    @Test
    void perLayerPruningRemovesExactlyTheSmallestWeightsOfEachLayer() {
        try (Network n = fc(1)) {
            java.util.Map<String, float[]> all = new java.util.HashMap<>();
            n.block().getParameters().forEach(p -> all.put(p.getKey(), p.getValue().getArray().toFloatArray()));
            float[] before = n.block().getParameters().get(0).getValue().getArray().toFloatArray();
            try (Mask m = new L1UnstructuredPruner(0.7, L1UnstructuredPruner.Scope.LAYER).prune(n, PruningContext.none())) {
                for (Pair<String, Parameter> p : n.block().getParameters()) {
                    NDArray w = p.getValue().getArray();
                    long zeros = w.size() - w.countNonzero().getLong();
                    if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                        assertThat(zeros).isEqualTo(Math.round(0.7 * w.size()));
                    } else {
                        assertThat(w.toFloatArray()).as("biases are not pruned").isEqualTo(all.get(p.getKey()));
                    }
                }
                // the kept weights of layer 1 are exactly those with the largest |w|
                float[] after = n.block().getParameters().get(0).getValue().getArray().toFloatArray();
                float[] mags = new float[before.length];
                for (int i = 0; i < before.length; i++) {
                    mags[i] = Math.abs(before[i]);
                }
                float[] sorted = mags.clone();
                Arrays.sort(sorted);
                float cut = sorted[(int) Math.round(0.7 * mags.length)];
                for (int i = 0; i < before.length; i++) {
                    if (mags[i] > cut) {
                        assertThat(after[i]).isEqualTo(before[i]);
                    } else if (mags[i] < cut) {
                        assertThat(after[i]).isZero();
                    }
                }
                assertThat(Mask.measuredSparsity(n)).isCloseTo(0.7, within(1e-4));
                assertThat(m.prunedCount()).isEqualTo(Math.round(0.7 * 446 * 256) + Math.round(0.7 * 256 * 128)
                        + Math.round(0.7 * 128 * 30));
            }
        }
    }

    @Test
    void globalPruningReachesTheSparsityOverAllLayersTogether() {
        try (Network n = fc(2); Mask m = new L1UnstructuredPruner(0.5, L1UnstructuredPruner.Scope.GLOBAL)
                .prune(n, PruningContext.none())) {
            long total = 446L * 256 + 256 * 128 + 128 * 30;
            assertThat(m.prunedCount()).isEqualTo(Math.round(0.5 * total));
            assertThat(Mask.measuredSparsity(n)).isCloseTo(0.5, within(1e-5));
            // He-initialised layers differ in scale, so global ranking prunes them unequally
            NDArray w1 = n.block().getParameters().get(0).getValue().getArray();
            NDArray w3 = n.block().getParameters().get(4).getValue().getArray();
            double s1 = 1 - w1.countNonzero().getLong() / (double) w1.size();
            double s3 = 1 - w3.countNonzero().getLong() / (double) w3.size();
            assertThat(Math.abs(s1 - s3)).isGreaterThan(0.05);
        }
    }

    @Test
    void masksSurviveFineTuningWithAdamAndWeightDecay() {
        Dataset d = LocationLoader.loadEmbedded();
        var split = Splits.protocol(d.size(), 1, 3).get(0);
        try (Network n = fc(3); Mask m = new L1UnstructuredPruner(0.8, L1UnstructuredPruner.Scope.LAYER)
                .prune(n, PruningContext.none())) {
            float[] maskBefore = m.arrays().arrays().values().iterator().next().toFloatArray();
            new ModelTrainer(new TrainingConfig(2, 128, 1e-2, 5e-4, 5)).train(n, d, split.members(), split.dev(),
                    List.of(m), 3, Progress.SILENT.start("t", 2));
            float[] w = n.block().getParameters().get(0).getValue().getArray().toFloatArray();
            int moved = 0;
            for (int i = 0; i < w.length; i++) {
                if (maskBefore[i] == 0) {
                    assertThat(w[i]).isZero();
                } else if (w[i] != 0) {
                    moved++;
                }
            }
            assertThat(moved).as("unpruned weights are trained").isGreaterThan(w.length / 10);
            long total = 446L * 256 + 256 * 128 + 128 * 30;
            assertThat(Mask.measuredSparsity(n)).isGreaterThanOrEqualTo(m.prunedCount() / (double) total);
        }
    }

    @Test
    void sparsityOutsideZeroOneIsRejected() {
        for (double s : new double[] {1.0, -0.1, Double.NaN, 1.5}) {
            assertThatThrownBy(() -> new L1UnstructuredPruner(s, L1UnstructuredPruner.Scope.LAYER))
                    .isInstanceOf(Mia4jException.class).hasMessageContaining("[0, 1)");
        }
        assertThat(new L1UnstructuredPruner(0.7, L1UnstructuredPruner.Scope.LAYER).name())
                .isEqualTo("l1-unstructured@0.7");
        assertThat(new L1UnstructuredPruner(0.25, L1UnstructuredPruner.Scope.GLOBAL).name())
                .isEqualTo("l1-unstructured-global@0.25");
        assertThatThrownBy(() -> L1UnstructuredPruner.Scope.of("row")).isInstanceOf(Mia4jException.class);
    }
}
