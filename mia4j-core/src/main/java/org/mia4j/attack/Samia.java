package org.mia4j.attack;

import java.util.List;
import org.mia4j.Setting;
import org.mia4j.model.ModelSpec;
import org.mia4j.outputs.Observations;
import org.mia4j.train.TrainingConfig;

/**
 * SAMIA, the self-attention membership inference attack of Yuan &amp; Zhang (USENIX Security 2022): per class
 * position the triple (posterior, sensitivity, one-hot label), a Transformer encoder over the C positions, trained
 * on the pooled outputs of the (pruned) shadow models.
 */
public final class Samia extends NeuralAttack {
    public static final Setting<Integer> EPOCHS = Setting.integer("samia-epochs", 10, "Maximum epochs of SAMIA's "
            + "model, early-stopped with patience 3 (the paper trains 100 with SGD).").quick(5).positive();
    /** Its encoder costs ~0.15 s per batch of 128 on 2 CPU cores. */
    public static final Setting<Integer> MAX_RECORDS = Setting.integer("samia-max-records", 4000, "SAMIA trains on "
            + "a seeded subsample of at most this many pooled shadow records, 0 = all.").quick(2000).atLeast(0);
    public static final Setting<Integer> LAYERS = Setting.integer("samia-layers", 3, "SAMIA encoder layers.").positive();
    public static final Setting<Integer> HEADS = Setting.integer("samia-heads", 4, "SAMIA attention heads.").rule("a head count dividing 64", h -> h >= 1 && 64 % h == 0);
    public static final Setting<Integer> M = Setting.integer("samia-m", 10, "SAMIA perturbations per record.").positive();
    public static final Setting<Double> EPS = Setting.real("samia-eps", 1e-3, "SAMIA perturbation scale.").positive();
    /** Early stopping of SAMIA's model: at most the run's patience. */
    static final int PATIENCE = 3;
    private final SamiaModel model;
    private final SensitivityProbe probe;

    public Samia(SamiaModel model, TrainingConfig training, long seed, int maxRecords) {
        this(model, training, seed, maxRecords, new SensitivityProbe(M.defaultValue(), EPS.defaultValue()));
    }

    public Samia(SamiaModel model, TrainingConfig training, long seed, int maxRecords, SensitivityProbe probe) {
        super(training, seed, maxRecords);
        this.model = model;
        this.probe = probe;
    }

    @Override
    public java.util.Map<String, Object> settings() {
        java.util.Map<String, Object> s = new java.util.LinkedHashMap<>(super.settings());
        s.put("probe", probe.settings());
        return s;
    }

    @Override
    public String name() {
        return "samia";
    }

    @Override
    public String description() {
        return "self-attention over (posterior, sensitivity, one-hot) per class (Yuan & Zhang 2022)";
    }

    @Override
    public java.util.List<Probe> probes() {
        return java.util.List.of(probe);
    }

    @Override
    protected ModelSpec model() {
        return model;
    }


    @Override
    protected float[] features(Observations o) {
        int c = o.numClasses();
        float[] sens = o.probe(SensitivityProbe.NAME);
        float[] h = oneHot(o);
        float[] out = new float[o.size() * 3 * c];
        for (int i = 0; i < o.size(); i++) {
            System.arraycopy(o.posteriors(), i * c, out, i * 3 * c, c);
            System.arraycopy(sens, i * c, out, i * 3 * c + c, c);
            System.arraycopy(h, i * c, out, i * 3 * c + 2 * c, c);
        }
        return out;
    }

    /** Registers {@code samia}: its model trains with the run's recipe, its own epochs and patience. */
    public static final class Provider implements AttackProvider {
        @Override
        public List<String> names() {
            return List.of("samia");
        }

        @Override
        public List<Setting<?>> settings() {
            return List.of(EPOCHS, MAX_RECORDS, LAYERS, HEADS, M, EPS);
        }

        @Override
        public Attack create(String name, AttackContext c) {
            TrainingConfig t = c.training();
            return new Samia(SamiaModel.paper(c.get(LAYERS), c.get(HEADS)), new TrainingConfig(c.get(EPOCHS),
                    t.batchSize(), t.learningRate(), t.weightDecay(), Math.min(t.patience(), PATIENCE)), c.seed(),
                    c.get(MAX_RECORDS), new SensitivityProbe(c.get(M), c.get(EPS)));
        }
    }
}
