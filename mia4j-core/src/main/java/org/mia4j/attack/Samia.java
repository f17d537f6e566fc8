package org.mia4j.attack;

import org.mia4j.model.ModelSpec;
import org.mia4j.train.TrainingConfig;

/**
 * SAMIA, the self-attention membership inference attack of Yuan &amp; Zhang (USENIX Security 2022): per class
 * position the triple (posterior, sensitivity, one-hot label), a Transformer encoder over the C positions, trained
 * on the pooled outputs of the (pruned) shadow models.
 */
public final class Samia extends NeuralAttack {
    private final SamiaModel model;
    private final SensitivityProbe probe;

    public Samia(SamiaModel model, TrainingConfig training, long seed, int maxRecords) {
        this(model, training, seed, maxRecords, new SensitivityProbe(org.mia4j.Defaults.SAMIA_M,
                org.mia4j.Defaults.SAMIA_EPS));
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
}
