package org.mia4j.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mia4j.Defaults;
import org.mia4j.attack.AttackerKnowledge;
import org.mia4j.attack.ReferenceOutputs;
import org.mia4j.attack.VersionAttack;
import org.mia4j.data.Dataset;
import org.mia4j.defense.DefenseRegistry;
import org.mia4j.defense.DpSgdDefense;
import org.mia4j.defense.OutputMask;
import org.mia4j.model.Variant;
import org.mia4j.outputs.ModelOutputs;
import org.mia4j.plan.AuditConfig;
import org.mia4j.plan.GivenModel;
import org.mia4j.plan.PrivateBudget;
import org.mia4j.plan.VariantRecipe;
import org.mia4j.privacy.RdpAccountant;
import org.mia4j.report.AuditResults.DatasetInfo;
import org.mia4j.report.AuditResults.ModelRow;
import org.mia4j.report.AuditResults;
import org.mia4j.train.TrainingReport;

/**
 * The outputs stage: from the trained models, each audited target variant with what the adversary knows of it —
 * the pooled outputs of its shadow models treated as it believes the target was (pruned like it unless told
 * otherwise; without the treatments and defenses it does not know of), and its reference models.
 */
final class OutputsStage {
    private OutputsStage() {}

    static AuditInputs of(ModelsStage.TrainedModels trained, AuditConfig config, Dataset data, List<VariantRecipe> pruners,
            List<String> notes) {
        return of(trained, config, data, pruners, notes, List.of());
    }

    static AuditInputs of(ModelsStage.TrainedModels trained, AuditConfig config, Dataset data, List<VariantRecipe> pruners,
            List<String> notes, List<String> cautions) {
        Map<Variant, List<ModelRun>> byVariant = withVersions(trained.byVariant());
        List<AuditedModel> models = new ArrayList<>();
        List<ModelRow> shadows = new ArrayList<>();
        for (Map.Entry<Variant, List<ModelRun>> e : byVariant.entrySet()) {
            Variant variant = e.getKey();
            ModelRun target = e.getValue().stream().filter(r -> r.role().equals("target")).findFirst().orElseThrow();
            // a masked model: the adversary calibrates as for the model behind the mask, on masked shadows if it
            // knows the defense
            Optional<OutputMask> mask = config.masks().stream().filter(m -> variant.isDefended()
                    && m.name().equals(variant.defense())).findFirst();
            Variant plain = mask.isPresent() ? variant.undefended() : variant;
            Variant base = config.shadowsPruned() ? pruners.stream().filter(p -> p.variant().equals(plain))
                    .findFirst().map(VariantRecipe::adversaryVariant).orElse(Variant.ORIGINAL) : Variant.ORIGINAL;
            Variant known = mask.isPresent() && config.adaptiveDefense() ? base.withDefense(mask.get().name()) : base;
            List<ModelOutputs> own = byVariant.getOrDefault(known, List.of()).stream()
                    .filter(r -> !r.role().equals("target")).map(ModelRun::outputs).toList();
            Optional<ReferenceOutputs> refs = Optional.ofNullable(trained.references().getOrDefault(base,
                    trained.references().get(Variant.ORIGINAL)));
            AttackerKnowledge knowledge = own.isEmpty() ? AttackerKnowledge.withoutShadows(refs)
                    : new AttackerKnowledge(ModelOutputs.concat("shadows/" + known.label(), own), refs);
            models.add(new AuditedModel(variant, row(target, config), target.outputs(), target.recordIndex(), knowledge,
                    mask));
            e.getValue().stream().filter(r -> !r.role().equals("target")).forEach(r -> shadows.add(row(r, config)));
        }
        var ts = trained.target();
        DatasetInfo info = new DatasetInfo(data.name(), data.size(), data.numClasses(), data.recordShape(),
                ts.members().length, ts.dev().length, ts.nonMembers().length, data.checksums());
        List<String> allNotes = new ArrayList<>(notes);
        List<String> allCautions = new ArrayList<>(cautions);
        if (config.givenModel().isPresent()) {
            ModelRun target = trained.byVariant().get(Variant.ORIGINAL).stream()
                    .filter(r -> r.role().equals("target")).findFirst().orElseThrow();
            resemblance(target, trained.byVariant().get(Variant.ORIGINAL)).ifPresent(r -> {
                allNotes.add(r);
                allCautions.add(r);
            });
        }
        return new AuditInputs(info, data.classNames(), models, shadows, trained.critical(), allNotes,
                config.givenModel().isPresent() ? givenAdversary(config, trained)
                        : adversary(config, trained.references().isEmpty() ? 0 : config.references()), allCautions);
    }

