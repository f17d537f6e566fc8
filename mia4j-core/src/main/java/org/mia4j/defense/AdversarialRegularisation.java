package org.mia4j.defense;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
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
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.mia4j.InvalidSetting;
import org.mia4j.Setting;
import org.mia4j.Settings;
import org.mia4j.data.Dataset;
import org.mia4j.model.Network;
import org.mia4j.train.Objective;

/**
 * Adversarial regularisation (Nasr, Shokri &amp; Houmansadr 2018), as the seed's {@code --defend adv} runs it during
 * pruning's fine-tuning: a min-max game with an inference model h on (posterior, one-hot label). Before every model
 * step h takes {@code steps} Adam steps, each on a fresh batch of training records (label 1) and as many reference
 * records the model does not train on (label 0); the model then minimises cross-entropy + lambda * (mean h(members)
 * - 0.5), as in the authors' {@code train_privatly}, so it learns to make its members look like non-members to h.
 * Their code alternates 52 inference batches with 2 model batches (26 to 1, lambda 3 on Purchase); that ratio is
 * the default.
 */
public final class AdversarialRegularisation implements Defense {
    public static final Setting<Double> LAMBDA = Setting.real("adv-lambda", 3.0, "Adversarial regularisation's "
            + "lambda: weight of the inference model's gain in the model's loss.").atLeast(0);
    /** Nasr et al.'s code: 52 inference batches per 2 model batches. */
    public static final Setting<Integer> STEPS = Setting.integer("adv-steps", 26, "Adversarial regularisation: "
            + "inference-model steps per model step.").positive();
    private final double lambda;
    private final int steps;
    private Network net;
    private Dataset data;
    private int[] reference;
    private int[] train;
    private Random rnd;
    private Model inference;
    private Trainer trainer;

    public AdversarialRegularisation(double lambda, int steps) {
        this.lambda = LAMBDA.check(lambda);
        this.steps = STEPS.check(steps);
    }

    @Override
    public String name() {
        return "adv-reg";
    }

    @Override
    public boolean trainsFromScratch() {
        return false;
    }

    @Override
    public void start(Network target, Dataset d, int[] train, int[] ref, long seed) {
        if (ref.length == 0) {
            throw new InvalidSetting("defenses", "adv-reg needs reference records the model does not train on");
        }
        net = target;
        data = d;
        reference = ref.clone();
        this.train = train.clone();
        rnd = new Random(seed + 31);
        int c = target.numClasses();
        SequentialBlock h = new SequentialBlock().add(Linear.builder().setUnits(64).build())
                .add(Activation.reluBlock()).add(Linear.builder().setUnits(1).build());
        inference = Model.newInstance("adv-reg-inference");
        inference.setBlock(h);
        h.initialize(inference.getNDManager(), DataType.FLOAT32, new Shape(1, 2L * c));
        trainer = inference.newTrainer(new DefaultTrainingConfig(Loss.sigmoidBinaryCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build()));
    }

    @Override
    public void beforeBatch(int[] members) {
        if (trainer == null || lambda == 0) {
            return;
        }
        int n = members.length;
        for (int k = 0; k < steps; k++) {
            // a fresh batch of training records and as many reference records per step, as the authors' code does
            int[] in = new int[n];
            int[] ref = new int[n];
            for (int i = 0; i < n; i++) {
                in[i] = train[rnd.nextInt(train.length)];
                ref[i] = reference[rnd.nextInt(reference.length)];
            }
            float[] pm = net.posteriors(data.features(in), n); // the model as it is now, without recording
            float[] pr = net.posteriors(data.features(ref), n);
            try (NDManager m = trainer.getManager().newSubManager()) {
                NDArray x = NDArrays.concat(new NDList(features(m, pm, data.labels(in)),
                        features(m, pr, data.labels(ref))));
                NDArray y = NDArrays.concat(new NDList(m.ones(new Shape(n, 1)), m.zeros(new Shape(n, 1))));
                inference.getBlock().getParameters().forEach(p -> p.getValue().getArray().getGradient().muli(0));
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDArray out = trainer.forward(new NDList(x)).singletonOrThrow();
                    gc.backward(Loss.sigmoidBinaryCrossEntropyLoss().evaluate(new NDList(y), new NDList(out)));
                }
                trainer.step();
            }
        }
    }

    /** h's input: posterior and one-hot label side by side. */
    private NDArray features(NDManager m, float[] posteriors, int[] labels) {
        int c = net.numClasses();
        NDArray p = m.create(posteriors, new Shape(labels.length, c));
        return NDArrays.concat(new NDList(p, m.create(labels).oneHot(c)), 1);
    }

    @Override
    public NDArray loss(NDArray logits, NDArray labels, int epoch) {
        NDArray ce = Objective.CROSS_ENTROPY.loss(logits, labels, epoch);
        if (trainer == null || lambda == 0) {
            return ce;
        }
        int c = (int) logits.getShape().get(1);
        NDArray x = NDArrays.concat(new NDList(logits.softmax(1), labels.oneHot(c).toType(DataType.FLOAT32, false)),
                1);
        // h is held fixed here: its parameters are read, and their gradients are cleared before its own steps
        NDArray h = inference.getBlock().forward(new ParameterStore(logits.getManager(), false), new NDList(x), false)
                .singletonOrThrow();
        h = Activation.sigmoid(h);
        return ce.add(h.mean().sub(0.5f).mul((float) lambda));
    }

    @Override
    public void finish() {
        if (trainer != null) {
            trainer.close();
            inference.close();
            trainer = null;
            inference = null;
        }
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name());
        m.put("lambda", lambda);
        m.put("steps", steps);
        return m;
    }

    /** Registers {@code adv-reg}; {@code adv-reg@L} sets its lambda. */
    public static final class Provider implements DefenseProvider {
        @Override
        public java.util.List<String> names() {
            return java.util.List.of("adv-reg");
        }

        @Override
        public java.util.List<Setting<?>> settings() {
            return java.util.List.of(LAMBDA, STEPS);
        }

        @Override
        public Settings withStrength(String name, String value, Settings s) {
            return s.with(LAMBDA, Double.parseDouble(value));
        }

        @Override
        public Defense create(String name, DefenseContext c) {
            return new AdversarialRegularisation(c.get(LAMBDA), c.get(STEPS));
        }
    }
}
