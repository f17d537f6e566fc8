package org.mia4j.critical;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.mia4j.Defaults;
import org.mia4j.InvalidSetting;
import org.mia4j.Mia4jException;
import org.mia4j.data.Dataset;
import org.mia4j.model.Network;

/**
 * Per-weight scores of Fang &amp; Kim's critical-weight analysis, for every trainable parameter of every layer,
 * computed batched on the engine and returned flattened per parameter name.
 *
 * <ul>
 *   <li>learnability: Taylor first-order importance over the training records at the trained weights;
 *       Molchanov et al.'s (g w)^2 by default, |g w| as an option;
 *   <li>privacy vulnerability (PVE): from the initial weights, T Adam steps on
 *       (1 - lambda) CE(members) + lambda KL(f(x_re; theta) || f(x_re; theta0)) with x_re held-out non-members,
 *       accumulating |g w| each step (the paper publishes neither lambda, T, the KL direction nor a temperature:
 *       options, defaults lambda 0.5, T 100, KL(model || initial), temperature 1);
 *   <li>loss gap: first-order importance |w d(L_members - L_nonmembers)/dw| at the trained weights, a cheap
 *       alternative.
 * </ul>
 */
public final class WeightScores {
    private WeightScores() {}

    /** PVE settings. */
    public record PveOptions(double lambda, int steps, boolean klModelToInitial, double temperature) {
        public static PveOptions defaults() {
            return new PveOptions(Defaults.PVE_LAMBDA, Defaults.PVE_STEPS,
                    Defaults.PVE_KL.equals("model-initial"), Defaults.PVE_TEMPERATURE);
        }

        public PveOptions {
            if (!(lambda >= 0 && lambda <= 1)) {
                throw new InvalidSetting("pve-lambda", "must be in [0, 1], got " + lambda);
            }
            if (steps < 1) {
                throw new InvalidSetting("pve-steps", "must be >= 1, got " + steps);
            }
            if (!(temperature > 0)) {
                throw new InvalidSetting("pve-temperature", "must be > 0, got " + temperature);
            }
        }
    }

    /** Learnability (TFO) at the network's current (trained) weights over {@code members}. */
    public static Map<String, float[]> learnability(Network net, Dataset data, int[] members, int batch,
            boolean squared) {
        Map<String, NDArray> acc = zeros(net);
        Loss ce = Loss.softmaxCrossEntropyLoss();
        for (int start = 0; start < members.length; start += batch) {
            int[] idx = java.util.Arrays.copyOfRange(members, start, Math.min(members.length, start + batch));
            try (NDManager m = net.manager().newSubManager();
                    GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = forward(net, m, data, idx);
                gc.backward(ce.evaluate(new NDList(m.create(data.labels(idx))), new NDList(logits)));
                accumulate(net, acc, squared, true);
            }
        }
        return toJava(acc);
    }

    /** Loss-gap importance at the trained weights: members vs non-members, batch by batch. */
    public static Map<String, float[]> lossGap(Network net, Dataset data, int[] members, int[] nonMembers,
            int batch) {
        Map<String, NDArray> acc = zeros(net);
        Loss ce = Loss.softmaxCrossEntropyLoss();
        int n = Math.min(members.length, nonMembers.length);
        for (int start = 0; start < n; start += batch) {
            int end = Math.min(n, start + batch);
            int[] mi = java.util.Arrays.copyOfRange(members, start, end);
            int[] ni = java.util.Arrays.copyOfRange(nonMembers, start, end);
            try (NDManager m = net.manager().newSubManager();
                    GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray lm = ce.evaluate(new NDList(m.create(data.labels(mi))), new NDList(forward(net, m, data, mi)));
                NDArray ln = ce.evaluate(new NDList(m.create(data.labels(ni))), new NDList(forward(net, m, data, ni)));
                gc.backward(lm.sub(ln));
                accumulate(net, acc, false, true);
            }
        }
        return toJava(acc);
    }

