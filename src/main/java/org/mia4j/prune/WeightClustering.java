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
 * K fp32 centroids per layer. Biases stay fp32. The centroids are not fine-tuned afterwards.
 */
public final class WeightClustering implements Pruner {
    static final int MAX_ITERATIONS = 50;
    private final int clusters;

    public WeightClustering(int clusters) {
        if (clusters < 2 || clusters > 65_536) {
            throw new InvalidSetting("pruners", "cluster-K needs 2 <= K <= 65536, got " + clusters);
        }
        this.clusters = clusters;
    }

    public int clusters() {
        return clusters;
    }

    @Override
    public Variant variant() {
        return Variant.compression("cluster-" + clusters);
    }

    @Override
    public Mask prune(Network net, PruningContext ctx) {
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
            }
        }
        return new Mask(net, new ParamSet(net.manager().newSubManager(), new LinkedHashMap<>()));
    }
}
