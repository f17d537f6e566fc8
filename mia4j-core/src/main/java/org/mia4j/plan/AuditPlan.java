package org.mia4j.plan;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mia4j.Defaults;
import org.mia4j.InvalidSetting;
import org.mia4j.Mia4jException;
import org.mia4j.Setting;
import org.mia4j.Settings;
import org.mia4j.attack.AttackRegistry;
import org.mia4j.critical.WeightScores;
import org.mia4j.data.Dataset;
import org.mia4j.data.DatasetCatalog;
import org.mia4j.defense.DefenseRegistry;
import org.mia4j.defense.DpSgdDefense;
import org.mia4j.train.TrainingConfig;

/**
 * What one audit will do, checked before anything is loaded or trained: the data, the models to train (or the
 * given model to load), their variants and the attacks. Built in DJL's style: {@code setX} for what the audit is
 * about, {@code optX} for settings with a default (from {@link Defaults}, the one place they are written), checked
 * in {@link Builder#build()}; {@link Builder#quick()} is the smoke-run preset.
 *
 * <pre>{@code
 * AuditPlan plan = AuditPlan.builder().setData(myDataset).optPruners(List.of("l1-unstructured")).quick().build();
 * AuditResults results = new Auditor(plan).run();
 * }</pre>
 */
public final class AuditPlan {
    private final AuditConfig config;
    private final Dataset data;
    private final int maxClasses;

    private AuditPlan(AuditConfig config, Dataset data, int maxClasses) {
        this.config = config;
        this.data = data;
        this.maxClasses = maxClasses;
    }

    /** More classes than this in the labels is taken for a wrong label column. */
    public int maxClasses() {
        return maxClasses;
    }

    /** The settings, as recorded in {@code config.json} and every result's provenance. */
    public AuditConfig config() {
        return config;
    }

    /** The data set given in memory, if any (otherwise the catalog loads {@code config().dataset()}). */
    public Optional<Dataset> data() {
        return Optional.ofNullable(data);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link AuditPlan}; unset settings take their {@link Defaults}. */
    public static final class Builder {
        private String dataset;
        private Dataset data;
        private Path dataDir;
        private String labelColumn = "";
        private String delimiter = Defaults.DELIMITER;
        private int maxRecords;
        private List<String> ignoreColumns = List.of();
        private String architecture;
        private List<Integer> hidden;
        private long seed = Defaults.SEED;
        private Integer shadows;
        private Integer epochs;
        private Integer finetuneEpochs;
        private int patience = Defaults.PATIENCE;
        private int batchSize = Defaults.BATCH_SIZE;
        private double learningRate = Defaults.LEARNING_RATE;
        private double weightDecay = Defaults.WEIGHT_DECAY;
        private List<String> pruners;
        private List<Double> sparsities;
        private int pruneRounds = Defaults.PRUNE_ROUNDS;
        private String attacks; // null: Defaults.ATTACKS, or a preset's
        private int bootstrap = Defaults.BOOTSTRAP;
        private Integer references;
        private int population = Defaults.POPULATION;
        private boolean shadowsPruned = true;
        private final Map<String, Object> settings = new LinkedHashMap<>();
        private List<String> treatments = List.of();
        private List<Double> ratios;
        private double pveLambda = Defaults.PVE_LAMBDA;
        private int pveSteps = Defaults.PVE_STEPS;
        private String pveKl = Defaults.PVE_KL;
        private double pveTemperature = Defaults.PVE_TEMPERATURE;
        private List<String> defenses = List.of();
        private boolean adaptiveDefense;
        private double shadowFraction = Defaults.SHADOW_FRACTION;
        private double shadowOverlap = Defaults.SHADOW_OVERLAP;
        private GivenModel given;
        private boolean quick;
        private DatasetCatalog catalog;
        private int maxClasses = Defaults.MAX_CLASSES;

        private Builder() {}

        /** A data set mia4j knows by name ({@code location}, {@code mnist}, ..., {@code csv}). */
        public Builder setDataset(String name) {
            this.dataset = name;
            return this;
        }

        /** A data set in memory (yours): it is audited as it is, and its checksums go into the provenance. */
        public Builder setData(Dataset d) {
            this.data = d;
            return this;
        }