    /**
     * Privacy-vulnerability estimation. Works on a copy of {@code trained} reset to its theta0; the copy's initial
     * predictions on {@code reference} are the KL anchor.
     */
    public static Map<String, float[]> pve(Network trained, Dataset data, int[] members, int[] reference,
            int batch, double learningRate, PveOptions o, long seed) {
        if (members.length == 0 || reference.length == 0) {
            throw new Mia4jException("PVE needs member records and held-out non-member reference records; got "
                    + members.length + " and " + reference.length);
        }
        java.util.Set<Integer> memberSet = new java.util.HashSet<>();
        for (int i : members) {
            memberSet.add(i);
        }
        for (int i : reference) {
            if (memberSet.contains(i)) {
                throw new Mia4jException("PVE's reference non-members overlap the members (record " + i
                        + "); they must be held-out records the model never trained on");
            }
        }
        try (Network net = trained.copy("pve"); Network init = trained.copy("theta0")) {
            net.restore(net.theta0(), "theta0");
            init.restore(init.theta0(), "theta0");
            Engine.getInstance().setRandomSeed(Math.floorMod(seed, Integer.MAX_VALUE));
            Random rnd = new Random(seed);
            Map<String, NDArray> acc = zeros(net);
            float t = (float) o.temperature();
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) learningRate)).build();
            try (Trainer trainer = net.model().newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(adam).optDevices(new Device[] {Device.cpu()}))) {
                for (int step = 0; step < o.steps(); step++) {
                    int[] mi = sample(members, batch, rnd);
                    int[] ri = sample(reference, batch, rnd);
                    try (NDManager m = net.manager().newSubManager()) {
                        // the anchor: predictions of the initial weights (theta0 == the copy's theta0 parameters)
                        NDArray anchor = init.logits(m, features(init, m, data, ri)).div(t).logSoftmax(1);
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDArray ce = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(m.create(data.labels(mi))),
                                    new NDList(trainer.forward(new NDList(features(net, m, data, mi)))
                                            .singletonOrThrow()));
                            NDArray logp = trainer.forward(new NDList(features(net, m, data, ri))).singletonOrThrow()
                                    .div(t).logSoftmax(1);
                            NDArray kl = o.klModelToInitial()
                                    ? logp.exp().mul(logp.sub(anchor)).sum(new int[] {1}).mean()
                                    : anchor.exp().mul(anchor.sub(logp)).sum(new int[] {1}).mean();
                            gc.backward(ce.mul((float) (1 - o.lambda())).add(kl.mul((float) o.lambda())));
                        }
                        accumulate(net, acc, false, false);
                        trainer.step(); // also clears the gradients
                    }
                }
            }
            return toJava(acc);
        }
    }

    private static int[] sample(int[] from, int k, Random rnd) {
        int[] out = new int[Math.min(k, from.length)];
        for (int i = 0; i < out.length; i++) {
            out[i] = from[rnd.nextInt(from.length)];
        }
        return out;
    }

    private static NDArray features(Network net, NDManager m, Dataset data, int[] idx) {
        return m.create(data.features(idx), Network.batchShape(idx.length, net.recordShape()));
    }

    private static NDArray forward(Network net, NDManager m, Dataset data, int[] idx) {
        return net.block().forward(new ParameterStore(m, false), new NDList(features(net, m, data, idx)), false)
                .singletonOrThrow();
    }

    private static Map<String, NDArray> zeros(Network net) {
        Map<String, NDArray> acc = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : net.block().getParameters()) {
            if (p.getValue().requiresGradient()) {
                acc.put(p.getKey(), net.manager().zeros(p.getValue().getArray().getShape()));
            }
        }
        return acc;
    }

    /** acc += |g w| (or (g w)^2); {@code zero}: clear the gradients so the next batch starts clean. */
    private static void accumulate(Network net, Map<String, NDArray> acc, boolean squared, boolean zero) {
        for (Pair<String, Parameter> p : net.block().getParameters()) {
            NDArray a = acc.get(p.getKey());
            if (a == null) {
                continue;
            }
            NDArray w = p.getValue().getArray();
            NDArray g = w.getGradient();
            NDArray gw = g.mul(w);
            a.addi(squared ? gw.square() : gw.abs());
            gw.close();
            if (zero) {
                g.subi(g);
            }
        }
    }

    private static Map<String, float[]> toJava(Map<String, NDArray> acc) {
        Map<String, float[]> out = new LinkedHashMap<>();
        acc.forEach((k, v) -> {
            out.put(k, v.toFloatArray());
            v.close();
        });
        return out;
    }
}
