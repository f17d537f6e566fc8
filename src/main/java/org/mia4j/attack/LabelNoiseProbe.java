package org.mia4j.attack;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.mia4j.Mia4jException;
import org.mia4j.model.Network;

/**
 * Label-only robustness (after Choquette-Choo et al. 2021): the share of q Gaussian-noised copies of a record
 * (standard deviation sigma) that the model still labels correctly. Only predicted labels are used.
 */
public final class LabelNoiseProbe implements Probe {
    public static final String NAME = "label-noise";
    private static final int BATCH = 256;
    private final int queries;
    private final double sigma;

    public LabelNoiseProbe(int queries, double sigma) {
        if (queries < 1) {
            throw new Mia4jException("--label-queries must be >= 1, got " + queries);
        }
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new Mia4jException("--label-noise must be a positive number, got " + sigma);
        }
        this.queries = queries;
        this.sigma = sigma;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public float[] compute(Network net, float[] features, int[] labels, int n, long seed) {
        Engine.getInstance().setRandomSeed(Math.floorMod(seed, Integer.MAX_VALUE));
        int size = features.length / Math.max(n, 1);
        float[] out = new float[n];
        for (int start = 0; start < n; start += BATCH) {
            int b = Math.min(BATCH, n - start);
            try (NDManager sm = net.manager().newSubManager()) {
                float[] chunk = new float[b * size];
                System.arraycopy(features, start * size, chunk, 0, chunk.length);
                int[] y = new int[b];
                System.arraycopy(labels, start, y, 0, b);
                NDArray x = sm.create(chunk, Network.batchShape(b, net.recordShape()));
                Shape many = Network.batchShape(queries * b, net.recordShape());
                NDArray noisy = x.expandDims(0).repeat(0, queries).reshape(many)
                        .add(sm.randomNormal(many).muli((float) sigma));
                NDArray pred = net.logits(sm, noisy).argMax(1).reshape(queries, b);
                NDArray truth = sm.create(y).toType(pred.getDataType(), false).expandDims(0);
                float[] share = pred.eq(truth).toType(DataType.FLOAT32, false).mean(new int[] {0}).toFloatArray();
                System.arraycopy(share, 0, out, start, b);
            }
        }
        return out;
    }
}
