package org.mia4j.attack;

import org.mia4j.InvalidSetting;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.mia4j.Mia4jException;
import org.mia4j.model.Network;
import org.mia4j.model.Queryable;

/**
 * SAMIA's sensitivity feature (Yuan &amp; Zhang): for each class k, the mean over m Gaussian perturbations u of
 * |softmax(f(x + eps u))_k - softmax(f(x))_k| / eps. All m perturbed copies of a batch go through one forward pass.
 */
public final class SensitivityProbe implements Probe {
    public static final String NAME = "sensitivity";
    private final int m;
    private final double eps;

    @Override
    public java.util.Map<String, Object> settings() {
        return java.util.Map.of("perturbations", m, "eps", eps);
    }

    public SensitivityProbe(int m, double eps) {
        if (m < 1) {
            throw new InvalidSetting("samia-m", "must be >= 1, got " + m);
        }
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new InvalidSetting("samia-eps", "must be a positive number, got " + eps);
        }
        this.m = m;
        this.eps = eps;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public float[] compute(Queryable net, float[] features, int[] labels, int n, long seed,
            java.util.function.IntConsumer done) {
        int c = net.numClasses();
        int batch = Math.max(1, Probe.FORWARD_RECORDS / m);
        return Probe.batched(net, features, labels, n, seed, batch, c, done, (sm, x, y) -> {
            int b = (int) x.getShape().get(0);
            NDArray p0 = net.logits(sm, x).softmax(1);
            Shape many = Network.batchShape(b * m, net.recordShape());
            NDArray xs = x.expandDims(0).repeat(0, m).reshape(many);
            NDArray noisy = xs.add(sm.randomNormal(many).muli((float) eps));
            NDArray pm = net.logits(sm, noisy).softmax(1).reshape(m, b, c);
            return pm.sub(p0.expandDims(0)).abs().mean(new int[] {0}).div((float) eps).toFloatArray();
        });
    }
}