        /** A model trained elsewhere (TorchScript) to audit instead of training a target. */
        public Builder setGivenModel(GivenModel g) {
            this.given = g;
            return this;
        }

        public Builder optDataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        public Builder optLabelColumn(String c) {
            this.labelColumn = c;
            return this;
        }

        public Builder optDelimiter(String d) {
            this.delimiter = d;
            return this;
        }

        /** Columns of a CSV data set to leave out (e.g. record identifiers). */
        public Builder optIgnoreColumns(List<String> columns) {
            this.ignoreColumns = List.copyOf(columns);
            return this;
        }

        public Builder optMaxRecords(int n) {
            this.maxRecords = n;
            return this;
        }

        public Builder optArchitecture(String a) {
            this.architecture = a;
            return this;
        }

        public Builder optHidden(List<Integer> sizes) {
            this.hidden = sizes;
            return this;
        }

        public Builder optSeed(long s) {
            this.seed = s;
            return this;
        }

        public Builder optShadows(int n) {
            this.shadows = n;
            return this;
        }

        public Builder optEpochs(int n) {
            this.epochs = n;
            return this;
        }

        public Builder optFinetuneEpochs(int n) {
            this.finetuneEpochs = n;
            return this;
        }

        public Builder optPatience(int n) {
            this.patience = n;
            return this;
        }

        public Builder optBatchSize(int n) {
            this.batchSize = n;
            return this;
        }

        public Builder optLearningRate(double lr) {
            this.learningRate = lr;
            return this;
        }

        public Builder optWeightDecay(double wd) {
            this.weightDecay = wd;
            return this;
        }

        public Builder optPruners(List<String> p) {
            this.pruners = p;
            return this;
        }

        public Builder optSparsities(List<Double> s) {
            this.sparsities = s;
            return this;
        }

        public Builder optPruneRounds(int n) {
            this.pruneRounds = n;
            return this;
        }

        /** Comma-separated attack names or {@code all}. */
        public Builder optAttacks(String a) {
            this.attacks = a;
            return this;
        }

        public Builder optBootstrap(int n) {
            this.bootstrap = n;
            return this;
        }

        public Builder optReferences(int n) {
            this.references = n;
            return this;
        }

        public Builder optPopulation(int n) {
            this.population = n;
            return this;
        }

        /** Whether the adversary prunes its shadow and reference models like the target. */
        public Builder optShadowsPruned(boolean b) {
            this.shadowsPruned = b;
            return this;
        }

        /**
         * A component's setting (an attack's, e.g. {@code Rmia.GAMMA}), checked in {@link #build()} against the
         * settings the components declare.
         */
        public <T> Builder opt(Setting<T> setting, T value) {
            return optSetting(setting.name(), value);
        }

        /** A component's setting by name ({@code rmia-gamma}): as {@link #opt(Setting, Object)}. */
        public Builder optSetting(String name, Object value) {
            settings.put(name, value);
            return this;
        }

        public Builder optTreatments(List<String> t) {
            this.treatments = t;
            return this;
        }

        public Builder optRatios(List<Double> r) {
            this.ratios = r;
            return this;
        }

        public Builder optPveLambda(double l) {
            this.pveLambda = l;
            return this;
        }

        public Builder optPveSteps(int n) {
            this.pveSteps = n;
            return this;
        }

        /** {@code model-initial} (KL(f_theta || f_theta0)) or {@code initial-model}. */
        public Builder optPveKl(String kl) {
            this.pveKl = kl;
            return this;
        }

        public Builder optPveTemperature(double t) {
            this.pveTemperature = t;
            return this;
        }

        public Builder optDefenses(List<String> d) {
            this.defenses = d;
            return this;
        }

        public Builder optAdaptiveDefense(boolean b) {
            this.adaptiveDefense = b;
            return this;
        }

        public Builder optShadowFraction(double f) {
            this.shadowFraction = f;
            return this;
        }

        public Builder optShadowOverlap(double f) {
            this.shadowOverlap = f;
            return this;
        }

        /** More classes than this is an error (a label column with a value per row is usually the wrong one). */
        public Builder optMaxClasses(int n) {
            if (n < 2) {
                throw new InvalidSetting("max-classes", "must be >= 2, got " + n);
            }
            this.maxClasses = n;
            return this;
        }

