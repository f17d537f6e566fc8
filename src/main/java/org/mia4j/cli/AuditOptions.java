package org.mia4j.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.mia4j.Defaults;
import org.mia4j.Progress;
import org.mia4j.data.DatasetCatalog;
import org.mia4j.experiment.AuditPlan;
import org.mia4j.experiment.Auditor;
import org.mia4j.experiment.ModelCache;
import org.mia4j.experiment.RunFolder;
import picocli.CommandLine.Option;

/** The options shared by {@code audit} and {@code experiment pruning} (a picocli mixin). */
public final class AuditOptions {

    @Option(names = "--dataset", description = "Data set: location, mnist, fashion-mnist, adult, cifar10, cifar100 or csv "
                    + "(default: " + Defaults.DATASET + ").")
    String dataset;

    @Option(names = "--data-dir", description = "Folder with the data files (for csv: the file). Default: "
            + "$MIA4J_DATA/<dataset>, then the built-in locations (see `mia4j datasets`).")
    Path dataDir;

    @Option(names = "--label-column", description = "Label column of a csv data set (header name).")
    String labelColumn;

    @Option(names = "--max-classes", description = "More classes than this in the labels is an error (default: "
            + Defaults.MAX_CLASSES + ").")
    Integer maxClasses;

    @Option(names = "--threads", description = "Threads of the engine (intra- and inter-op) and of Java's parallel "
            + "loops; give 1 per run when several runs share the machine (default: all cores).")
    Integer threads;

    @Option(names = "--delimiter", description = "Field delimiter of a csv data set, one character (default: "
            + Defaults.DELIMITER + "; use '\\t' for tabs).")
    String delimiter;

    @Option(names = "--hidden", split = ",", description = "Hidden layer sizes of column-fc, comma-separated "
            + "(default: " + Defaults.HIDDEN + ").")
    List<Integer> hidden;

    @Option(names = "--max-records", description = "Use a seeded random subset of this many records (0 = all; default: 0).")
    Integer maxRecords;

    @Option(names = "--arch", description = "Architecture: column-fc, small-cnn, resnet18 (default: the data "
            + "set's, column-fc for tabular data, small-cnn for 28x28 images, resnet18 for CIFAR).")
    String arch;

    @Option(names = "--seed", description = "Master seed (default: " + Defaults.SEED + ").")
    Long seed;

    @Option(names = "--shadows", description = "Number of shadow models (default: " + Defaults.SHADOWS + "; "
            + Defaults.QUICK_SHADOWS + " with --quick).")
    Integer shadows;

    @Option(names = "--epochs", description = "Maximum training epochs (default: " + Defaults.EPOCHS + "; "
            + Defaults.QUICK_EPOCHS + " with --quick).")
    Integer epochs;

    @Option(names = "--finetune-epochs", description = "Maximum fine-tuning epochs after pruning (default: "
            + Defaults.FINETUNE_EPOCHS + "; " + Defaults.QUICK_FINETUNE_EPOCHS + " with --quick).")
    Integer finetuneEpochs;

    @Option(names = "--patience", description = "Early-stopping patience in epochs on the dev set (default: " + Defaults.PATIENCE + ").")
    Integer patience;

    @Option(names = "--batch-size", description = "Batch size (default: " + Defaults.BATCH_SIZE + ").")
    Integer batchSize;

    @Option(names = "--lr", description = "Adam learning rate (default: " + Defaults.LEARNING_RATE + ").")
    Double lr;

    @Option(names = "--weight-decay", description = "Adam weight decay (default: " + Defaults.WEIGHT_DECAY + ").")
    Double weightDecay;

    @Option(names = {"--sparsity", "--sparsities"}, split = ",", description = "Sparsities in [0,1), comma-"
            + "separated: fraction of weights (structured: of units) pruned (default: " + Defaults.SPARSITY + " for audit, "
            + Defaults.SWEEP_SPARSITIES + " for experiment pruning).")
    List<Double> sparsities;

