package org.mia4j.attack;

import org.mia4j.InvalidSetting;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.mia4j.Mia4jException;
import org.mia4j.model.Network;
import org.mia4j.model.Queryable;

/**
 * Label-only robustness (after Choquette-Choo et al. 2021): the share of q Gaussian-noised copies of a record
 * (standard deviation sigma) that the model still labels correctly. Only predicted labels are used.
 */
public final class LabelNoiseProbe implements Probe {
    public static final String NAME = "label-noise";
    private final int queries;
    private final double sigma;

    @Override
    public java.util.Map<String, Object> settings() {
        return java.util.Map.of("queries", queries, "noise_sd", sigma);
    }

    public LabelNoiseProbe(int queries, double sigma) {
        if (queries < 1) {
            throw new InvalidSetting("label-queries", "must be >= 1, got " + queries);
        }
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new InvalidSetting("label-noise", "must be a positive number, got " + sigma);
        }
        this.queries = queries;
        this.sigma = sigma;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public float[] compute(Queryable net, float[] features, int[] labels, int n, long seed,
            java.util.function.IntConsumer done) {
        int batch = Math.max(1, Probe.FORWARD_RECORDS / queries);
        return Probe.batched(net, features, labels, n, seed, batch, 1, done, (m, x, y) -> {
            int b = (int) x.getShape().get(0);
            Shape many = Network.batchShape(queries * b, net.recordShape());
            NDArray noisy = x.expandDims(0).repeat(0, queries).reshape(many)
                    .add(m.randomNormal(many).muli((float) sigma));
            NDArray pred = net.logits(m, noisy).argMax(1).reshape(queries, b);
            NDArray truth = m.create(y).toType(pred.getDataType(), false).expandDims(0);
            return pred.eq(truth).toType(DataType.FLOAT32, false).mean(new int[] {0}).toFloatArray();
        });
    }
}