        /** Where named data sets are looked up (default: {@code MIA4J_DATA} and the built-in places). */
        public Builder optCatalog(DatasetCatalog c) {
            this.catalog = c;
            return this;
        }

        /**
         * The smoke-run preset: fewer epochs, shadows and reference models (settings given explicitly win,
         * whatever the order of the calls).
         */
        public Builder quick() {
            this.quick = true;
            return this;
        }

        /** Pruning sweep preset: pruners and sparsities of {@code experiment pruning} unless given. */
        public Builder pruningSweep() {
            if (pruners == null) {
                pruners = split(Defaults.SWEEP_PRUNERS);
            }
            if (sparsities == null) {
                sparsities = doubles(Defaults.SWEEP_SPARSITIES);
            }
            return this;
        }

        /**
         * Release-planner preset: the original and three versions (a pruning, int8 and int4 quantization) and the
         * attacks that run in minutes, unless given.
         */
        public Builder releasePlan() {
            if (given != null) {
                // versions made elsewhere: no pruner of ours, and no multi-version attack (it needs shadows
                // compressed like each version, and nothing says how these were made)
                if (attacks == null) {
                    attacks = String.join(",", java.util.Arrays.stream(Defaults.RELEASE_ATTACKS.split(","))
                            .filter(a -> !a.startsWith("compleak-")).toList());
                }
                return this;
            }
            if (pruners == null) {
                pruners = split(Defaults.RELEASE_PRUNERS);
            }
            if (sparsities == null) {
                sparsities = doubles(Defaults.RELEASE_SPARSITIES);
            }
            if (attacks == null) {
                attacks = Defaults.RELEASE_ATTACKS;
            }
            return this;
        }

        /** Defense-sweep preset: one pruning (l1-unstructured at 0.7) and the defenses at several strengths. */
        public Builder defenseSweep() {
            if (defenses.isEmpty()) {
                defenses = split(Defaults.DEFENSE_SWEEP);
            }
            return this;
        }

        /** Critical-weights preset: every treatment and TFO pruning at 90% unless given. */
        public Builder criticalWeights() {
            if (pruners == null) {
                pruners = List.of(Defaults.TFO_PRUNER);
            }
            if (sparsities == null) {
                sparsities = List.of(Defaults.TFO_SPARSITY);
            }
            if (treatments.isEmpty()) {
                treatments = split(Defaults.TREATMENTS_EXPERIMENT);
            }
            return this;
        }

        /** The data set's name and its default architecture, without loading it. */
        private String architecture(String name) {
            if (architecture != null) {
                return architecture;
            }
            if (given != null) {
                return ""; // a model made elsewhere: shadows only with an architecture the user names
            }
            if (data != null) {
                return data.recordShape().length == 3 ? (data.recordShape()[1] >= 32 ? "resnet18" : "small-cnn")
                        : "column-fc";
            }
            return name.equals("csv") ? "column-fc" : catalog().entry(name).defaultArchitecture();
        }

        DatasetCatalog catalog() {
            return catalog != null ? catalog : DatasetCatalog.fromEnvironment();
        }

