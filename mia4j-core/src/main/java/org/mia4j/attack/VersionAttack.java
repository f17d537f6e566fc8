package org.mia4j.attack;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mia4j.Setting;
import org.mia4j.outputs.Observations;
import org.mia4j.train.TrainingConfig;

/**
 * Attacks on a compressed model that also see other versions of the same model for the same record (CompLeak, Li et
 * al., USENIX Security 2026): an attack MLP trained on the adversary's shadow models' versions side by side. The
 * other versions' posteriors arrive as {@code version:LABEL} entries of the outputs' per-record extras (the audit
 * adds them to every pruned or compressed model and its shadows). {@code compleak-sr}: this version, the original
 * and their difference; {@code compleak-mr}: this version, the original and every other compressed version;
 * {@code compleak-mr-compressed}: this version and every other compressed version, without the original (an adversary
 * who can query only compressed deployments).
 */
public final class VersionAttack extends NeuralAttack {
    /** Prefix of the per-record extras that hold another version's posteriors. */
    public static final String PREFIX = "version:";
    /** The original model's entry. */
    public static final String ORIGINAL = PREFIX + "original";

    private final boolean multi;
    private final boolean withOriginal;
    private final int minOthers;
    private final TrainingConfig training;
    private final long seed;

    public VersionAttack(boolean multi, TrainingConfig training, long seed) {
        this(multi, true, training, seed);
    }

    /** {@code withOriginal} false: the multi-version attack without the original's posteriors. */
    public VersionAttack(boolean multi, boolean withOriginal, TrainingConfig training, long seed) {
        this(multi, withOriginal, 2, training, seed);
    }

    private VersionAttack(boolean multi, boolean withOriginal, int minOthers, TrainingConfig training, long seed) {
        super(training, seed, 0);
        if (!multi && !withOriginal) {
            throw new IllegalArgumentException("the single-version attack compares with the original");
        }
        this.multi = multi;
        this.withOriginal = withOriginal;
        this.minOthers = minOthers;
        this.training = training;
        this.seed = seed;
    }

    /**
     * This multi-version attack reading as few as one other version: an adversary holding two compressed versions
     * (a release set without the original). The audit asks for two, so that with the original it never repeats
     * the single-version attack.
     */
    public VersionAttack withOneOther() {
        return new VersionAttack(multi, withOriginal, 1, training, seed);
    }

    /** Whether it reads other versions than the original (the multi-version attacks). */
    public boolean multiVersion() {
        return multi;
    }

    /** Whether it reads the original's posteriors. */
    public boolean readsOriginal() {
        return withOriginal;
    }

    @Override
    public String name() {
        return !multi ? "compleak-sr" : withOriginal ? "compleak-mr" : "compleak-mr-compressed";
    }

    @Override
    public String description() {
        return multi ? "attack MLP on the posteriors of this version" + (withOriginal ? ", the original" : "")
                + " and every other compressed version of the model for the same record (CompLeak multi-version, Li "
                + "et al. 2026)"
                : "attack MLP on this version's and the original's posteriors and their difference (CompLeak "
                        + "single-version, Li et al. 2026)";
    }

    /** Versions this attack reads for a model: the original, and for the multi-version one all others. */
    public List<String> versions(Map<String, float[]> extras) {
        if (!multi) {
            return List.of(ORIGINAL);
        }
        return new TreeMap<>(extras).keySet().stream().filter(k -> k.startsWith(PREFIX)
                && (withOriginal || !k.equals(ORIGINAL))).toList();
    }

    /**
     * Whether the target and the adversary's shadows both hold the versions it reads (not for the original, nor
     * when shadows are left unpruned, nor for the multi-version one with a single other version).
     */
    @Override
    public boolean appliesTo(Observations target, AttackerKnowledge knowledge) {
        List<String> v = versions(target.probes());
        return (!withOriginal || target.probes().containsKey(ORIGINAL)) && (!multi || v.size() >= minOthers)
                && knowledge.hasShadows()
                && knowledge.shadows().probes().keySet().containsAll(v);
    }

    @Override
    protected float[] features(Observations o) {
        int c = o.numClasses();
        List<String> v = versions(o.probes());
        int w = multi ? (1 + v.size()) * c : 3 * c;
        float[] f = new float[o.size() * w];
        float[] p = o.posteriors();
        for (int i = 0; i < o.size(); i++) {
            System.arraycopy(p, i * c, f, i * w, c);
            for (int j = 0; j < v.size(); j++) {
                System.arraycopy(o.probes().get(v.get(j)), i * c, f, i * w + (j + 1) * c, c);
            }
            if (!multi) {
                float[] q = o.probes().get(ORIGINAL);
                for (int k = 0; k < c; k++) {
                    f[i * w + 2 * c + k] = p[i * c + k] - q[i * c + k];
                }
            }
        }
        return f;
    }

    /** Registers {@code compleak-sr}, {@code compleak-mr} and {@code compleak-mr-compressed}. */
    public static final class Provider implements AttackProvider {
        @Override
        public List<String> names() {
            return List.of("compleak-sr", "compleak-mr", "compleak-mr-compressed");
        }

        @Override
        public List<Setting<?>> settings() {
            return List.of(EPOCHS);
        }

        @Override
        public Attack create(String name, AttackContext c) {
            return new VersionAttack(!name.equals("compleak-sr"), !name.equals("compleak-mr-compressed"),
                    recipe(c), c.seed());
        }
    }
}