    @Option(names = "--pruners", split = ",", description = "Pruners, comma-separated: l1-unstructured (per layer, "
            + "as NNI's LevelPruner), l1-unstructured-global, l1-structured, l2-structured, slimming (needs "
            + "BatchNorm: --arch small-cnn-bn or resnet18), taylor, iterative-<pruner> (default: l1-unstructured; "
            + "l1-unstructured,l1-structured for experiment pruning).")
    List<String> pruners;

    @Option(names = "--treatments", split = ",", description = "Critical-weight treatments of the target (Fang & "
            + "Kim): cwrf, a1-zero, a2-rewind-only, reinit, permute, finetune (default: none for audit; all of them "
            + "for experiment critical-weights).")
    List<String> treatments;

    @Option(names = "--defenses", split = ",", description = "Training-time defenses, comma-separated: ppb (Yuan & "
            + "Zhang's KL defense, in the fine-tuning of every pruned or treated model), relaxloss and "
            + "label-smoothing (also a model trained from scratch with them). Each adds a defended twin of every "
            + "variant, named VARIANT+DEFENSE (default: none).")
    List<String> defenses;

    @Option(names = "--ppb-lambda", description = "Weight of the KL term of the ppb defense "
            + "(default: " + Defaults.PPB_LAMBDA + ", the authors').")
    Double ppbLambda;

    @Option(names = "--relax-alpha", description = "RelaxLoss target loss level alpha "
            + "(default: " + Defaults.RELAX_ALPHA + ", the authors' CIFAR-10 value).")
    Double relaxAlpha;

    @Option(names = "--relax-upper", description = "RelaxLoss cap on the soft labels' "
            + "true-class probability (default: " + Defaults.RELAX_UPPER + ").")
    Double relaxUpper;

    @Option(names = "--relax-form", description = "RelaxLoss posterior flattening as in the "
            + "authors' tabular or image code: auto, tabular, image (default: " + Defaults.RELAX_FORM + ": image for CNNs).")
    String relaxForm;

    @Option(names = "--smoothing", description = "Label-smoothing epsilon (default: "
            + "" + Defaults.SMOOTHING + ").")
    Double smoothing;

    @Option(names = "--ratios", split = ",", description = "Fractions of all weights the treatments choose by "
            + "privacy-vulnerability score, in (0,1) (default: " + Defaults.RATIOS + ").")
    List<Double> ratios;

    @Option(names = "--pve-lambda", description = "PVE weight of the KL term (default: "
            + "" + Defaults.PVE_LAMBDA + ").")
    Double pveLambda;

    @Option(names = "--pve-steps", description = "PVE optimisation steps T (default: "
            + "" + Defaults.PVE_STEPS + ").")
    Integer pveSteps;

    @Option(names = "--pve-kl", description = "KL direction of PVE: model-initial "
            + "= KL(f_theta || f_theta0) or initial-model (default: " + Defaults.PVE_KL + ").")
    String pveKl;

    @Option(names = "--pve-temperature", description = "Softmax temperature of PVE's KL term "
            + "(default: " + Defaults.PVE_TEMPERATURE + ").")
    Double pveTemperature;

    @Option(names = "--adaptive-defense", description = "The adversary knows the defenses and critical-weight "
            + "treatments and applies them to its shadow and reference models too (default: it does not).")
    boolean adaptiveDefense;

    @Option(names = "--prune-rounds", description = "Rounds of the iterative pruners (default: " + Defaults.PRUNE_ROUNDS + ").")
    Integer pruneRounds;

    @Option(names = "--attacks", description = "Comma-separated attacks or 'all' (default: " + Defaults.ATTACKS + ").")
    String attacks;

    @Option(names = "--references", description = "Reference models for LiRA and RMIA, each trained (and pruned) "
            + "on a random half of the audited records (default: " + Defaults.REFERENCES + "; " + Defaults.QUICK_REFERENCES
            + " with --quick; 0 skips LiRA/RMIA).")
    Integer references;

    @Option(names = "--population", description = "Population records from the adversary's data for RMIA (default: " + Defaults.POPULATION + ").")
    Integer population;

