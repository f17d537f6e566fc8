package org.mia4j.prune;

import ai.djl.nn.Parameter;
import java.util.HashSet;
import java.util.Set;
import org.mia4j.model.Network;

/**
 * The storage a compressed model's format needs, against fp32: quantize-intB stores B bits per weight and an fp32
 * scale per output row; cluster-K stores ceil(log2 K) bits per weight and K fp32 centroids per layer; everything
 * else (biases) stays fp32; the zeros of a pruned-then-compressed model are not counted as saved (no sparse format). Each layer's weights are checked to fit the format (at most 2^B distinct values per row,
 * at most K per layer); a layer that does not is counted at fp32, so the figure is measured, not assumed.
 */
public final class CompressedSize {
    private CompressedSize() {}

    /** 1 - compressed bits / fp32 bits of all parameters of {@code net} stored as quantize-int{@code bits}. */
    public static double quantized(Network net, int bits) {
        return reduction(net, false, bits, bits);
    }

    /**
     * As {@link #quantized} for cluster-{@code clusters}; after a pruning, 0 is one more value a clustered layer
     * holds (quantization's grid has it already).
     */
    public static double clustered(Network net, int clusters, boolean afterPruning) {
        return reduction(net, true, clusters, afterPruning ? clusters + 1 : clusters);
    }

    private static double reduction(Network net, boolean cluster, int n, int codes) {
        double total = 0;
        for (var p : net.block().getParameters()) {
            total += 32.0 * p.getValue().getArray().size();
        }
        double compressed = total;
        for (Prunable p : Prunable.of(net)) {
            Parameter w = p.param();
            long size = w.getArray().size();
            long rows = w.getArray().getShape().get(0);
            float[] values = w.getArray().toFloatArray();
            double bits = cluster ? fitsLayer(values, codes) : fitsRows(values, rows, 1L << n);
            if (bits >= 0) {
                compressed -= 32.0 * size;
                compressed += cluster ? size * Math.ceil(Math.log(codes) / Math.log(2)) + 32.0 * n
                        : size * n + 32.0 * rows;
            }
        }
        return 1 - compressed / total;
    }

    private static double fitsLayer(float[] v, int k) {
        Set<Float> distinct = new HashSet<>();
        for (float x : v) {
            if (distinct.add(x) && distinct.size() > k) {
                return -1;
            }
        }
        return distinct.size();
    }

    private static double fitsRows(float[] v, long rows, long levels) {
        int per = (int) (v.length / rows);
        for (int r = 0; r < rows; r++) {
            Set<Float> distinct = new HashSet<>();
            for (int j = 0; j < per; j++) {
                if (distinct.add(v[r * per + j]) && distinct.size() > levels) {
                    return -1;
                }
            }
        }
        return levels;
    }
}
