package org.mia4j.prune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import org.mia4j.InvalidSetting;
import org.mia4j.model.Network;
import org.mia4j.model.ParamSet;
import org.mia4j.model.Variant;

/**
 * Weight clustering ({@code cluster-K}, as TF-MOT's): each layer's weights replaced by the nearest of K shared
 * values, found by k-means (Lloyd) on that layer's weights with centroids initialised linearly over the weight range
 * (TF-MOT's {@code LINEAR} init). Stored back as fp32 values; the format's size is ceil(log2 K) bits per weight plus
 * K fp32 centroids per layer. Biases stay fp32. {@code cluster-K} stops there; {@code cluster-K-ft} then fine-tunes
 * the centroids with the assignment held: after every optimiser step each weight is set back to the mean of its
 * cluster, so each shared value moves by its members' mean update (TF-MOT trains the centroids on the summed
 * gradients instead; same tie, different optimiser dynamics).
 */
public final class WeightClustering implements Pruner {
    static final int MAX_ITERATIONS = 50;
    private final int clusters;
    private final boolean fineTune;

    public WeightClustering(int clusters) {
        this(clusters, false);
    }

    public WeightClustering(int clusters, boolean fineTune) {
        this.fineTune = fineTune;
        if (clusters < 2 || clusters > 65_536) {
            throw new InvalidSetting("pruners", "cluster-K needs 2 <= K <= 65536, got " + clusters);
        }
        this.clusters = clusters;
    }

    public int clusters() {
        return clusters;
    }

    /** Whether the centroids are fine-tuned afterwards ({@code cluster-K-ft}). */
    @Override
    public boolean fineTunes() {
        return fineTune;
    }

    @Override
    public Variant variant() {
        return Variant.compression("cluster-" + clusters + (fineTune ? "-ft" : ""));
    }

    @Override
    public Double storageReduction(Network net, boolean afterPruning) {
        return CompressedSize.clustered(net, clusters, afterPruning);
    }

    @Override
    public Mask prune(Network net, PruningContext ctx) {
        java.util.Map<NDArray, NDArray[]> ties = new java.util.LinkedHashMap<>(); // weight -> {assignment, one-hot, cluster sizes}
        NDManager keep = net.manager().newSubManager();
        try (NDManager m = net.manager().newSubManager()) {
            for (Prunable p : Prunable.of(net)) {
                NDArray w = p.param().getArray();
                NDArray flat = w.reshape(-1, 1);
                float lo = flat.min().getFloat();
                float hi = flat.max().getFloat();
                NDArray centroids = m.linspace(lo, hi, clusters).reshape(1, clusters);
                NDArray assign = null;
                for (int it = 0; it < MAX_ITERATIONS; it++) {
                    NDArray next = flat.sub(centroids).abs().argMin(1);
                    if (assign != null && assign.eq(next).all().getBoolean()) {
                        break;
                    }
                    assign = next;
                    NDArray onehot = assign.oneHot(clusters).toType(DataType.FLOAT32, false); // (n, K)
                    NDArray counts = onehot.sum(new int[] {0});
                    NDArray sums = onehot.transpose().matMul(flat).reshape(1, clusters);
                    NDArray empty = counts.eq(0).reshape(1, clusters);
                    // an empty cluster keeps its centroid
                    centroids = sums.div(counts.maximum(1f).reshape(1, clusters)).mul(empty.logicalNot()
                            .toType(DataType.FLOAT32, false)).add(centroids.mul(empty.toType(DataType.FLOAT32, false)));
                }
                NDArray clustered = centroids.reshape(-1).get(assign);
                clustered.reshape(w.getShape()).copyTo(w);
                if (fineTune) { // held for every step of the fine-tuning: built once
                    NDArray held = assign.duplicate();
                    NDArray onehot = assign.oneHot(clusters).toType(DataType.FLOAT32, false);
                    NDArray counts = onehot.sum(new int[] {0}).maximum(1f);
                    held.attach(keep);
                    onehot.attach(keep);
                    counts.attach(keep);
                    ties.put(w, new NDArray[] {held, onehot, counts});
                }
            }
        }
        Mask mask = new Mask(net, new ParamSet(net.manager().newSubManager(), new LinkedHashMap<>()));
        if (!fineTune) {
            keep.close();
            return mask;
        }
        return mask.with(new org.mia4j.train.StepConstraint() {
            @Override
            public void beforeStep() {}

            @Override
            public void afterStep() {
                try (NDManager m = keep.newSubManager()) {
                    ties.forEach((w, t) -> {
                        m.tempAttachAll(t[0], t[1], t[2]); // what is computed from them is freed with m
                        NDArray flat = w.reshape(-1, 1);
                        NDArray means = t[1].transpose().matMul(flat).reshape(-1).div(t[2]);
                        means.get(t[0]).reshape(w.getShape()).copyTo(w);
                    });
                }
            }
        });
    }

    /** Registers {@code cluster-<K>} and {@code cluster-<K>-ft}. */
    public static final class Provider implements PrunerProvider {
        @Override
        public java.util.List<String> names() {
            return java.util.List.of("cluster-<K>", "cluster-<K>-ft");
        }

        @Override
        public java.util.Optional<Pruner> create(String name, double sparsity, int rounds) {
            if (!name.startsWith("cluster-")) {
                return java.util.Optional.empty();
            }
            boolean ft = name.endsWith("-ft");
            String k = name.substring("cluster-".length(), name.length() - (ft ? "-ft".length() : 0));
            return java.util.Optional.of(new WeightClustering(PrunerRegistry.whole(name, k, "cluster-K or cluster-K-ft "
                    + "with a whole number K"), ft));
        }
    }
}