    @Option(names = "--shadow-fraction", description = "Adversary knowledge: each shadow model "
            + "draws from this share of the shadow half, in (0,1] (default: " + Defaults.SHADOW_FRACTION + ").")
    Double shadowFraction;

    @Option(names = "--shadow-overlap", description = "Adversary knowledge: share of each "
            + "shadow's training records taken from the target's training records, in [0,1] (default: "
            + "" + Defaults.SHADOW_OVERLAP + ").")
    Double shadowOverlap;

    @Option(names = "--unpruned-shadows", description = "Adversary knowledge: calibrate attacks on the pruned target "
            + "with unpruned shadow/reference models (default: they are pruned like the target).")
    boolean unprunedShadows;

    @Option(names = "--attack-epochs", description = "Maximum epochs of the NN attack MLPs (default: "
            + Defaults.ATTACK_EPOCHS + "; " + Defaults.QUICK_ATTACK_EPOCHS + " with --quick).")
    Integer attackEpochs;

    @Option(names = "--samia-epochs", description = "Maximum epochs of SAMIA's model, early-stopped with patience 3 "
            + "(default: " + Defaults.SAMIA_EPOCHS + "; " + Defaults.QUICK_SAMIA_EPOCHS + " with --quick; the paper trains 100 "
            + "with SGD).")
    Integer samiaEpochs;

    @Option(names = "--samia-max-records", description = "SAMIA trains on a seeded subsample of at most this many "
            + "pooled shadow records, 0 = all (default: " + Defaults.SAMIA_MAX_RECORDS + "; "
            + Defaults.QUICK_SAMIA_MAX_RECORDS + " with --quick).")
    Integer samiaMaxRecords;

    @Option(names = "--samia-layers", description = "SAMIA encoder layers (default: "
            + "" + Defaults.SAMIA_LAYERS + ").")
    Integer samiaLayers;

    @Option(names = "--samia-heads", description = "SAMIA attention heads (default: "
            + "" + Defaults.SAMIA_HEADS + ").")
    Integer samiaHeads;

    @Option(names = "--samia-m", description = "SAMIA perturbations per record (default: "
            + "" + Defaults.SAMIA_M + ").")
    Integer samiaM;

    @Option(names = "--samia-eps", description = "SAMIA perturbation scale (default: "
            + "" + Defaults.SAMIA_EPS + ").")
    Double samiaEps;

    @Option(names = "--label-queries", description = "Noisy queries per record of the "
            + "label-only attack (default: " + Defaults.LABEL_QUERIES + ").")
    Integer labelQueries;

    @Option(names = "--label-noise", description = "Noise standard deviation of the "
            + "label-only attack (default: " + Defaults.LABEL_NOISE + ").")
    Double labelNoise;

    @Option(names = "--rmia-gamma", description = "RMIA's gamma (default: " + Defaults.RMIA_GAMMA + ").")
    Double rmiaGamma;

    @Option(names = "--bootstrap", description = "Bootstrap resamples for 95%% intervals, 0 to skip (default: " + Defaults.BOOTSTRAP + ").")
    Integer bootstrap;

    @Option(names = "--quick", description = "A smoke run: fewer epochs (" + Defaults.QUICK_EPOCHS + " + "
            + Defaults.QUICK_FINETUNE_EPOCHS + " fine-tuning, " + Defaults.QUICK_ATTACK_EPOCHS + " attack, "
            + Defaults.QUICK_SAMIA_EPOCHS + " SAMIA), " + Defaults.QUICK_SHADOWS + " shadows, "
            + Defaults.QUICK_REFERENCES + " reference models; options given explicitly win).")
    boolean quick;

    @Option(names = "--name", description = "Run name: output goes to <runs>/<name>/ (default: "
            + "audit-<dataset>-<time>). Rerun with the same name and options to resume an interrupted run.")
    String name;

    @Option(names = "--runs-dir", description = "Folder holding the run folders (default: " + Defaults.RUNS_DIR + ").")
    Path runsDir;

    @Option(names = "--no-progress", description = "Do not draw progress bars.")
    boolean noProgress;

