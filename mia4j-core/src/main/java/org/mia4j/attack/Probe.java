package org.mia4j.attack;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.mia4j.model.Network;
import org.mia4j.model.Queryable;
import org.mia4j.outputs.ModelOutputs;

/**
 * A per-record feature obtained by querying a model beyond one forward pass (perturbed inputs). Computed the same
 * way on shadows and target so an attack can learn from it on shadows and apply it to the target.
 */
public interface Probe {

    /**
     * Inputs per forward pass of a probe (records x queries). Measured on the small CNN (2 cores): 0.12 ms per
     * image in passes of 256, 0.30 ms in passes of 5,120 (20 queries x 256 records, the former batching).
     */
    int FORWARD_RECORDS = 256;

    /** Key under which the values are stored in {@link ModelOutputs#probes()}. */
    String name();

    /** The probe's settings, recorded with the attacks that use it. */
    default java.util.Map<String, Object> settings() {
        return java.util.Map.of();
    }

    /** Values for {@code n} records (features row-major, true labels), {@code width} per record. */
    default float[] compute(Queryable net, float[] features, int[] labels, int n, long seed) {
        return compute(net, features, labels, n, seed, done -> {});
    }

    /** As above, telling {@code done} how many more records are finished after each batch (for progress). */
    float[] compute(Queryable net, float[] features, int[] labels, int n, long seed,
            java.util.function.IntConsumer done);

    /** Per-batch probe body: the batch's inputs (b x record) and labels; returns b x width values. */
    @FunctionalInterface
    interface BatchBody {
        float[] apply(NDManager m, NDArray x, int[] labels);
    }

    /**
     * Runs {@code body} over batches of {@code batch} records, each in its own sub-manager, with the engine seeded
     * first so the noise is reproducible; concatenates the results.
     */
    static float[] batched(Queryable net, float[] features, int[] labels, int n, long seed, int batch, int width,
            java.util.function.IntConsumer done, BatchBody body) {
        Engine.getInstance().setRandomSeed(Math.floorMod(seed, Integer.MAX_VALUE));
        int size = features.length / Math.max(n, 1);
        float[] out = new float[n * width];
        for (int start = 0; start < n; start += batch) {
            int b = Math.min(batch, n - start);
            try (NDManager m = net.manager().newSubManager()) {
                float[] chunk = new float[b * size];
                System.arraycopy(features, start * size, chunk, 0, chunk.length);
                NDArray x = m.create(chunk, Network.batchShape(b, net.recordShape()));
                float[] v = body.apply(m, x, java.util.Arrays.copyOfRange(labels, start, start + b));
                System.arraycopy(v, 0, out, start * width, v.length);
            }
            done.accept(b);
        }
        return out;
    }
}
