package org.mia4j.run;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.mia4j.Progress;
import org.mia4j.critical.WeightScores;
import org.mia4j.data.Dataset;
import org.mia4j.data.SplitIndices;
import org.mia4j.defense.Cwrf;
import org.mia4j.model.ModelSpec;
import org.mia4j.model.Network;
import org.mia4j.model.Variant;
import org.mia4j.plan.AuditConfig;
import org.mia4j.plan.PrivateBudget;
import org.mia4j.plan.VariantRecipe;
import org.mia4j.prune.Mask;
import org.mia4j.prune.Pruner;
import org.mia4j.prune.PruningContext;
import org.mia4j.train.ModelTrainer;
import org.mia4j.train.TrainingReport;

/**
 * How the models of an audit are made, apart from where they are kept ({@link ModelStore}): an original trained from
 * its seed, and a variant made from its base by its recipe (the transform, then the fine-tuning with its objective
 * and, for DP-SGD, its mechanism).
 */
final class ModelTraining {
    private final ModelSpec arch;
    private final Dataset data;
    private final AuditConfig config;
    private final Progress progress;

    /** A trained model and how its training went. */
    record Made(Network net, TrainingReport report) {}

    ModelTraining(ModelSpec arch, Dataset data, AuditConfig config, Progress progress) {
        this.arch = arch;
        this.data = data;
        this.config = config;
        this.progress = progress;
    }

    /** The original model of {@code split}, trained from {@code seed} with the run's recipe. */
    Made original(String role, SplitIndices split, long seed) {
        Network net = Network.create(role, arch, data.recordShape(), data.numClasses(), seed);
        try (Progress.Task task = progress.start("train " + role, config.training().epochs())) {
            return new Made(net, new ModelTrainer(config.training()).train(net, data, split.members(), split.dev(),
                    List.of(), seed, task));
        } catch (RuntimeException | Error e) {
            net.close();
            throw e;
        }
    }

    /**
     * The variant {@code recipe} makes of {@code base} (a copy; the base stays as it is): transformed, fine-tuned
     * (nothing for a post-training compression) and finished ({@link Pruner#afterFineTuning}); {@code mask} sees the
     * mask while it is held. {@code reference} are held-out non-members, {@code shared} what the original's
     * evaluation computed (critical-weight scores, computed here for an adversary's model that has none).
     */
    Made variant(Network base, String role, SplitIndices split, long seed, VariantRecipe recipe,
            List<VariantRecipe> recipes, int[] reference, Map<String, Object> shared, Network original,
            Consumer<Mask> mask) {
        Pruner pruner = recipe.transform();
        if (pruner.readsCriticalScores() && !shared.containsKey(Cwrf.SCORES)) {
            // the adaptive adversary scores its own models on data they did not train on
            shared.put(Cwrf.SCORES, WeightScores.pve(original, data, split.members(), criticalReference(split,
                    reference), config.training().batchSize(), config.training().learningRate(), config.pve(),
                    config.seed()));
        }
        Network p = base.copy(role + "-" + pruner.name());
        try {
            ModelTrainer fine = recipe.fineTuning() == null ? null : new ModelTrainer(recipe.fineTuning(),
                    recipe.objective(), PrivateBudget.mechanism(recipe, recipes, split.members().length));
            PruningContext ctx = new PruningContext(data, split.members(), config.training().batchSize(), seed, m -> {
                try (Progress.Task t = progress.start("fine-tune round " + role, recipe.fineTuning().epochs())) {
                    fine.train(p, data, split.members(), split.dev(), List.of(m), seed, t);
                }
            }, reference, shared);
            TrainingReport rep;
            try (Mask held = pruner.prune(p, ctx);
                    Progress.Task task = progress.start(stepName(pruner.variant(), role),
                            recipe.fineTuning() == null ? 1 : recipe.fineTuning().epochs())) {
                rep = recipe.fineTuning() == null // a post-training compression: nothing is trained
                        ? new TrainingReport(0, 0, ModelTrainer.accuracy(p, data, split.dev()), Double.NaN, 0)
                        : fine.train(p, data, split.members(), split.dev(), List.of(held), seed, task);
                pruner.afterFineTuning(p, held);
                mask.accept(held);
            }
            return new Made(p, rep);
        } catch (RuntimeException | Error e) {
            p.close();
            throw e;
        }
    }

    /** What making {@code v} of {@code role} from its base is called in the progress lines. */
    static String stepName(Variant v, String role) {
        // a defense from scratch retrains every weight from theta0: nothing is pruned or fine-tuned
        return v.kind() == Variant.Kind.SCRATCH ? "train " + role + " (" + v.label() + " from theta0)"
                : "prune+fine-tune " + role;
    }

    /** Held-out non-members for a model's PVE: given for the target, its own non-member records otherwise. */
    static int[] criticalReference(SplitIndices split, int[] reference) {
        return reference.length > 0 ? reference : split.nonMembers();
    }
}
