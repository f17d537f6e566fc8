package org.mia4j.plan;

import java.util.ArrayList;
import java.util.List;
import org.mia4j.InvalidSetting;
import org.mia4j.Mia4jException;
import org.mia4j.Settings;
import org.mia4j.critical.WeightScores;
import org.mia4j.defense.Cwrf;
import org.mia4j.defense.Defended;
import org.mia4j.defense.Defense;
import org.mia4j.defense.DefenseRegistry;
import org.mia4j.defense.DpSgdDefense;
import org.mia4j.defense.OutputMask;
import org.mia4j.model.Variant;
import org.mia4j.prune.Pruner;
import org.mia4j.prune.PrunerRegistry;
import org.mia4j.train.TrainingConfig;

/**
 * Everything that determines an audit's numbers. Recorded in {@code config.json} and in {@code results.json};
 * a resumed run must match it exactly.
 *
 * @param dataset data set name ({@code location}, {@code mnist}, ..., {@code csv})
 * @param dataDir folder (or CSV file) to read; empty for the catalog's lookup
 * @param labelColumn label column of a CSV data set; empty otherwise
 * @param delimiter field delimiter of a CSV data set
 * @param maxRecords cap on the pool size (a seeded subset), 0 for all records
 * @param architecture model architecture ({@code column-fc}, {@code small-cnn}, {@code resnet18})
 * @param hidden hidden layer sizes of {@code column-fc}
 * @param seed master seed; model i and its split use {@code seed + i}
 * @param shadows number of shadow models
 * @param training recipe for the original models
 * @param finetune recipe for fine-tuning after pruning (mask held fixed)
 * @param pruners pruning methods (see {@code PrunerRegistry})
 * @param sparsities sparsities each pruner is applied at
 * @param pruneRounds rounds of the iterative pruners
 * @param attacks comma-separated attack names or {@code all}
 * @param bootstrap bootstrap resamples for the 95% intervals (0 to skip)
 * @param references reference models for LiRA/RMIA, each trained on a random half of the audited records
 * @param population population records (from the shadow half) RMIA compares against
 * @param shadowsPruned whether the adversary prunes its shadow and reference models like the target (Yuan &amp;
 *     Zhang's default); if not, attacks on the pruned target are calibrated on the original ones
 * @param attackSettings the values of the settings the attacks declare (their defaults where not given)
 * @param treatments critical-weight treatments of the target ({@code cwrf}, {@code a1-zero},
 *     {@code a2-rewind-only}, {@code reinit}, {@code permute}, {@code finetune}); empty for none
 * @param ratios fractions of weights those treatments choose by privacy-vulnerability score
 * @param pve settings of the privacy-vulnerability estimation
 * @param defenses training-time defenses ({@code ppb}, {@code relaxloss}, {@code label-smoothing}); each adds a
 *     defended twin of every transform, and of the original for defenses that train from scratch
 * @param defenseSettings the values of the settings the defenses declare
 * @param adaptiveDefense whether the adversary's shadow and reference models get treatments and defenses too
 * @param shadowFraction share of the shadow half each shadow model draws its data from (adversary's data size)
 * @param shadowOverlap share of each shadow's training records taken from the target's training records
 * @param givenModel a target trained elsewhere, audited instead of one trained here (no variants then)
 * @param ignoreColumns columns of a CSV data set left out (e.g. record identifiers)
 */
