package org.mia4j.defense;

import java.util.LinkedHashMap;
import org.mia4j.model.Network;
import org.mia4j.model.ParamSet;
import org.mia4j.model.Variant;
import org.mia4j.prune.Mask;
import org.mia4j.prune.Pruner;
import org.mia4j.prune.PruningContext;

/**
 * The transform of a variant trained with a defense: either another transform (pruning, a critical-weight
 * treatment), named {@code TRANSFORM+DEFENSE}, whose fine-tuning then minimises the defense's objective, or, for
 * defenses that train from scratch, a rewind of every weight to the model's exact initial weights theta0, named
 * after the defense. The objective, the recipe and what the adversary knows are the variant's recipe
 * ({@code plan.VariantRecipe}).
 */
public final class Defended implements Pruner {
    private final Pruner inner;
    private final Defense defense;

    /** {@code inner}, to be fine-tuned with {@code defense}. */
    public Defended(Pruner inner, Defense defense) {
        this.inner = inner;
        this.defense = defense;
    }

    /** A rewind to theta0, to be retrained with {@code defense}. */
    public static Defended fromScratch(Defense defense) {
        return new Defended(null, defense);
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
    public void afterFineTuning(Network net, Mask mask) {
        if (inner != null) {
            inner.afterFineTuning(net, mask);
        }
    }

    @Override
    public Double storageReduction(Network net, boolean afterPruning) {
        return inner == null ? null : inner.storageReduction(net, afterPruning);
    }

    @Override
    public boolean fineTunes() {
        return inner == null || inner.fineTunes();
    }

    @Override
    public boolean readsTrainingData() {
        return inner != null && inner.readsTrainingData();
    }

    @Override
    public void validate(Network net) {
        if (inner != null) {
            inner.validate(net);
        }
    }

    @Override
    public boolean readsCriticalScores() {
        return inner != null && inner.readsCriticalScores();
    }
}