        /** Checks every setting and returns the plan; nothing is loaded or trained here. */
        public AuditPlan build() {
            String name = data != null ? data.name() : dataset != null ? dataset : Defaults.DATASET;
            if (data == null) {
                catalog().names().stream().filter(name::equals).findFirst().orElseThrow(() ->
                        new InvalidSetting("dataset", "'" + name + "' is unknown; expected one of "
                                + catalog().names()));
            }
            if (!pveKl.equals("model-initial") && !pveKl.equals("initial-model")) {
                throw new InvalidSetting("pve-kl", "must be model-initial or initial-model, got '" + pveKl + "'");
            }
            if (delimiter == null || delimiter.length() != 1) {
                throw new InvalidSetting("delimiter", "must be one character, got '" + delimiter + "'");
            }
            List<Integer> hiddenSizes = hidden != null ? List.copyOf(hidden) : integers(Defaults.HIDDEN);
            for (int h : hiddenSizes) {
                if (h < 1) {
                    throw new InvalidSetting("hidden", "sizes must be >= 1, got " + hiddenSizes);
                }
            }
            TrainingConfig train = new TrainingConfig(or(epochs, Defaults.EPOCHS, Defaults.QUICK_EPOCHS), batchSize,
                    learningRate, weightDecay, patience);
            TrainingConfig fine = new TrainingConfig(or(finetuneEpochs, Defaults.FINETUNE_EPOCHS,
                    Defaults.QUICK_FINETUNE_EPOCHS), batchSize, learningRate, weightDecay, patience);
            List<Setting<?>> attackSettings = AttackRegistry.settings();
            List<Setting<?>> defenseSettings = DefenseRegistry.settings();
            List<Setting<?>> all = new java.util.ArrayList<>(attackSettings);
            all.addAll(defenseSettings);
            Settings.resolve(Setting.compose(all), settings, quick); // refuses names no component declares
            Settings attack = Settings.resolve(attackSettings, only(attackSettings), quick);
            Settings defense = Settings.resolve(defenseSettings, only(defenseSettings), quick);
            if (defense.get(DpSgdDefense.EPSILON) > 0 && defenses.stream().noneMatch(d ->
                    DpSgdDefense.of(DefenseRegistry.create(d, defense, false)).isPresent())) {
                // an option that would change nothing is refused, never silently ignored
                throw new InvalidSetting("dp-epsilon", "applies only to --defenses dp-sgd or dp-sgd-finetune, and "
                        + "neither is given (add one, or leave --dp-epsilon out)");
            }
            WeightScores.PveOptions pve = new WeightScores.PveOptions(pveLambda, pveSteps,
                    pveKl.equals("model-initial"), pveTemperature);
            List<String> p = pruners != null ? pruners : List.of(Defaults.PRUNER);
            List<Double> s = sparsities != null ? sparsities : List.of(Defaults.SPARSITY);
            if (given != null) {
                // a model made elsewhere is audited as given: no transform of ours applies to it
                if (pruners != null || sparsities != null || !treatments.isEmpty() || !defenses.isEmpty()) {
                    throw new InvalidSetting("model", "is audited as it was given; pruners, sparsities, treatments "
                            + "and defenses apply only to models mia4j trains (leave them out)");
                }
                if (maxRecords > 0) {
                    throw new InvalidSetting("max-records", "cannot be combined with a given model: its index files "
                            + "refer to the whole data set (its shadow models train on as many records as it did; "
                            + "--shadow-fraction sets their share of the other records instead)");
                }
                p = List.of();
                s = List.of();
            }
            String arch = architecture(name);
            boolean trains = !arch.isEmpty(); // false only for a given model of an architecture not named
            AuditConfig config = new AuditConfig(name, dataDir == null ? "" : dataDir.toString(), labelColumn,
                    delimiter, maxRecords, arch, hiddenSizes, seed, trains ? or(shadows, Defaults.SHADOWS,
                    Defaults.QUICK_SHADOWS) : 0, train, fine, p, s, pruneRounds, attacks != null ? attacks : Defaults.ATTACKS, bootstrap,
                    trains ? or(references, Defaults.REFERENCES, Defaults.QUICK_REFERENCES) : 0, population,
                    shadowsPruned, attack,
                    given != null ? List.of() : treatments, ratios != null ? ratios : doubles(Defaults.RATIOS), pve,
                    given != null ? List.of() : defenses,
                    defense,
                    adaptiveDefense,
                    shadowFraction, shadowOverlap, Optional.ofNullable(given), ignoreColumns);
            return new AuditPlan(config, data, maxClasses);
        }

        /** The settings given that {@code declared} holds. */
        private Map<String, Object> only(List<Setting<?>> declared) {
            Map<String, Object> out = new LinkedHashMap<>();
            declared.forEach(s -> {
                if (settings.containsKey(s.name())) {
                    out.put(s.name(), settings.get(s.name()));
                }
            });
            return out;
        }

        private int or(Integer given, int normal, int quickValue) {
            return given != null ? given : quick ? quickValue : normal;
        }

        private static List<String> split(String csv) {
            return Arrays.stream(csv.split(",")).map(String::trim).toList();
        }

        private static List<Double> doubles(String csv) {
            return split(csv).stream().map(Double::valueOf).toList();
        }

        private static List<Integer> integers(String csv) {
            return split(csv).stream().map(Integer::valueOf).toList();
        }
    }
}