    /**
     * Whether the shadow models resemble the target: their mean train or test accuracy further than
     * {@link org.mia4j.Defaults#RESEMBLANCE_GAP} from the target's means an adversary weaker (or other) than one that
     * trains like the target, so leakage is likely underestimated.
     */
    static Optional<String> resemblance(ModelRun target, List<ModelRun> runs) {
        List<ModelRun> shadows = runs.stream().filter(r -> r.role().startsWith("shadow")).toList();
        if (shadows.isEmpty()) {
            return Optional.empty();
        }
        double train = shadows.stream().mapToDouble(ModelRun::trainAccuracy).average().orElseThrow();
        double test = shadows.stream().mapToDouble(ModelRun::testAccuracy).average().orElseThrow();
        if (Math.abs(train - target.trainAccuracy()) <= Defaults.RESEMBLANCE_GAP
                && Math.abs(test - target.testAccuracy()) <= Defaults.RESEMBLANCE_GAP) {
            return Optional.empty();
        }
        return Optional.of(String.format(java.util.Locale.ROOT, "the adversary's models do not resemble the target "
                + "(its shadow models' mean train accuracy %.3f, test %.3f; the target's %.3f, %.3f: more than %.0f "
                + "points apart); leakage is likely underestimated.", train, test, target.trainAccuracy(),
                target.testAccuracy(), 100 * Defaults.RESEMBLANCE_GAP));
    }

    /**
     * What the adversary of a given model has, in words, with the records its models actually trained on (a pool
     * smaller than the target's member count gives smaller shadows, and the line says so).
     */
    static String givenAdversary(AuditConfig c, ModelsStage.TrainedModels trained) {
        if (c.shadows() == 0) {
            return adversary(c, 0);
        }
        GivenModel g = c.givenModel().orElseThrow();
        List<ModelRun> runs = trained.byVariant().get(Variant.ORIGINAL);
        int target = count(runs.stream().filter(r -> r.role().equals("target")).findFirst().orElseThrow().outputs()
                .members());
        int[] shadow = runs.stream().filter(r -> r.role().startsWith("shadow")).mapToInt(r -> count(r.outputs()
                .members())).sorted().toArray();
        ReferenceOutputs refs = trained.references().get(Variant.ORIGINAL);
        int[] ref = refs == null ? new int[0] : refs.in().stream().mapToInt(OutputsStage::count).sorted().toArray();
        String seen = c.dataset().equals("csv") ? (g.preprocess().equals("raw") ? " on the columns as written"
                : " on standardised and one-hot columns (statistics of the target's members)") : "";
        String versions = g.versions().isEmpty() ? "" : " The given versions (" + String.join(", ",
                g.versions().keySet()) + ") are attacked with the same shadow and reference models: the adversary "
                + "does not know how they were made, so its shadows are not compressed alike.";
        return shadow.length + " shadow model" + (shadow.length == 1 ? "" : "s") + " trained with --arch "
                + c.architecture() + seen + ", not pruned, on " + range(shadow) + " members each"
                + (c.shadowFraction() < 1 ? String.format(java.util.Locale.ROOT, " (from %.0f%% of the records the "
                        + "target did not train on, --shadow-fraction)", 100 * c.shadowFraction())
                        : shadow[0] < target ? " (fewer than the target's " + target + ": no more records were left)"
                        : " (the target: " + target + ")")
                + (c.shadowOverlap() > 0 ? String.format(java.util.Locale.ROOT, ", %.0f%% of them taken from the "
                        + "target's", 100 * c.shadowOverlap()) : "")
                + "; " + ref.length + " reference model" + (ref.length == 1 ? "" : "s")
                + (ref.length == 0 ? "." : " likewise, on " + range(ref) + " of the audited records each.")
                + versions;
    }

    private static int count(boolean[] flags) {
        int n = 0;
        for (boolean b : flags) {
            n += b ? 1 : 0;
        }
        return n;
    }

    private static String range(int[] sorted) {
        return sorted[0] == sorted[sorted.length - 1] ? Integer.toString(sorted[0])
                : sorted[0] + " to " + sorted[sorted.length - 1];
    }

