package org.mia4j.plan;

import org.mia4j.model.Variant;
import org.mia4j.prune.Pruner;
import org.mia4j.train.Objective;
import org.mia4j.train.TrainingConfig;

/**
 * How one variant is made from a trained model, and what the adversary knows of it: the transform that changes the
 * weights (a pruner, a critical-weight treatment, or a rewind for retraining), the recipe and objective of the
 * (re)training that follows, whether the adversary applies the same to its own models, and which of its own
 * variants it calibrates attacks on this one with ({@code fineTuning} is null for post-training compressions); and which variant it starts from (the original, or a model
 * trained privately whose pruned variants must stay private).
 */
public record VariantRecipe(Pruner transform, TrainingConfig fineTuning, Objective objective,
        boolean appliedByAdversary, Variant adversaryVariant, Variant from) {

    VariantRecipe(Pruner transform, TrainingConfig fineTuning, Objective objective, boolean appliedByAdversary,
            Variant adversaryVariant) {
        this(transform, fineTuning, objective, appliedByAdversary, adversaryVariant, Variant.ORIGINAL);
    }

    /** This recipe applied to {@code base} instead of the original. */
    VariantRecipe from(Variant base) {
        return new VariantRecipe(transform, fineTuning, objective, appliedByAdversary, adversaryVariant, base);
    }

    /** This recipe with another (re)training recipe; a recipe that trains nothing ({@code null}) stays so. */
    VariantRecipe fineTunedWith(TrainingConfig recipe) {
        return new VariantRecipe(transform, fineTuning == null ? null : recipe, objective, appliedByAdversary,
                adversaryVariant, from);
    }

    public Variant variant() {
        return transform.variant();
    }

    /** A pruner: fine-tuned with cross-entropy; the adversary prunes its models the same way. */
    static VariantRecipe pruning(Pruner p, TrainingConfig fineTune) {
        return new VariantRecipe(p, fineTune, Objective.CROSS_ENTROPY, true, p.variant());
    }

    /**
     * A compression (quantization, clustering): post-training, so no fine-tuning ({@code fineTune} null) unless it
     * fine-tunes its shared values ({@code cluster-K-ft}); the adversary compresses its models alike.
     */
    static VariantRecipe compression(Pruner p, TrainingConfig fineTune) {
        return new VariantRecipe(p, fineTune, Objective.CROSS_ENTROPY, true, p.variant());
    }

    /**
     * A critical-weight treatment: fine-tuned with the learning rate restarted and cosine-annealed (Fang &amp; Kim);
     * applied to the target only unless the adversary is adaptive.
     */
    static VariantRecipe treatment(Pruner t, TrainingConfig fineTune, boolean adaptive) {
        return new VariantRecipe(t, fineTune.withCosine(), Objective.CROSS_ENTROPY, adaptive,
                adaptive ? t.variant() : Variant.ORIGINAL);
    }

    /**
     * This recipe with a defense's objective ({@code defended}: the transform renamed with it). Unless adaptive,
     * the adversary does not know the defense: its models get the transform alone.
     */
    VariantRecipe defended(Pruner defended, Objective defense, boolean adaptive) {
        boolean applied = adaptive && appliedByAdversary;
        return new VariantRecipe(defended, fineTuning, defense, applied,
                adaptive ? (applied ? defended.variant() : Variant.ORIGINAL) : adversaryVariant);
    }

    /** The original recipe rerun from theta0 with a defense ({@code rewind} resets the weights). */
    static VariantRecipe fromScratch(Pruner rewind, TrainingConfig training, Objective defense, boolean adaptive) {
        return new VariantRecipe(rewind, training, defense, adaptive, adaptive ? rewind.variant() : Variant.ORIGINAL);
    }
}
