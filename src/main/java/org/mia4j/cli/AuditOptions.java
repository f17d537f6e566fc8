package org.mia4j.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.mia4j.Progress;
import org.mia4j.attack.AttackOptions;
import org.mia4j.critical.WeightScores;
import org.mia4j.data.DatasetCatalog;
import org.mia4j.experiment.Audit;
import org.mia4j.defense.DefenseOptions;
import org.mia4j.experiment.AuditConfig;
import org.mia4j.train.TrainingConfig;
import picocli.CommandLine.Option;

/** The options shared by {@code audit} and {@code experiment pruning} (a picocli mixin). */
public final class AuditOptions {

    @Option(names = "--dataset", defaultValue = "location",
            description = "Data set: location, mnist, fashion-mnist, adult, cifar10, cifar100 or csv "
                    + "(default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--data-dir", description = "Folder with the data files (for csv: the file). Default: "
            + "$MIA4J_DATA/<dataset>, then the built-in locations (see `mia4j datasets`).")
    Path dataDir;

    @Option(names = "--label-column", description = "Label column of a csv data set (header name).")
    String labelColumn;

    @Option(names = "--max-records", defaultValue = "0",
            description = "Use a seeded random subset of this many records (0 = all; default: ${DEFAULT-VALUE}).")
    int maxRecords;

    @Option(names = "--arch", description = "Architecture: column-fc, small-cnn, resnet18 (default: the data "
            + "set's, column-fc for tabular data, small-cnn for 28x28 images, resnet18 for CIFAR).")
    String arch;

    @Option(names = "--seed", defaultValue = "42", description = "Master seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--shadows", description = "Number of shadow models (default: 5; 2 with --quick).")
    Integer shadows;

    @Option(names = "--epochs", description = "Maximum training epochs (default: 50; 15 with --quick).")
    Integer epochs;

    @Option(names = "--finetune-epochs", description = "Maximum fine-tuning epochs after pruning (default: 50; "
            + "5 with --quick).")
    Integer finetuneEpochs;

    @Option(names = "--patience", defaultValue = "5",
            description = "Early-stopping patience in epochs on the dev set (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--batch-size", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--weight-decay", defaultValue = "0.0005",
            description = "Adam weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = {"--sparsity", "--sparsities"}, split = ",", description = "Sparsities in [0,1), comma-"
            + "separated: fraction of weights (structured: of units) pruned (default: 0.7 for audit, 0.3,0.5,0.7,0.9 "
            + "for experiment pruning).")
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

    @Option(names = "--ppb-lambda", defaultValue = "4.0", description = "Weight of the KL term of the ppb defense "
            + "(default: ${DEFAULT-VALUE}, the authors').")
    double ppbLambda;

    @Option(names = "--relax-alpha", defaultValue = "1.0", description = "RelaxLoss target loss level alpha "
            + "(default: ${DEFAULT-VALUE}, the authors' CIFAR-10 value).")
    double relaxAlpha;

    @Option(names = "--relax-upper", defaultValue = "1.0", description = "RelaxLoss cap on the soft labels' "
            + "true-class probability (default: ${DEFAULT-VALUE}).")
    double relaxUpper;

    @Option(names = "--relax-form", defaultValue = "auto", description = "RelaxLoss posterior flattening as in the "
            + "authors' tabular or image code: auto, tabular, image (default: ${DEFAULT-VALUE}: image for CNNs).")
    String relaxForm;

    @Option(names = "--smoothing", defaultValue = "0.1", description = "Label-smoothing epsilon (default: "
            + "${DEFAULT-VALUE}).")
    double smoothing;

    @Option(names = "--ratios", split = ",", description = "Fractions of all weights the treatments choose by "
            + "privacy-vulnerability score, in (0,1) (default: 0.001,0.01,0.05).")
    List<Double> ratios;

    @Option(names = "--pve-lambda", defaultValue = "0.5", description = "PVE weight of the KL term (default: "
            + "${DEFAULT-VALUE}).")
    double pveLambda;

    @Option(names = "--pve-steps", defaultValue = "100", description = "PVE optimisation steps T (default: "
            + "${DEFAULT-VALUE}).")
    int pveSteps;

