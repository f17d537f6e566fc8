package org.mia4j.defense;

import java.util.LinkedHashMap;
import org.mia4j.model.Network;
import org.mia4j.model.ParamSet;
import org.mia4j.model.Variant;
import org.mia4j.prune.Mask;
import org.mia4j.prune.Pruner;
import org.mia4j.prune.PruningContext;
import org.mia4j.train.Objective;
import org.mia4j.train.TrainingConfig;

/**
 * A model variant trained with a defense: either a transform (pruning, a critical-weight treatment) whose
 * fine-tuning minimises the defense's objective, named {@code TRANSFORM+DEFENSE}, or, for defenses that train from
 * scratch, the original recipe rerun from the model's exact initial weights theta0 with the defense, named after
 * the defense. Unless adaptive, the adversary does not know the defense: its models get the transform alone.
 */
public final class Defended implements Pruner {
    private final Pruner inner;
    private final Defense defense;
    private final TrainingConfig scratch;
    private final boolean adaptive;

    /** {@code inner} fine-tuned with {@code defense}. */
    public Defended(Pruner inner, Defense defense, boolean adaptive) {
        this(inner, defense, null, adaptive);
    }

    private Defended(Pruner inner, Defense defense, TrainingConfig scratch, boolean adaptive) {
        this.inner = inner;
        this.defense = defense;
        this.scratch = scratch;
        this.adaptive = adaptive;
    }

    /** The original recipe {@code training} rerun from theta0 with {@code defense}. */
    public static Defended fromScratch(Defense defense, TrainingConfig training, boolean adaptive) {
        return new Defended(null, defense, training, adaptive);
    }

    public Defense defense() {
        return defense;
    }

    @Override
    public Variant variant() {
        return inner == null ? Variant.scratch(defense.name()) : inner.variant().withDefense(defense.name());
    }

    @Override
    public Mask prune(Network net, PruningContext ctx) {
        if (inner != null) {
            return inner.prune(net, ctx);
        }
        // rewind every weight to theta0; nothing is held fixed
        net.theta0().copyTo(net.block(), "theta0");
        return new Mask(net, new ParamSet(net.manager().newSubManager(), new LinkedHashMap<>()));
    }

    @Override
    public void validate(Network net) {
        if (inner != null) {
            inner.validate(net);
        }
    }

    @Override
    public boolean appliedByAdversary() {
        return adaptive && (inner == null || inner.appliedByAdversary());
    }

    @Override
    public Variant adversaryVariant() {
        if (adaptive) {
            return appliedByAdversary() ? variant() : Variant.ORIGINAL;
        }
        return inner == null ? Variant.ORIGINAL : inner.adversaryVariant();
    }

    @Override
    public TrainingConfig fineTuning(TrainingConfig base) {
        return inner == null ? scratch : inner.fineTuning(base);
    }

    @Override
    public Objective objective() {
        return defense;
    }

    @Override
    public boolean readsCriticalScores() {
        return inner != null && inner.readsCriticalScores();
    }
}
