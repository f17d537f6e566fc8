package org.mia4j.prune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import org.mia4j.InvalidSetting;
import org.mia4j.model.Network;
import org.mia4j.model.ParamSet;
import org.mia4j.model.Variant;
import org.mia4j.train.StepConstraint;

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
    /** Most elements of one n x K distance array (64 MB of floats); larger layers are assigned in slices. */
    static final long CHUNK = 1L << 24;
    private final int clusters;
    private final boolean fineTune;
    private final long chunk;

    public WeightClustering(int clusters) {
        this(clusters, false);
    }

    public WeightClustering(int clusters, boolean fineTune) {
        this(clusters, fineTune, CHUNK);
    }

    /** {@code chunk}: most elements of one distance array (tests slice small layers with a small one). */
    WeightClustering(int clusters, boolean fineTune, long chunk) {
        this.fineTune = fineTune;
        this.chunk = chunk;
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
        for (Prunable p : Prunable.of(net)) {
            NDArray w = p.param().getArray();
            // a layer's arrays live in a manager of their own: what an op makes from an array of the network's
            // would otherwise stay with the network until it closes (cluster-16 on small-cnn: 7 GB)
            try (NDManager layer = net.manager().newSubManager()) {
                NDArray assign = kMeans(w, layer);
                if (fineTune) { // held for every step of the fine-tuning: built once
                    try (NDManager m = layer.newSubManager()) {
                        m.tempAttachAll(assign);
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
        }
        Mask mask = new Mask(net, new ParamSet(net.manager().newSubManager(), new LinkedHashMap<>()));
        if (!fineTune) {
            keep.close();
            return mask;
        }
        return mask.with(new Tied() {
            @Override
            public void close() {
                keep.close();
            }

            @Override
            public void afterStep() {
                try (NDManager m = keep.newSubManager()) {
                    ties.forEach((w, t) -> {
                        m.tempAttachAll(t[0], t[1], t[2]); // what is computed from them is freed with m
                        NDArray flat = w.reshape(-1, 1);
                        flat.attach(m); // a view of the weights: freed with m, not kept by the network per step
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

    /** The fine-tuning's tie of each weight to its cluster's mean, holding the assignments until closed. */
    private interface Tied extends StepConstraint, AutoCloseable {
        @Override
        void close();
    }

    /**
     * Lloyd's k-means of the weights {@code w} with linearly initialised centroids; writes the clustered values into
     * {@code w} and returns each weight's cluster (in {@code layer}). Each iteration's arrays
     * are freed when it ends, and a layer whose n x K distances exceed {@code chunk} elements is assigned in slices
     * of rows, so memory stays near one slice's distances whatever the layer's size and K.
     */
    private NDArray kMeans(NDArray w, NDManager layer) {
        NDArray flat = w.reshape(-1, 1);
        flat.attach(layer);
        long n = flat.getShape().get(0);
        long rows = Math.max(1, chunk / clusters);
        NDArray centroids;
        try (NDManager m = layer.newSubManager()) {
            m.tempAttachAll(flat);
            float lo = flat.min().getFloat();
            float hi = flat.max().getFloat();
            centroids = m.linspace(lo, hi, clusters).reshape(1, clusters);
            centroids.attach(layer);
        }
        NDArray assign = null;
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            try (NDManager m = layer.newSubManager()) {
                m.tempAttachAll(flat, centroids);
                NDArray next;
                NDArray counts;
                NDArray sums;
                if (n * clusters <= chunk) {
                    next = flat.sub(centroids).abs().argMin(1);
                    NDArray onehot = next.oneHot(clusters).toType(DataType.FLOAT32, false); // (n, K)
                    counts = onehot.sum(new int[] {0});
                    sums = onehot.transpose().matMul(flat).reshape(1, clusters);
                } else {
                    ai.djl.ndarray.NDList parts = new ai.djl.ndarray.NDList();
                    counts = m.zeros(new ai.djl.ndarray.types.Shape(clusters));
                    sums = m.zeros(new ai.djl.ndarray.types.Shape(1, clusters));
                    for (long from = 0; from < n; from += rows) {
                        try (NDManager c = m.newSubManager()) {
                            c.tempAttachAll(flat, centroids, counts, sums);
                            NDArray x = flat.get(new ai.djl.ndarray.index.NDIndex("{}:{}", from,
                                    Math.min(n, from + rows)));
                            NDArray a = x.sub(centroids).abs().argMin(1);
                            NDArray onehot = a.oneHot(clusters).toType(DataType.FLOAT32, false);
                            counts.addi(onehot.sum(new int[] {0}));
                            sums.addi(onehot.transpose().matMul(x).reshape(1, clusters));
                            a.attach(m);
                            parts.add(a);
                        }
                    }
                    next = ai.djl.ndarray.NDArrays.concat(parts);
                }
                boolean settled = assign != null && assign.eq(next).all().getBoolean();
                if (!settled) {
                    NDArray empty = counts.eq(0).reshape(1, clusters);
                    // an empty cluster keeps its centroid
                    NDArray moved = sums.div(counts.maximum(1f).reshape(1, clusters)).mul(empty.logicalNot()
                            .toType(DataType.FLOAT32, false)).add(centroids.mul(empty.toType(DataType.FLOAT32,
                            false)));
                    if (assign != null) {
                        assign.close();
                    }
                    assign = next;
                    assign.attach(layer);
                    moved.attach(layer);
                    centroids.close(); // still attached to m until it closes: closed, it is simply released
                    centroids = moved;
                }
                if (settled) {
                    break;
                }
            }
        }
        try (NDManager m = layer.newSubManager()) {
            m.tempAttachAll(centroids, assign);
            centroids.reshape(-1).get(assign).reshape(w.getShape()).copyTo(w);
        }
        return assign;
    }
}