    @Option(names = "--pve-kl", defaultValue = "model-initial", description = "KL direction of PVE: model-initial "
            + "= KL(f_theta || f_theta0) or initial-model (default: ${DEFAULT-VALUE}).")
    String pveKl;

    @Option(names = "--pve-temperature", defaultValue = "1.0", description = "Softmax temperature of PVE's KL term "
            + "(default: ${DEFAULT-VALUE}).")
    double pveTemperature;

    @Option(names = "--adaptive-defense", description = "The adversary knows the defenses and critical-weight "
            + "treatments and applies them to its shadow and reference models too (default: it does not).")
    boolean adaptiveDefense;

    @Option(names = "--prune-rounds", defaultValue = "3",
            description = "Rounds of the iterative pruners (default: ${DEFAULT-VALUE}).")
    int pruneRounds;

    @Option(names = "--attacks", defaultValue = "all",
            description = "Comma-separated attacks or 'all' (default: ${DEFAULT-VALUE}).")
    String attacks;

    @Option(names = "--references", description = "Reference models for LiRA and RMIA, each trained (and pruned) "
            + "on a random half of the audited records (default: 8; 4 with --quick; 0 skips LiRA/RMIA).")
    Integer references;

    @Option(names = "--population", defaultValue = "1000",
            description = "Population records from the adversary's data for RMIA (default: ${DEFAULT-VALUE}).")
    int population;

    @Option(names = "--shadow-fraction", defaultValue = "1.0", description = "Adversary knowledge: each shadow model "
            + "draws from this share of the shadow half, in (0,1] (default: ${DEFAULT-VALUE}).")
    double shadowFraction;

    @Option(names = "--shadow-overlap", defaultValue = "0.0", description = "Adversary knowledge: share of each "
            + "shadow's training records taken from the target's training records, in [0,1] (default: "
            + "${DEFAULT-VALUE}).")
    double shadowOverlap;

    @Option(names = "--unpruned-shadows", description = "Adversary knowledge: calibrate attacks on the pruned target "
            + "with unpruned shadow/reference models (default: they are pruned like the target).")
    boolean unprunedShadows;

    @Option(names = "--attack-epochs", description = "Maximum epochs of the NN attack MLPs (default: 50; 20 with "
            + "--quick).")
    Integer attackEpochs;

    @Option(names = "--samia-epochs", description = "Maximum epochs of SAMIA's model, early-stopped with patience 3 "
            + "(default: 10; 5 with --quick; the paper trains 100 with SGD).")
    Integer samiaEpochs;

    @Option(names = "--samia-max-records", description = "SAMIA trains on a seeded subsample of at most this many "
            + "pooled shadow records, 0 = all (default: 4000; 2000 with --quick).")
    Integer samiaMaxRecords;

    @Option(names = "--samia-layers", defaultValue = "3", description = "SAMIA encoder layers (default: "
            + "${DEFAULT-VALUE}).")
    int samiaLayers;

    @Option(names = "--samia-heads", defaultValue = "4", description = "SAMIA attention heads (default: "
            + "${DEFAULT-VALUE}).")
    int samiaHeads;

    @Option(names = "--samia-m", defaultValue = "10", description = "SAMIA perturbations per record (default: "
            + "${DEFAULT-VALUE}).")
    int samiaM;

    @Option(names = "--samia-eps", defaultValue = "0.001", description = "SAMIA perturbation scale (default: "
            + "${DEFAULT-VALUE}).")
    double samiaEps;

    @Option(names = "--label-queries", defaultValue = "20", description = "Noisy queries per record of the "
            + "label-only attack (default: ${DEFAULT-VALUE}).")
    int labelQueries;

    @Option(names = "--label-noise", defaultValue = "0.1", description = "Noise standard deviation of the "
            + "label-only attack (default: ${DEFAULT-VALUE}).")
    double labelNoise;

    @Option(names = "--rmia-gamma", defaultValue = "2.0", description = "RMIA's gamma (default: ${DEFAULT-VALUE}).")
    double rmiaGamma;

