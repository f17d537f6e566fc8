package org.mia4j.plan;

import java.util.List;
import java.util.Optional;
import org.mia4j.defense.DpSgdDefense;
import org.mia4j.model.Variant;
import org.mia4j.train.DpSgd;

/**
 * Which private steps a target epsilon pays for. {@code dp-sgd} makes a chain: a private model from theta0, then
 * each of its prunings fine-tuned privately; they share one sigma, chosen for every step of the chain (the
 * training's epochs, plus one fine-tuning when a recipe fine-tunes from it), so the pruned models meet the target
 * and the model that starts the chain spends less. {@code dp-sgd-finetune} pays for its fine-tuning alone. Private
 * phases run every epoch ({@code ModelTrainer}), so the steps counted here are the steps run.
 */
public final class PrivateBudget {
    private PrivateBudget() {}

    /** The steps sigma is chosen for, when {@code recipe} trains privately on {@code records} records. */
    public static Optional<Long> noiseSteps(VariantRecipe recipe, List<VariantRecipe> recipes, int records) {
        Optional<DpSgdDefense> found = DpSgdDefense.of(recipe.objective());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        DpSgdDefense dp = found.get();
        if (!dp.trainsFromScratch()) {
            return Optional.of(recipe.fineTuning() == null ? 0L : dp.steps(records, recipe.fineTuning().epochs()));
        }
        Variant base = recipe.from().isOriginal() ? recipe.variant() : recipe.from();
        VariantRecipe start = recipes.stream().filter(r -> r.variant().equals(base)).findFirst().orElse(recipe);
        long steps = dp.steps(records, start.fineTuning().epochs());
        long fineTuning = recipes.stream().filter(r -> r.from().equals(base) && r.fineTuning() != null)
                .mapToLong(r -> dp.steps(records, r.fineTuning().epochs())).max().orElse(0);
        return Optional.of(steps + fineTuning);
    }

    /** DP-SGD's mechanism for {@code recipe} on {@code records} records; null when it does not train privately. */
    public static DpSgd mechanism(VariantRecipe recipe, List<VariantRecipe> recipes, int records) {
        Optional<Long> steps = noiseSteps(recipe, recipes, records);
        if (steps.isEmpty()) {
            return null;
        }
        DpSgdDefense dp = DpSgdDefense.of(recipe.objective()).orElseThrow();
        return steps.get() == 0 ? new DpSgd(dp.noise(), dp.clip(), dp.recipe().microBatch()) // nothing trains
                : dp.mechanism(records, steps.get());
    }
}
