package org.mia4j.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mia4j.model.ColumnFc;
import org.mia4j.model.Network;
import org.mia4j.model.Variant;

class CompressionTest {

    private static Network net() {
        return Network.create("c", new ColumnFc(List.of(32, 16)), new int[] {20}, 5, 7);
    }

    private static List<float[]> weights(Network n) {
        return Prunable.of(n).stream().map(p -> p.param().getArray().toFloatArray()).toList();
    }

    @Test
    void quantizedRowsTakeAtMostTwoToTheBitsValuesWithinHalfAStep() {
        for (int bits : new int[] {8, 4}) {
            try (Network n = net()) {
                List<Prunable> layers = Prunable.of(n);
                List<float[]> before = weights(n);
                new Quantizer(bits).prune(n, PruningContext.none()).close();
                List<float[]> after = weights(n);
                double qmax = (1 << (bits - 1)) - 1;
                for (int l = 0; l < layers.size(); l++) {
                    long rows = layers.get(l).param().getArray().getShape().get(0);
                    int per = (int) (before.get(l).length / rows);
                    for (int r = 0; r < rows; r++) {
                        double max = 0;
                        Set<Float> distinct = new HashSet<>();
                        for (int j = 0; j < per; j++) {
                            max = Math.max(max, Math.abs(before.get(l)[r * per + j]));
                            distinct.add(after.get(l)[r * per + j]);
                        }
                        double step = max / qmax;
                        assertThat(distinct.size()).isLessThanOrEqualTo(1 << bits);
                        for (int j = 0; j < per; j++) {
                            float a = after.get(l)[r * per + j];
                            assertThat((double) Math.abs(a - before.get(l)[r * per + j])).isLessThanOrEqualTo(step / 2 + 1e-6);
                            // on the grid: an integer multiple of the step
                            assertThat(Math.abs(a / step - Math.rint(a / step))).isLessThan(1e-3);
                        }
                    }
                }
            }
        }
    }

