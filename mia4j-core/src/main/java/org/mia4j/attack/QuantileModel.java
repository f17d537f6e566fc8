package org.mia4j.attack;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.L2Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Random;
import org.mia4j.Progress;
import org.mia4j.data.Splits;

/**
 * QMIA's regression model (Bertran et al. 2023, their Gaussian parametrisation): an MLP on (record features,
 * one-hot label) predicting the mean and log standard deviation of the score a record gets as a non-member,
 * trained by Gaussian negative log-likelihood on records known not to be members. Any quantile follows as
 * mu + sigma * z. 10% of the training records are held out to keep the epoch with the lowest held-out loss.
 */
final class QuantileModel implements AutoCloseable {
    private final Model model;
    private final int width;
    private final int classes;

    private QuantileModel(Model model, int width, int classes) {
        this.model = model;
        this.width = width;
        this.classes = classes;
    }

    /** Fits on {@code n} records: features (row-major, {@code width} each), labels and their non-member scores. */
    static QuantileModel fit(float[] features, int width, int[] labels, int classes, double[] scores, int epochs,
            long seed, Progress.Task task) {
        int n = labels.length;
        Engine.getInstance().setRandomSeed(Math.floorMod(seed, Integer.MAX_VALUE));
        SequentialBlock mlp = new SequentialBlock().add(Linear.builder().setUnits(64).build())
                .add(Activation.reluBlock()).add(Linear.builder().setUnits(64).build()).add(Activation.reluBlock())
                .add(Linear.builder().setUnits(2).build());
        Model model = Model.newInstance("qmia");
        model.setBlock(mlp);
        mlp.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, width + classes));
        QuantileModel q = new QuantileModel(model, width, classes);
        int[] perm = Splits.permutation(n, seed);
        int held = Math.max(1, n / 10);
        int[] dev = java.util.Arrays.copyOfRange(perm, 0, held);
        int[] train = java.util.Arrays.copyOfRange(perm, held, n);
        double best = Double.POSITIVE_INFINITY;
        ai.djl.util.PairList<String, ai.djl.ndarray.NDArray> bestWeights = null;
        Random order = new Random(seed + 1);
        try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(new L2Loss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build()))) {
            for (int e = 0; e < epochs; e++) {
                int[] p = Splits.permutation(train.length, order.nextLong());
                for (int start = 0; start < train.length; start += 128) {
                    int b = Math.min(128, train.length - start);
                    int[] idx = new int[b];
                    for (int i = 0; i < b; i++) {
                        idx[i] = train[p[start + i]];
                    }
                    try (NDManager m = trainer.getManager().newSubManager()) {
                        NDArray x = q.input(m, features, labels, idx);
                        NDArray y = m.create(select(scores, idx));
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDArray out = trainer.forward(new NDList(x)).singletonOrThrow();
                            gc.backward(nll(out, y));
                        }
                        trainer.step();
                    }
                }
                try (NDManager m = model.getNDManager().newSubManager()) {
                    double loss = nll(q.forward(m, q.input(m, features, labels, dev)), m.create(select(scores, dev)))
                            .getFloat();
                    task.message(String.format(java.util.Locale.ROOT, "epoch %d/%d dev loss %.3f", e + 1, epochs,
                            loss));
                    if (loss < best) {
                        best = loss;
                        if (bestWeights != null) {
                            bestWeights.values().forEach(NDArray::close);
                        }
                        bestWeights = new ai.djl.util.PairList<>();
                        for (var pa : mlp.getParameters()) {
                            NDArray c = pa.getValue().getArray().duplicate();
                            c.detach();
                            bestWeights.add(pa.getKey(), c);
                        }
                    }
                }
            }
        }
        if (bestWeights != null) {
            var params = mlp.getParameters();
            for (int i = 0; i < params.size(); i++) {
                bestWeights.get(i).getValue().copyTo(params.get(i).getValue().getArray());
                bestWeights.get(i).getValue().close();
            }
        }
        return q;
    }

    /** Per record {mu, sigma} of the non-member score. */
    double[][] predict(float[] features, int[] labels) {
        int n = labels.length;
        double[][] out = new double[n][2];
        for (int start = 0; start < n; start += 1024) {
            int b = Math.min(1024, n - start);
            int[] idx = new int[b];
            for (int i = 0; i < b; i++) {
                idx[i] = start + i;
            }
            try (NDManager m = model.getNDManager().newSubManager()) {
                float[] o = forward(m, input(m, features, labels, idx)).toFloatArray();
                for (int i = 0; i < b; i++) {
                    out[start + i][0] = o[2 * i];
                    out[start + i][1] = Math.exp(o[2 * i + 1]);
                }
            }
        }
        return out;
    }

    private NDArray forward(NDManager m, NDArray x) {
        return model.getBlock().forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
    }

    private NDArray input(NDManager m, float[] features, int[] labels, int[] idx) {
        float[] x = new float[idx.length * (width + classes)];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(features, idx[i] * width, x, i * (width + classes), width);
            x[i * (width + classes) + width + labels[idx[i]]] = 1;
        }
        return m.create(x, new Shape(idx.length, width + classes));
    }

    /** Gaussian negative log-likelihood (up to a constant) of {@code y} under (mu, log sigma) = {@code out}. */
    private static NDArray nll(NDArray out, NDArray y) {
        NDArray mu = out.get(":, 0");
        NDArray logSigma = out.get(":, 1").clip(-7, 7);
        return logSigma.add(y.sub(mu).square().mul(logSigma.mul(-2).exp()).mul(0.5f)).mean();
    }

    private static float[] select(double[] v, int[] idx) {
        float[] out = new float[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = (float) v[idx[i]];
        }
        return out;
    }

    @Override
    public void close() {
        model.close();
    }
}