    @Option(names = "--bootstrap", defaultValue = "200",
            description = "Bootstrap resamples for 95%% intervals, 0 to skip (default: ${DEFAULT-VALUE}).")
    int bootstrap;

    @Option(names = "--quick", description = "A smoke run: fewer epochs (15 + 5 fine-tuning, 20 attack, 5 SAMIA), "
            + "2 shadows, 4 reference models.")
    boolean quick;

    @Option(names = "--name", description = "Run name: output goes to <runs>/<name>/ (default: "
            + "audit-<dataset>-<time>). Rerun with the same name and options to resume an interrupted run.")
    String name;

    @Option(names = "--runs-dir", defaultValue = "runs",
            description = "Folder holding the run folders (default: ${DEFAULT-VALUE}).")
    Path runsDir;

    @Option(names = "--no-progress", description = "Do not draw progress bars.")
    boolean noProgress;

    /** Runs the audit with these options; {@code prefix} names default run folders. */
    Audit.Outcome run(String prefix, List<String> defaultPruners, List<Double> defaultSparsities) {
        return run(prefix, defaultPruners, defaultSparsities, List.of());
    }

    Audit.Outcome run(String prefix, List<String> defaultPruners, List<Double> defaultSparsities,
            List<String> defaultTreatments) {
        AuditConfig cfg = config(defaultPruners, defaultSparsities, defaultTreatments);
        String runName = name != null ? name : prefix + "-" + dataset + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
        Progress progress = noProgress ? Progress.SILENT : new ConsoleProgress(System.err);
        return new Audit(cfg, DatasetCatalog.fromEnvironment(), progress).run(runsDir, runName);
    }

    AuditConfig config(List<String> defaultPruners, List<Double> defaultSparsities, List<String> defaultTreatments) {
        if (!pveKl.equals("model-initial") && !pveKl.equals("initial-model")) {
            throw new org.mia4j.Mia4jException("--pve-kl must be model-initial or initial-model, got '" + pveKl + "'");
        }
        WeightScores.PveOptions pve = new WeightScores.PveOptions(pveLambda, pveSteps, pveKl.equals("model-initial"),
                pveTemperature);
        TrainingConfig train = new TrainingConfig(epochs != null ? epochs : quick ? 15 : 50, batchSize, lr,
                weightDecay, patience);
        TrainingConfig fine = new TrainingConfig(finetuneEpochs != null ? finetuneEpochs : quick ? 5 : 50, batchSize,
                lr, weightDecay, patience);
        DatasetCatalog catalog = DatasetCatalog.fromEnvironment();
        String architecture = arch != null ? arch
                : dataset.equals("csv") ? "column-fc" : catalog.entry(dataset).defaultArchitecture();
        AttackOptions attack = new AttackOptions(
                new TrainingConfig(attackEpochs != null ? attackEpochs : quick ? 20 : 50, batchSize, lr, weightDecay,
                        patience),
                new TrainingConfig(samiaEpochs != null ? samiaEpochs : quick ? 5 : 10, batchSize, lr, weightDecay,
                        Math.min(patience, 3)),
                samiaLayers, samiaHeads, samiaM, samiaEps,
                samiaMaxRecords != null ? samiaMaxRecords : quick ? 2000 : 4000, labelQueries, labelNoise, rmiaGamma);
        return new AuditConfig(dataset, dataDir == null ? "" : dataDir.toString(), labelColumn, maxRecords,
                architecture, seed, shadows != null ? shadows : quick ? 2 : 5, train, fine,
                pruners != null ? pruners : defaultPruners, sparsities != null ? sparsities : defaultSparsities,
                pruneRounds, attacks, bootstrap, references != null ? references : quick ? 4 : 8, population,
                !unprunedShadows, attack, treatments != null ? treatments : defaultTreatments,
                ratios != null ? ratios : List.of(0.001, 0.01, 0.05), pve, defenses != null ? defenses : List.of(),
                new DefenseOptions(ppbLambda, relaxAlpha, relaxUpper, relaxForm, smoothing), adaptiveDefense,
                shadowFraction, shadowOverlap);
    }
}