    /** What the adversary knows and has, in words, for the verdict. */
    static String adversary(AuditConfig c, int references) {
        if (c.shadows() == 0) {
            return "no shadow or reference models (the given model's architecture was not named), so only the "
                    + "attacks that need neither ran.";
        }
        String knows = c.adaptiveDefense() ? "adaptive: it knows the defenses and critical-weight treatments and "
                + "applies them to its own models" : "standard: it does not know the defenses or critical-weight "
                + "treatments";
        String shadows = c.shadows() + " shadow model" + (c.shadows() == 1 ? "" : "s")
                + (c.shadowsPruned() ? " pruned like the target" : " left unpruned")
                + (c.shadowFraction() < 1 ? String.format(java.util.Locale.ROOT, ", each on %.0f%% of its data",
                        100 * c.shadowFraction()) : "")
                + (c.shadowOverlap() > 0 ? String.format(java.util.Locale.ROOT, ", %.0f%% of their training records "
                        + "taken from the target's", 100 * c.shadowOverlap()) : "");
        return knows + "; " + shadows + "; " + references + " reference model" + (references == 1 ? "" : "s")
                + " on halves of the audited records.";
    }

    /**
     * Every undefended pruned or compressed model, target and shadows alike, with the other versions of the same
     * model (the original, the other prunings and compressions) on the same records, for the multi-version attacks.
     */
    static Map<Variant, List<ModelRun>> withVersions(Map<Variant, List<ModelRun>> byVariant) {
        List<Variant> versions = byVariant.keySet().stream().filter(v -> !v.isDefended()
                && (v.kind() == Variant.Kind.PRUNING || v.kind() == Variant.Kind.COMPRESSION)).toList();
        if (versions.isEmpty()) {
            return byVariant;
        }
        Map<Variant, List<ModelRun>> out = new java.util.LinkedHashMap<>(byVariant);
        for (Variant v : versions) {
            List<ModelRun> runs = new ArrayList<>();
            for (ModelRun r : byVariant.get(v)) {
                ModelOutputs o = r.outputs();
                for (Variant u : byVariant.keySet()) {
                    if (u.equals(v) || !(u.isOriginal() || versions.contains(u))) {
                        continue;
                    }
                    Optional<ModelRun> same = byVariant.get(u).stream().filter(x -> x.role().equals(r.role()))
                            .findFirst();
                    if (same.isPresent() && java.util.Arrays.equals(same.get().recordIndex(), r.recordIndex())) {
                        o = o.withProbe(VersionAttack.PREFIX + (u.isOriginal() ? "original"
                                : u.label()), same.get().outputs().posteriors());
                    }
                }
                runs.add(r.withOutputs(o));
            }
            out.put(v, runs);
        }
        return out;
    }

    static ModelRow row(ModelRun r, AuditConfig config) {
        TrainingReport t = r.training();
        return new ModelRow(r.variant().label(), r.variant(), r.role(), r.trainAccuracy(), r.testAccuracy(),
                r.pruning().sparsity(), r.pruning().parameterReduction(), r.pruning().flopReduction(), t.epochsRun(),
                t.bestEpoch(), t.bestDevAccuracy(), t.seconds(), guarantee(r, config), r.pruning().sizeReduction(),
                t.stepsPlanned(), t.stepsRun());
    }

    /** The DP guarantee of a model trained privately, from its private phases; null for the others. */
    static AuditResults.DpGuarantee guarantee(ModelRun r, AuditConfig config) {
        List<RdpAccountant.Phase> phases = r.training().privatePhases();
        if (phases.isEmpty() || r.variant().defense() == null) {
            return null;
        }
        DpSgdDefense dp = DpSgdDefense.of(DefenseRegistry.create(r.variant().defense(), config.defenseSettings(),
                false)).orElseThrow();
        int members = 0;
        for (boolean m : r.outputs().members()) {
            members += m ? 1 : 0;
        }
        double delta = dp.delta(members);
        RdpAccountant.Epsilon e = RdpAccountant.epsilon(phases, delta);
        RdpAccountant.Phase last = phases.get(phases.size() - 1);
        long steps = phases.stream().mapToLong(RdpAccountant.Phase::steps).sum();
        List<VariantRecipe> recipes = config.variants();
        int records = members;
        Long noiseSteps = dp.epsilon() == 0 ? null : recipes.stream()
                .filter(v -> v.variant().label().equals(r.variant().label())).findFirst()
                .flatMap(v -> PrivateBudget.noiseSteps(v, recipes, records)).orElse(null);
        return new AuditResults.DpGuarantee(last.noiseMultiplier(), dp.clip(), last.samplingRate(), steps, delta,
                e.epsilon(), String.format(java.util.Locale.ROOT, "RDP of the Poisson-subsampled Gaussian mechanism "
                        + "(Mironov et al. 2019), improved conversion (Balle et al. 2020), best order %s",
                        e.order()), dp.scope(), phases.size() > 1 ? phases : List.of(),
                dp.epsilon() == 0 ? null : dp.epsilon(), noiseSteps);
    }
}