public record AuditConfig(String dataset, String dataDir, String labelColumn, String delimiter, int maxRecords,
        String architecture, List<Integer> hidden, long seed, int shadows, TrainingConfig training, TrainingConfig finetune, List<String> pruners,
        List<Double> sparsities, int pruneRounds, String attacks, int bootstrap, int references, int population, boolean shadowsPruned,
        Settings attackSettings, List<String> treatments, List<Double> ratios, WeightScores.PveOptions pve,
        List<String> defenses, Settings defenseSettings, boolean adaptiveDefense, double shadowFraction,
        double shadowOverlap, java.util.Optional<GivenModel> givenModel, List<String> ignoreColumns) {

    /** As above with no column left out. */
    public AuditConfig(String dataset, String dataDir, String labelColumn, String delimiter, int maxRecords,
            String architecture, List<Integer> hidden, long seed, int shadows, TrainingConfig training,
            TrainingConfig finetune, List<String> pruners, List<Double> sparsities, int pruneRounds, String attacks,
            int bootstrap, int references, int population, boolean shadowsPruned, Settings attackSettings,
            List<String> treatments, List<Double> ratios, WeightScores.PveOptions pve, List<String> defenses,
            Settings defenseSettings, boolean adaptiveDefense, double shadowFraction, double shadowOverlap,
            java.util.Optional<GivenModel> givenModel) {
        this(dataset, dataDir, labelColumn, delimiter, maxRecords, architecture, hidden, seed, shadows, training,
                finetune, pruners, sparsities, pruneRounds, attacks, bootstrap, references, population, shadowsPruned,
                attackSettings, treatments, ratios, pve, defenses, defenseSettings, adaptiveDefense, shadowFraction,
                shadowOverlap, givenModel, List.of());
    }

    public AuditConfig {
        ignoreColumns = ignoreColumns == null ? List.of() : List.copyOf(ignoreColumns);
        if (shadows < (architecture.isEmpty() ? 0 : 1)) {
            throw new InvalidSetting("shadows", "must be >= 1, got " + shadows);
        }
        pruners = List.copyOf(pruners);
        sparsities = List.copyOf(sparsities);
        treatments = List.copyOf(treatments);
        ratios = List.copyOf(ratios);
        defenses = List.copyOf(defenses);
        hidden = List.copyOf(hidden);
        if (givenModel.isEmpty() && (pruners.isEmpty() || sparsities.isEmpty()) && treatments.isEmpty()
                && defenses.isEmpty()) {
            throw new Mia4jException("nothing to compare with the original: give a pruner and a sparsity, a "
                    + "critical-weight treatment or a defense");
        }
        for (String d : defenses) {
            if (OutputMask.parse(d).isPresent()) {
                continue; // a post-processing of the outputs, no training
            }
            Defense named = DefenseRegistry.create(d, defenseSettings, false); // validates the name and strength
            if (DpSgdDefense.of(named).isPresent()) {
                for (String p : pruners) {
                    if (PrunerRegistry.create(p, sparsities.isEmpty() ? 0.5 : sparsities.get(0), Math.max(pruneRounds,
                            1)).readsTrainingData()) {
                        throw new InvalidSetting("defenses", d + " cannot cover pruner " + p + ": it reads the "
                                + "training data outside DP-SGD; use a magnitude pruner (l1-unstructured, "
                                + "l1-structured, l2-structured)");
                    }
                }
            }
        }
        String[][] nouns = {{"defenses", "a defense"}, {"pruners", "a pruner"}, {"sparsities", "a sparsity"},
            {"treatments", "a treatment"}, {"ratios", "a ratio"}};
        List<List<?>> lists = List.of(defenses, pruners, sparsities, treatments, ratios);
        for (int i = 0; i < nouns.length; i++) { // the variants they make would collide
            if (lists.get(i).size() != new java.util.HashSet<>(lists.get(i)).size()) {
                throw new InvalidSetting(nouns[i][0], "lists " + nouns[i][1] + " twice: " + lists.get(i));
            }
        }
        for (String d : treatments) {
            Cwrf.Mode mode = Cwrf.Mode.of(d);
            for (double r : ratios) {
                new Cwrf(mode, r); // validates the ratio
            }
        }
        for (String p : pruners) {
            for (double s : sparsities) {
                PrunerRegistry.create(p, s, Math.max(pruneRounds, 1)); // validates names and ranges
            }
        }
        if (pruneRounds < 1) {
            throw new InvalidSetting("prune-rounds", "must be >= 1, got " + pruneRounds);
        }
        if (maxRecords < 0) {
            throw new InvalidSetting("max-records", "must be >= 0 (0 = all), got " + maxRecords);
        }
        if (references < 0) {
            throw new InvalidSetting("references", "must be >= 0, got " + references);
        }
        if (population < 1) {
            throw new InvalidSetting("population", "must be >= 1, got " + population);
        }
        if (bootstrap < 0) {
            throw new InvalidSetting("bootstrap", "must be >= 0, got " + bootstrap);
        }
        dataDir = dataDir == null ? "" : dataDir;
        labelColumn = labelColumn == null ? "" : labelColumn;
    }

    /**
     * The model variants besides the original, in the order results list them: one per (pruner, sparsity), one per
     * (treatment, ratio), then per defense its from-scratch model and a defended twin of each; each with how it is
     * made and what the adversary knows of it.
     */
    public List<VariantRecipe> variants() {
        List<VariantRecipe> out = new ArrayList<>();
        for (String p : pruners) {
            Pruner c = PrunerRegistry.create(p, 0, pruneRounds);
            if (c.kind() == Variant.Kind.COMPRESSION) { // no sparsity: one variant
                out.add(VariantRecipe.compression(c, c.fineTunes() ? finetune : null));
                continue;
            }
            for (double s : sparsities) {
                out.add(VariantRecipe.pruning(PrunerRegistry.create(p, s, pruneRounds), finetune));
            }
        }
        for (String d : treatments) {
            Cwrf.Mode mode = Cwrf.Mode.of(d);
            for (double r : mode == Cwrf.Mode.FINETUNE ? List.of(0.0) : ratios) {
                out.add(VariantRecipe.treatment(new Cwrf(mode, r), finetune, adaptiveDefense));
            }
        }
        List<VariantRecipe> defended = new ArrayList<>();
        boolean image = !architecture.equals("column-fc");
        for (String d : defenses) {
            if (OutputMask.parse(d).isPresent()) {
                continue; // masks make no model: ModelsStage masks the outputs of the models made
            }
            Defense defense = DefenseRegistry.create(d, defenseSettings, image);
            if (defense.base() instanceof DpSgdDefense dp) {
                defended.addAll(privateVariants(defense, dp, out));
                continue;
            }
            if (defense.trainsFromScratch()) {
                defended.add(VariantRecipe.fromScratch(Defended.fromScratch(defense), training, defense,
                        adaptiveDefense));
            }
            for (VariantRecipe r : out) {
                if (r.variant().kind() != Variant.Kind.COMPRESSION) { // nothing is fine-tuned after a compression
                    defended.add(r.defended(new Defended(r.transform(), defense), defense, adaptiveDefense));
                }
            }
        }
        out.addAll(defended);
        return List.copyOf(out);
    }

    /**
     * The output masks among the defenses ({@code labels-only}, {@code round@D}), in their order: each adds a masked
     * twin of every model without a training-time defense, named {@code VARIANT+MASK}.
     */
    public List<OutputMask> masks() {
        return defenses.stream().map(OutputMask::parse).flatMap(java.util.Optional::stream).toList();
    }

    /**
     * DP-SGD's variants: {@code dp-sgd} trains from theta0 privately and its twin of each pruning is pruned from that
     * private model and fine-tuned privately; {@code dp-sgd-finetune} fine-tunes each pruning of the original
     * privately. Critical-weight treatments get no private twin (their scores come from the non-private original).
     * Private training and fine-tuning follow DP-SGD's own recipe, not the non-private one.
     */
    private List<VariantRecipe> privateVariants(Defense named, DpSgdDefense dp, List<VariantRecipe> out) {
        List<VariantRecipe> r = new ArrayList<>();
        Variant base = Variant.ORIGINAL;
        if (dp.trainsFromScratch()) {
            VariantRecipe scratch = VariantRecipe.fromScratch(Defended.fromScratch(named), dp.recipe().training(),
                    named, adaptiveDefense);
            r.add(scratch);
            base = scratch.variant();
        }
        for (VariantRecipe p : out) {
            if (p.variant().kind() == Variant.Kind.PRUNING || p.variant().kind() == Variant.Kind.COMPRESSION) {
                r.add(p.defended(new Defended(p.transform(), named), named, adaptiveDefense).from(base)
                        .fineTunedWith(dp.recipe().fineTuning()));
            }
        }
        return r;
    }
}