    @Option(names = "--no-cache", description = "Neither reuse nor store models in the shared cache (RUNS/.cache).")
    boolean noCache;

    @Option(names = "--cache-max", description = "Size cap of the shared model cache; least recently used models "
            + "are evicted beyond it, e.g. 2G, 500M (default: 2G).")
    String cacheMax;

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec mixee;

    /** Runs the audit planned by {@code plan} (from {@link #plan()}, refined by the command) in its run folder. */
    Auditor.Outcome run(String prefix, AuditPlan.Builder plan) {
        if (threads != null) {
            Threads.set(threads);
        }
        AuditPlan built = plan.build();
        Path dir = runsDir != null ? runsDir : Path.of(Defaults.RUNS_DIR);
        RunFolder folder = name != null ? RunFolder.of(dir, name) : RunFolder.named(dir, prefix + "-"
                + built.config().dataset() + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
        folder.withRunFile(RunFile.of(mixee.root().commandLine().getParseResult()));
        if (noCache) {
            folder.withoutCache();
        } else if (cacheMax != null) {
            folder.withCacheMax(ModelCache.parseSize(cacheMax));
        }
        Progress progress = LineProgress.choose(noProgress);
        return new Auditor(built, progress, DatasetCatalog.fromEnvironment()).run(folder);
    }

    /** The options given, mapped onto a plan builder; what was not given keeps the plan's default. */
    AuditPlan.Builder plan() {
        AuditPlan.Builder b = AuditPlan.builder();
        if (quick) {
            b.quick();
        }
        set(dataset, b::setDataset);
        set(dataDir, b::optDataDir);
        set(labelColumn, b::optLabelColumn);
        set(maxClasses, b::optMaxClasses);
        set(delimiter, d -> b.optDelimiter(d.equals("\\t") ? "\t" : d));
        set(maxRecords, b::optMaxRecords);
        set(arch, b::optArchitecture);
        set(hidden, b::optHidden);
        set(seed, b::optSeed);
        set(shadows, b::optShadows);
        set(epochs, b::optEpochs);
        set(finetuneEpochs, b::optFinetuneEpochs);
        set(patience, b::optPatience);
        set(batchSize, b::optBatchSize);
        set(lr, b::optLearningRate);
        set(weightDecay, b::optWeightDecay);
        set(pruners, b::optPruners);
        set(sparsities, b::optSparsities);
        set(treatments, b::optTreatments);
        set(defenses, b::optDefenses);
        set(ppbLambda, b::optPpbLambda);
        set(relaxAlpha, b::optRelaxAlpha);
        set(relaxUpper, b::optRelaxUpper);
        set(relaxForm, b::optRelaxForm);
        set(smoothing, b::optSmoothing);
        set(ratios, b::optRatios);
        set(pveLambda, b::optPveLambda);
        set(pveSteps, b::optPveSteps);
        set(pveKl, b::optPveKl);
        set(pveTemperature, b::optPveTemperature);
        b.optAdaptiveDefense(adaptiveDefense);
        set(pruneRounds, b::optPruneRounds);
        set(attacks, b::optAttacks);
        set(references, b::optReferences);
        set(population, b::optPopulation);
        set(shadowFraction, b::optShadowFraction);
        set(shadowOverlap, b::optShadowOverlap);
        b.optShadowsPruned(!unprunedShadows);
        set(attackEpochs, b::optAttackEpochs);
        set(samiaEpochs, b::optSamiaEpochs);
        set(samiaMaxRecords, b::optSamiaMaxRecords);
        set(samiaLayers, b::optSamiaLayers);
        set(samiaHeads, b::optSamiaHeads);
        set(samiaM, b::optSamiaM);
        set(samiaEps, b::optSamiaEps);
        set(labelQueries, b::optLabelQueries);
        set(labelNoise, b::optLabelNoise);
        set(rmiaGamma, b::optRmiaGamma);
        set(bootstrap, b::optBootstrap);
        return b;
    }

    private static <T> void set(T value, java.util.function.Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