    @Test
    void clusteredLayersHoldAtMostKValuesAndKMeansBeatsItsStart() {
        try (Network n = net()) {
            List<float[]> before = weights(n);
            new WeightClustering(4).prune(n, PruningContext.none()).close();
            List<float[]> after = weights(n);
            for (int l = 0; l < after.size(); l++) {
                Set<Float> distinct = new HashSet<>();
                double sse = 0;
                double sseLinear = 0;
                float lo = Float.MAX_VALUE;
                float hi = -Float.MAX_VALUE;
                for (float v : before.get(l)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
                for (int j = 0; j < after.get(l).length; j++) {
                    distinct.add(after.get(l)[j]);
                    float w = before.get(l)[j];
                    sse += Math.pow(w - after.get(l)[j], 2);
                    double best = Double.MAX_VALUE;
                    for (int c = 0; c < 4; c++) { // nearest of the linear initial centroids
                        best = Math.min(best, Math.abs(w - (lo + c * (hi - lo) / 3)));
                    }
                    sseLinear += best * best;
                }
                assertThat(distinct.size()).isLessThanOrEqualTo(4);
                assertThat(sse).isLessThanOrEqualTo(sseLinear + 1e-9);
            }
        }
    }

    /** All arrays under the network's manager (its parameters and whatever ops left attached to it). */
    private static int arrays(Network n) {
        return n.manager().getManagedArrays().size();
    }

    /**
     * k-means leaves nothing attached to the network (each iteration's n x K arrays stayed with it until it closed:
     * 7 GB for cluster-16 on small-cnn), and a layer assigned in slices gets the clusters it gets whole.
     */
    @Test
    void clusteringKeepsNoArraysAndSlicesGiveTheSameClusters() {
        try (Network whole = net(); Network sliced = net()) {
            int before = arrays(whole);
            new WeightClustering(4).prune(whole, PruningContext.none()).close();
            assertThat(arrays(whole)).isEqualTo(before);
            new WeightClustering(4, false, 4 * 7).prune(sliced, PruningContext.none()).close(); // 7 rows a slice
            assertThat(arrays(sliced)).isEqualTo(before);
            List<float[]> a = weights(whole);
            List<float[]> b = weights(sliced);
            for (int l = 0; l < a.size(); l++) {
                for (int j = 0; j < a.get(l).length; j++) {
                    assertThat(b.get(l)[j]).isCloseTo(a.get(l)[j], org.assertj.core.api.Assertions.within(1e-6f));
                }
            }
            Mask ft = new WeightClustering(4, true, 4 * 7).prune(sliced, PruningContext.none());
            assertThat(arrays(sliced)).isEqualTo(before + 3 * 3); // the fine-tuning's ties, per layer
            ft.close();
            assertThat(arrays(sliced)).isEqualTo(before); // gone with the mask
        }
    }

    @Test
    void theStorageReductionIsThatOfTheFormat() {
        try (Network n = net()) {
            new Quantizer(8).prune(n, PruningContext.none()).close();
            // 20x32 + 32x16 + 16x5 weights, 32 + 16 + 5 biases; int8 weights plus an fp32 scale per row
            double weights = 20 * 32 + 32 * 16 + 16 * 5;
            double biases = 32 + 16 + 5;
            double expected = 1 - (8 * weights + 32 * (32 + 16 + 5) + 32 * biases) / (32 * (weights + biases));
            assertThat(new Quantizer(8).storageReduction(n, false)).isCloseTo(expected,
                    org.assertj.core.api.Assertions.within(1e-12));
            // weights that do not fit a format count at fp32
            assertThat(new WeightClustering(4).storageReduction(n, false)).isEqualTo(0.0);
            assertThat(PrunerRegistry.create("l1-unstructured", 0.5, 1).storageReduction(n, false)).isNull();
        }
    }

    @Test
    void weightsThatRoundToZeroAreNotRemovedParameters() {
        try (Network n = net()) {
            new Quantizer(4).prune(n, PruningContext.none()).close();
            // int4's step is max|w|/7 per row: many small weights round to 0, and the format still stores them
            assertThat(PruningStats.of(n).sparsity()).isGreaterThan(0.02);
            PruningStats s = PruningStats.of(n, new Quantizer(4));
            assertThat(s.sparsity()).isZero();
            assertThat(s.parameterReduction()).isZero();
            assertThat(s.flopReduction()).isZero();
            assertThat(s.sizeReduction()).isGreaterThan(0.7);
        }
    }

    @Test
    void namesParseAndBadOnesFail() {
        assertThat(PrunerRegistry.create("quantize-int4", 0, 1).variant().label()).isEqualTo("quantize-int4");
        assertThat(PrunerRegistry.create("cluster-16", 0.9, 1).variant().label()).isEqualTo("cluster-16");
        assertThat(PrunerRegistry.create("cluster-16", 0.9, 1).kind()).isEqualTo(Variant.Kind.COMPRESSION);
        assertThat(PrunerRegistry.create("cluster-16-ft", 0.9, 1).fineTunes()).isTrue();
        assertThat(PrunerRegistry.create("quantize-int8", 0, 1).fineTunes()).isFalse();
        assertThat(PrunerRegistry.create("l1-unstructured+quantize-int8", 0.5, 1).kind())
                .isEqualTo(Variant.Kind.PRUNING);
        assertThatThrownBy(() -> PrunerRegistry.create("cluster-x", 0, 1)).hasMessageContaining("cluster-K");
        assertThatThrownBy(() -> PrunerRegistry.create("quantize-int1", 0, 1)).hasMessageContaining("2 <= B");
    }

    @Test
    void aPruningFollowedByACompressionKeepsItsZerosAndFitsTheFormat() {
        Pruner combo = PrunerRegistry.create("l1-unstructured+cluster-4", 0.5, 1);
        assertThat(combo.variant().label()).isEqualTo("l1-unstructured@0.5+cluster-4");
        assertThat(combo.variant().withDefense("ppb").label()).isEqualTo("l1-unstructured@0.5+cluster-4+ppb");
        try (Network n = net()) {
            try (Mask mask = combo.prune(n, PruningContext.none())) {
                combo.afterFineTuning(n, mask);
            }
            for (float[] w : weights(n)) {
                Set<Float> distinct = new HashSet<>();
                int zeros = 0;
                for (float v : w) {
                    distinct.add(v);
                    zeros += v == 0 ? 1 : 0;
                }
                assertThat(zeros).isGreaterThanOrEqualTo(w.length / 2); // the pruned half stays zero
                assertThat(distinct.size()).isLessThanOrEqualTo(4 + 1); // the clusters, and the zeros
            }
            // 3-bit codes (4 centroids and the zero) plus 4 fp32 centroids per layer
            double weights = 20 * 32 + 32 * 16 + 16 * 5;
            double biases = 32 + 16 + 5;
            double expected = 1 - (3 * weights + 3 * 4 * 32 + 32 * biases) / (32 * (weights + biases));
            assertThat(combo.storageReduction(n, false)).isCloseTo(expected,
                    org.assertj.core.api.Assertions.within(1e-12));
        }
        assertThatThrownBy(() -> PrunerRegistry.create("quantize-int8+l1-unstructured", 0.5, 1))
                .hasMessageContaining("PRUNER+COMPRESSION");
    }

    @Test
    void fineTunedCentroidsStayTiedAndMoveByTheirMembersMeanUpdate() {
        Pruner ft = PrunerRegistry.create("cluster-4-ft", 0, 1);
        assertThat(ft.variant().label()).isEqualTo("cluster-4-ft");
        try (Network n = net(); Mask mask = ft.prune(n, PruningContext.none())) {
            List<float[]> clustered = weights(n);
            // an optimiser step moves every weight on its own
            java.util.Random rnd = new java.util.Random(3);
            List<Prunable> layers = Prunable.of(n);
            List<float[]> moved = new java.util.ArrayList<>();
            for (Prunable p : layers) {
                float[] w = p.param().getArray().toFloatArray();
                for (int j = 0; j < w.length; j++) {
                    w[j] += (float) (0.01 * rnd.nextGaussian());
                }
                moved.add(w);
                n.manager().create(w, p.param().getArray().getShape()).copyTo(p.param().getArray());
            }
            mask.afterStep();
            List<float[]> tied = weights(n);
            for (int l = 0; l < tied.size(); l++) {
                // members of one cluster (same value before the step) share the mean of their moved values
                java.util.Map<Float, double[]> sums = new java.util.HashMap<>();
                for (int j = 0; j < tied.get(l).length; j++) {
                    double[] acc = sums.computeIfAbsent(clustered.get(l)[j], k -> new double[2]);
                    acc[0] += moved.get(l)[j];
                    acc[1]++;
                }
                for (int j = 0; j < tied.get(l).length; j++) {
                    double[] acc = sums.get(clustered.get(l)[j]);
                    assertThat((double) tied.get(l)[j]).isCloseTo(acc[0] / acc[1],
                            org.assertj.core.api.Assertions.within(1e-5));
                }
                assertThat(sums.size()).isLessThanOrEqualTo(4);
            }
        }
    }
}
