package org.mia4j.prune;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.mia4j.model.LayerGeometry;
import org.mia4j.model.Network;
import org.mia4j.model.Variant;

/**
 * Measured effect of pruning, from the weights themselves: the share of prunable weights that are zero, and the
 * reduction in parameters and multiply-accumulates versus the dense network. In chain networks a removed unit
 * (all-zero row) also removes the matching input columns of the next layer, which count as removed.
 */
public record PruningStats(double sparsity, double parameterReduction, double flopReduction, Double sizeReduction) {

    public PruningStats(double sparsity, double parameterReduction, double flopReduction) {
        this(sparsity, parameterReduction, flopReduction, null);
    }

    /**
     * The stats of {@code net}, made by {@code transform} (null: the original), with its format's storage. A
     * compression alone (quantization, clustering) removes no parameter: its format stores every weight, those that
     * round to zero included, so its sparsity and reductions are 0 and only its storage reduction counts.
     */
    public static PruningStats of(Network net, Pruner transform) {
        Double size = transform == null ? null : transform.storageReduction(net, false);
        if (transform != null && transform.kind() == Variant.Kind.COMPRESSION) {
            return new PruningStats(0, 0, 0, size);
        }
        PruningStats s = of(net);
        return new PruningStats(s.sparsity(), s.parameterReduction(), s.flopReduction(), size);
    }

    public static PruningStats of(Network net) {
        List<Prunable> layers = Prunable.of(net);
        long[] positions = net.architecture() instanceof LayerGeometry a ? a.outputPositions(net.recordShape())
                : new long[0];
        boolean chain = net.architecture() instanceof LayerGeometry a && a.isChain();
        long zeros = 0;
        long total = 0;
        double macs = 0;
        double denseMacs = 0;
        long removedParams = 0;
        boolean[] deadPrev = null;
        for (int l = 0; l < layers.size(); l++) {
            NDArray w = layers.get(l).param().getArray();
            long units = w.getShape().get(0);
            long perUnit = w.size() / units;
            float[] v = w.toFloatArray();
            boolean[] dead = new boolean[(int) units];
            long live = 0;
            // input columns fed by dead units of the previous layer (channel-major flatten for conv -> linear)
            long inputs = perUnit;
            int prevUnits = deadPrev == null ? 0 : deadPrev.length;
            for (int u = 0; u < units; u++) {
                boolean allZero = true;
                for (long j = 0; j < perUnit; j++) {
                    float x = v[(int) (u * perUnit + j)];
                    if (x != 0) {
                        allZero = false;
                        boolean fedByDead = chain && deadPrev != null && inputs % prevUnits == 0
                                && deadPrev[(int) (inputColumn(j, w, prevUnits))];
                        if (!fedByDead) {
                            live++;
                        }
                    } else {
                        zeros++;
                    }
                }
                dead[u] = allZero;
            }
            total += w.size();
            removedParams += w.size() - live;
            long pos = l < positions.length ? positions[l] : 1;
            macs += (double) live * pos;
            denseMacs += (double) w.size() * pos;
            deadPrev = dead;
        }
        return new PruningStats(total == 0 ? 0 : zeros / (double) total,
                total == 0 ? 0 : removedParams / (double) total, denseMacs == 0 ? 0 : 1 - macs / denseMacs);
    }

    /** Which previous-layer unit feeds input column j of weight w (conv: dim 1; linear after flatten: j / (in/prev)). */
    private static long inputColumn(long j, NDArray w, int prevUnits) {
        long[] s = w.getShape().getShape();
        if (s.length == 4) {
            long spatial = s[2] * s[3];
            return j / spatial;
        }
        long in = s[1];
        return j / (in / prevUnits);
    }
}
