package org.mia4j.attack;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.mia4j.Defaults;
import org.mia4j.Mia4jException;
import org.mia4j.Progress;
import org.mia4j.Setting;
import org.mia4j.data.ArrayDataset;
import org.mia4j.data.Splits;
import org.mia4j.model.ModelSpec;
import org.mia4j.model.Network;
import org.mia4j.model.PinnedThreads;
import org.mia4j.outputs.ModelOutputs;
import org.mia4j.outputs.Observations;
import org.mia4j.train.ModelTrainer;
import org.mia4j.train.TrainingConfig;

/**
 * Attacks that train a binary classifier on features of the pooled shadow outputs (Shokri et al. 2017; Salem et
 * al. 2019). 10% of the shadow records are held out to pick the epoch. The score is the classifier's member
 * probability; the decision is score &gt;= 0.5.
 */
public abstract class NeuralAttack implements Attack {
    static final double DEV_SHARE = 0.1;
    /** Epochs of the attack networks (nn, top3-nn, nn-cls, qmia, compleak-*): one setting they share. */
    public static final Setting<Integer> EPOCHS = Setting.integer("attack-epochs", 50,
            "Maximum epochs of the NN attack MLPs.").quick(20).positive();
    private final TrainingConfig training;
    private final long seed;
    private final int maxRecords;

    /** {@code maxRecords}: train on a seeded subsample of at most this many shadow records (0 = all). */
    protected NeuralAttack(TrainingConfig training, long seed, int maxRecords) {
        this.training = training;
        this.seed = seed;
        this.maxRecords = maxRecords;
    }

    /** Feature vectors of all records, row-major. */
    protected abstract float[] features(Observations o);

    protected ModelSpec model() {
        return new AttackMlp();
    }

    @Override
    public java.util.Map<String, Object> settings() {
        ModelSpec m = model();
        return java.util.Map.of("model", m instanceof SamiaModel s ? s : m.cliName(), "training", training, "seed",
                seed, "max_records", maxRecords, "dev_share", DEV_SHARE);
    }

    @Override
    public Fitted fit(AttackerKnowledge knowledge) {
        return fit(knowledge, Progress.SILENT.start(name(), 0));
    }

    @Override
    public Fitted fit(AttackerKnowledge knowledge, Progress.Task task) {
        ModelOutputs shadow = knowledge.shadows();
        int n = shadow.size();
        float[] features = features(shadow.observations());
        int w = features.length / Math.max(n, 1); // one record's feature vector
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = shadow.members()[i] ? 1 : 0;
        }
        ArrayDataset data = new ArrayDataset(name() + "-train", new int[] {w}, features, y,
                List.of("non-member", "member"), Map.of());
        int[] perm = Splits.permutation(n, seed);
        int used = maxRecords > 0 ? Math.min(maxRecords, n) : n;
        int nDev = (int) Math.round(used * DEV_SHARE);
        Network net;
        try (PinnedThreads pinned = PinnedThreads.pin(Defaults.ATTACK_NETWORK_THREADS)) {
            net = Network.create(name(), model(), new int[] {w}, 2, seed);
            new ModelTrainer(training).train(net, data, Arrays.copyOfRange(perm, nDev, used),
                    Arrays.copyOfRange(perm, 0, nDev), List.of(), seed, task);
        }
        int c = shadow.numClasses();
        return new Fitted() {
            @Override
            public AttackScores score(Observations target) {
                if (target.numClasses() != c) {
                    throw new Mia4jException("attack " + name() + ": fitted on " + c
                            + " classes but the target " + target.model() + " has " + target.numClasses());
                }
                float[] p;
                try (PinnedThreads pinned = PinnedThreads.pin(Defaults.ATTACK_NETWORK_THREADS)) {
                    p = net.posteriors(features(target), target.size());
                }
                double[] s = new double[target.size()];
                boolean[] d = new boolean[s.length];
                for (int i = 0; i < s.length; i++) {
                    s[i] = p[2 * i + 1];
                    d[i] = s[i] >= 0.5;
                }
                return new AttackScores(s, d);
            }

            @Override
            public void close() {
                net.close();
            }
        };
    }

    /** The one-hot encoding of the labels, row-major n x C. */
    static float[] oneHot(Observations o) {
        float[] h = new float[o.size() * o.numClasses()];
        for (int i = 0; i < o.size(); i++) {
            h[i * o.numClasses() + o.labels()[i]] = 1f;
        }
        return h;
    }

    /** The run's recipe with the attack networks' epochs. */
    static TrainingConfig recipe(AttackContext c) {
        return c.training().withEpochs(c.get(EPOCHS));
    }

    /** Registers the MLP attacks {@code nn}, {@code top3-nn} and {@code nn-cls}. */
    public static final class Provider implements AttackProvider {
        @Override
        public List<String> names() {
            return List.of("nn", "top3-nn", "nn-cls");
        }

        @Override
        public List<Setting<?>> settings() {
            return List.of(EPOCHS);
        }

        @Override
        public Attack create(String name, AttackContext c) {
            return switch (name) {
                case "nn" -> new NnAttack(recipe(c), c.seed());
                case "top3-nn" -> new Top3NnAttack(recipe(c), c.seed());
                default -> new NnClsAttack(recipe(c), c.seed());
            };
        }
    }
}
