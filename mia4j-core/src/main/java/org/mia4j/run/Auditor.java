package org.mia4j.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.mia4j.Defaults;
import org.mia4j.InvalidSetting;
import org.mia4j.Mia4jException;
import org.mia4j.Progress;
import org.mia4j.Provenance;
import org.mia4j.attack.AttackContext;
import org.mia4j.attack.AttackRegistry;
import org.mia4j.attack.Probe;
import org.mia4j.data.ArrayDataset;
import org.mia4j.data.ClassOrder;
import org.mia4j.data.Dataset;
import org.mia4j.data.DatasetCatalog;
import org.mia4j.data.IndexFiles;
import org.mia4j.data.SplitIndices;
import org.mia4j.data.Splits;
import org.mia4j.data.TabularDataset;
import org.mia4j.defense.DpSgdDefense;
import org.mia4j.model.Architecture;
import org.mia4j.model.ModelSpec;
import org.mia4j.model.Network;
import org.mia4j.model.TorchScriptModel;
import org.mia4j.plan.AuditConfig;
import org.mia4j.plan.AuditPlan;
import org.mia4j.plan.GivenModel;
import org.mia4j.plan.VariantRecipe;
import org.mia4j.report.AuditResults;
import org.mia4j.store.ModelCache;
import org.mia4j.store.RunFolder;
import org.mia4j.train.DpSgd;

/**
 * Runs an {@link AuditPlan} in stages with typed hand-offs: models (trained, loaded, or given) → outputs
 * ({@link AuditInputs}) → attacks ({@link AttackStage}) → results ({@link ResultsStage}). Everything that can be
 * checked (names, values, data, the given model and its index files) is checked before a folder is created or a
 * model trained. {@link #run()} keeps everything in memory; {@link #run(RunFolder)} checkpoints every model in the
 * run folder (resumable, cached across runs) and writes results.json, report.html and per-record scores.
 */
public final class Auditor {
    private final AuditPlan plan;
    private final AuditConfig config;
    private final Progress progress;
    private final DatasetCatalog catalog;
    private TrainingEngine engine;
    private AuditAddendum addendum;

    /** Outcome of a run in a folder: the finished folder and its results. */
    public record Outcome(Path runDir, AuditResults results) {}

    public Auditor(AuditPlan plan) {
        this(plan, Progress.SILENT, DatasetCatalog.fromEnvironment());
    }

    public Auditor(AuditPlan plan, Progress progress, DatasetCatalog catalog) {
        this.plan = plan;
        this.config = plan.config();
        this.progress = progress;
        this.catalog = catalog;
    }

    /**
     * Trains the models with {@code e} (one task per model, e.g. on Spark) instead of in this process; the rest of
     * the audit runs here, on the checkpoints it made. Needs a run folder. The caller closes the engine.
     */
    public Auditor withEngine(TrainingEngine e) {
        this.engine = e;
        return this;
    }

    /** Runs {@code a} on the audit's outputs and attacks before its results are written (the release planner). */
    public Auditor withAddendum(AuditAddendum a) {
        this.addendum = a;
        return this;
    }

    /** Audits in memory: models are trained (or the given one loaded) and attacked; nothing is written. */
    public AuditResults run() {
        return execute(Optional.empty());
    }

    /** Audits in {@code folder}: checkpoints, resume, model cache, results.json, report.html and scores. */
    public Outcome run(RunFolder folder) {
        RunFolder.Done<AuditResults> done = folder.complete(() -> execute(Optional.of(folder)));
        return new Outcome(done.dir(), done.result());
    }

    private AuditResults execute(Optional<RunFolder> folder) {
        long t0 = System.nanoTime();
        if (engine != null && folder.isEmpty()) {
            throw new InvalidSetting("engine", "needs a run folder: its workers hand over the models as checkpoints");
        }
        Optional<GivenModel> givenSpec = config.givenModel();
        boolean trainsModels = !config.architecture().isEmpty();
        int shadows = trainsModels ? config.shadows() : 0;
        int refs = trainsModels ? config.references() : 0;
        AttackRegistry.Chosen chosen = AttackRegistry.select(config.attacks(), new AttackContext(
                config.attackSettings(), config.training(), config.seed()),
                new AttackRegistry.Capabilities(shadows > 0, refs, true, true, true));
        List<Probe> probes = AttackRegistry.probes(chosen.attacks());
        boolean needReferences = chosen.attacks().stream().anyMatch(a -> a.minReferences() > 0);
        List<VariantRecipe> pruners = config.variants();
        Dataset loaded = loadData();
        if (loaded.numClasses() > plan.maxClasses()) {
            throw new InvalidSetting("max-classes", "is " + plan.maxClasses() + ", but the labels of " + loaded.name()
                    + " hold " + loaded.numClasses() + " classes (is the label column right?); raise it if they "
                    + "are meant");
        }
        List<String> notes = new ArrayList<>();
        if (loaded instanceof TabularDataset t) {
            notes.addAll(t.warnings());
            t.warnings().forEach(w -> System.err.println("warning: " + w));
        }
        Optional<GivenSplit> givenParts = givenSpec.map(g -> givenSplit(g, loaded));
        Optional<SplitIndices> givenSplit = givenParts.map(GivenSplit::target);
        // the target's split and the shadows', made once: the table's encoding is fitted to the target's members
        List<SplitIndices> protocol = givenSplit.isPresent() ? List.of() : Splits.protocol(loaded.size(),
                config.shadows(), config.seed(), config.shadowFraction(), config.shadowOverlap());
        Dataset encoded = encode(loaded, givenSpec, givenSplit.orElseGet(() -> protocol.get(0)));
        List<String> order = givenSpec.map(g -> classOrder(g, loaded)).orElse(loaded.classNames());
        Dataset data = ClassOrder.apply(encoded, order);
        // what the given model itself is queried with: the numbers as written for a table
        Dataset queried = givenSpec.isPresent() && loaded instanceof TabularDataset t
                ? ClassOrder.apply(t.raw(), order) : data;
        if (givenSpec.isPresent()) {
            notes.add("Class order (the given model's outputs): " + classMapping(order, loaded.classNames()));
        }
        ModelSpec arch = trainsModels ? Architecture.of(config.architecture(), config.hidden()) : null;
        if (arch != null) {
            try (Network probe = Network.create("probe", arch, data.recordShape(), data.numClasses(), 0)) {
                pruners.forEach(p -> p.transform().validate(probe));
                if (pruners.stream().anyMatch(p -> DpSgdDefense.of(p.objective()).isPresent())) {
                    DpSgd.check(probe.block(), config.architecture()); // before any training
                }
            }
        }
        try (TorchScriptModel given = givenSpec.map(g -> loadGiven(g, givenSplit.get(), queried)).orElse(null);
                GivenVersions versions = givenSpec.map(g -> GivenVersions.load(g, given, givenSplit.get(), queried))
                        .orElse(GivenVersions.NONE)) {
            List<String> cautions = new ArrayList<>();
            notes.addAll(versions.notes());
            if (given != null) {
                GivenModel g = givenSpec.get();
                GivenSplit gs = givenParts.get();
                cautions.addAll(checkFit(g, given, gs.target(), queried));
                notes.add(String.format(java.util.Locale.ROOT, "The given model: %d parameters, sparsity %.3f (share "
                        + "of exact zeros among its weights), outputs %s (%s).", given.parameterCount(),
                        given.sparsity(), given.outputKind(), g.outputs().equals("auto") ? "detected: rows of "
                        + "non-negative numbers summing to 1 are posteriors, anything else logits" : "as given"));
                notes.add("Audited: " + gs.target().members().length + " members and " + gs.target().nonMembers()
                        .length + " non-members; the attacker's population: " + gs.population().length + " other "
                        + "records (" + gs.populationFrom() + ").");
            }
            if (given != null && !trainsModels) {
                notes.add("The given model's architecture is not one mia4j trains (no architecture was named), so "
                        + "no shadow or reference models exist: only attacks that need neither ran.");
            }
            ModelStore store = new ModelStore(folder.map(RunFolder::models).orElse(null), arch, data, config,
                    progress);
            // data known only by its content in memory has no checksum to key a shared cache on
            if (!data.checksums().isEmpty()) {
                folder.flatMap(RunFolder::cache).ifPresent(store::withCache);
            }
            ModelsStage models = new ModelsStage(config, data, store, pruners, probes, needReferences);
            givenParts.ifPresent(gs -> models.given(queried, gs.population()));
            List<SplitIndices> splits = models.splits(givenSplit, protocol);
            if (shadows == 0) {
                splits = splits.subList(0, 1);
            }
            checkSizes(splits, data, givenSplit.isPresent());
            store.checkPrivate(splits, pruners); // a target epsilon that cannot be met fails before any training
            folder.ifPresent(f -> f.begin(config));
            for (SplitIndices s : splits) {
                folder.ifPresent(f -> f.saveSplit(s, data.size()));
            }
            int[] population = models.population(splits.get(0), givenSplit.isPresent());
            folder.ifPresent(f -> f.savePopulation(population));
            if (engine != null && trainsModels) {
                RunFolder f = folder.get();
                Optional<ModelCache> cache = data.checksums().isEmpty() ? Optional.empty() : f.cache();
                TrainingEngine.Done done = engine.make(new TrainingEngine.Work(config, data,
                        models.jobs(splits, givenSplit.isPresent()), cache, f.scratch("engine")), progress);
                store.withCache(done.store()).madeElsewhere(done.threadsPerModel());
                notes.add(done.summary());
            }
            ModelsStage.TrainedModels trained = models.run(splits, Optional.ofNullable(given), versions.versions(),
                    progress);
            if (engine != null) {
                folder.ifPresent(f -> ModelCache.delete(f.scratch("engine"))); // what the run needs is in models/ now
            }
            AuditInputs inputs = OutputsStage.of(trained, config, data, pruners, notes, cautions);
            Map<String, String> checksums = new TreeMap<>(data.checksums());
            givenSpec.ifPresent(g -> checksums.put(Path.of(g.file()).getFileName().toString(),
                    given.sha256()));
            checksums.putAll(versions.checksums());
            return AuditTail.run(chosen, inputs, config.bootstrap(), config.seed(), () -> Provenance.of(config.seed(),
                    checksums, config), folder, progress, t0, (attacked, results) -> addendum == null
                            ? html -> html : addendum.run(new AuditAddendum.Audit(inputs, attacked, chosen.attacks(),
                                    results, config), folder, progress)::report);
        }
    }

    /** Records each model needs at the least: to train, to stop early, and to attack. */
    static final int MIN_MEMBERS = 10;
    static final int MIN_NON_MEMBERS = 10;

    /** Refuses a pool too small for its splits, before anything is created or trained. */
    private void checkSizes(List<SplitIndices> splits, Dataset data, boolean given) {
        for (int i = 0; i < splits.size(); i++) {
            SplitIndices s = splits.get(i);
            boolean trained = !(given && i == 0);
            if (s.members().length < MIN_MEMBERS || s.nonMembers().length < MIN_NON_MEMBERS
                    || trained && s.dev().length < 1) {
                throw new Mia4jException(data.name() + " has " + data.size() + " records: too few for the "
                        + s.name() + " model (" + s.members().length + " members, " + s.dev().length + " dev, "
                        + s.nonMembers().length + " non-members; each model needs at least " + MIN_MEMBERS
                        + " members, " + MIN_NON_MEMBERS + " non-members and a dev record). " + advice(s.name()));
            }
        }
    }

    /** What to change when the split {@code name} is too small: the advice fits the model that failed. */
    private String advice(String name) {
        String more = config.maxRecords() > 0 ? "Use more records (--max-records)" : "Use more records";
        if (name.startsWith("reference-")) {
            return more + ": each reference model trains on a random half of the target's audited records, so the "
                    + "target's split must hold enough (or use --references 0 to leave out the attacks that need them).";
        }
        if (name.startsWith("shadow-")) {
            return more + (config.shadows() > 1 ? " or fewer shadow models (--shadows)" : "") + ".";
        }
        return more + ".";
    }

    /** A seeded subset of the pool, in pool order. */
    private int[] cap(int size) {
        int[] idx = Arrays.copyOf(Splits.permutation(size, config.seed() ^ 0x5eedL), config.maxRecords());
        Arrays.sort(idx);
        return idx;
    }

    /** A given model's audited split (no dev set) and the attacker's population, with where it came from. */
    record GivenSplit(SplitIndices target, int[] population, String populationFrom) {}

    /**
     * The given model's split: its members and non-members from the index files, and a population disjoint from
     * both. Non-members default to a seeded share of every other record, the rest (up to {@code --population})
     * being the population; with a non-members file, the population is what neither file lists, or
     * {@code --population-index}.
     */
    private GivenSplit givenSplit(GivenModel g, Dataset data) {
        int[] members = IndexFiles.read(Path.of(g.membersIndex()), data.size());
        boolean[] taken = new boolean[data.size()];
        for (int i : members) {
            taken[i] = true;
        }
        int[] non;
        if (g.nonMembersIndex().isEmpty()) {
            non = new int[0];
        } else {
            non = IndexFiles.read(Path.of(g.nonMembersIndex()), data.size());
            for (int i : non) {
                if (taken[i]) {
                    throw new Mia4jException(g.nonMembersIndex() + ": record " + i + " is also listed as a member in "
                            + g.membersIndex());
                }
                taken[i] = true;
            }
        }
        int[] population;
        String from;
        if (!g.populationIndex().isEmpty()) {
            population = IndexFiles.read(Path.of(g.populationIndex()), data.size());
            for (int i : population) {
                if (taken[i]) {
                    throw new Mia4jException(g.populationIndex() + ": record " + i + " is audited (listed in "
                            + g.membersIndex() + (g.nonMembersIndex().isEmpty() ? "" : " or " + g.nonMembersIndex())
                            + "); the attacker's population must hold none of the audited records");
                }
            }
            from = "--population-index";
            if (non.length == 0) { // every record neither member nor population
                for (int i : population) {
                    taken[i] = true;
                }
                non = rest(taken);
            }
        } else {
            int[] rest = rest(taken);
            int[] perm = Splits.permutation(rest.length, config.seed() + 7);
            // with no non-members file the others are shared: at most half of them, and --population, are the population
            int n = Math.min(config.population(), non.length == 0 ? rest.length / 2 : rest.length);
            population = new int[n];
            for (int i = 0; i < n; i++) {
                population[i] = rest[perm[i]];
            }
            Arrays.sort(population);
            if (non.length == 0) {
                int[] audited = new int[rest.length - n];
                for (int i = n; i < rest.length; i++) {
                    audited[i - n] = rest[perm[i]];
                }
                Arrays.sort(audited);
                non = audited;
                from = "a seeded share of the records the model did not train on; the rest are the audited "
                        + "non-members";
            } else {
                from = "records in neither index file";
            }
        }
        if (members.length == 0 || non.length == 0) {
            throw new Mia4jException("the given model needs at least one member and one non-member record; got "
                    + members.length + " and " + non.length);
        }
        if (population.length == 0) {
            throw new Mia4jException("no record is left for the attacker's population: every record is a member or "
                    + "an audited non-member; give --population-index FILE (records the model did not train on, "
                    + "none of them audited), or list fewer non-members");
        }
        return new GivenSplit(new SplitIndices("target", members, new int[0], non), population, from);
    }

    private static int[] rest(boolean[] taken) {
        return java.util.stream.IntStream.range(0, taken.length).filter(i -> !taken[i]).toArray();
    }

    /**
     * The given model's output order: {@code --classes}; else the data set's own (integer labels of a CSV map to
     * themselves); string labels of a CSV, numbered alphabetically, are refused without it.
     */
    private static List<String> classOrder(GivenModel g, Dataset loaded) {
        if (!g.classes().isEmpty()) {
            return g.classes();
        }
        if (loaded instanceof TabularDataset t) {
            List<String> own = ClassOrder.integers(t.classNames());
            if (t.namedClasses() || own.isEmpty()) {
                List<String> names = t.classNames();
                throw new InvalidSetting("classes", "is needed: the labels of " + t.name() + " are names ("
                        + String.join(", ", names.subList(0, Math.min(5, names.size())))
                        + (names.size() > 5 ? ", ..." : "") + "), and nothing says which output of the model is "
                        + "which; give the model's output order with --classes FILE|NAME,NAME,...");
            }
            return own;
        }
        return loaded.classNames();
    }

    /** "name → output k" for each class, in the model's order. */
    private static String classMapping(List<String> order, List<String> dataClasses) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < order.size(); k++) {
            sb.append(k == 0 ? "" : ", ").append(order.get(k)).append(" -> ").append(k);
            if (!dataClasses.contains(order.get(k))) {
                sb.append(" (no record)");
            }
        }
        return sb.toString();
    }

    /** Loads the given model, settling its output kind on up to 512 of its members. */
    private static TorchScriptModel loadGiven(GivenModel g, SplitIndices target, Dataset queried) {
        int[] sample = Arrays.copyOf(target.members(), Math.min(512, target.members().length));
        return TorchScriptModel.load(Path.of(g.file()), queried.recordShape(), queried.numClasses(), g.outputs(),
                queried.features(sample), sample.length);
    }

    /**
     * Refuses (or, with {@code allowUnfit}, cautions about) a given model that is not clearly better than the
     * majority class on its own members: the audit of a model fed the wrong inputs or read with the wrong labels
     * says nothing about the model.
     */
    private static List<String> checkFit(GivenModel g, TorchScriptModel model, SplitIndices target,
            Dataset queried) {
        int[] members = target.members();
        int c = queried.numClasses();
        float[] p = model.posteriors(queried.features(members), members.length);
        int[] counts = new int[c];
        int correct = 0;
        for (int i = 0; i < members.length; i++) {
            int y = queried.label(members[i]);
            counts[y]++;
            int arg = 0;
            for (int k = 1; k < c; k++) {
                if (p[i * c + k] > p[i * c + arg]) {
                    arg = k;
                }
            }
            correct += arg == y ? 1 : 0;
        }
        double acc = correct / (double) members.length;
        double majority = Arrays.stream(counts).max().orElse(0) / (double) members.length;
        double needed = Math.min(Defaults.FIT_RATIO * majority, (1 + majority) / 2);
        if (acc >= needed) {
            return List.of();
        }
        String what = String.format(java.util.Locale.ROOT, "%s: accuracy %.3f on its %d members, not clearly above "
                + "the majority class's rate %.3f (needs %.3f)", g.file(), acc, members.length, majority, needed);
        String causes = "the class order (--classes), the column order or preprocessing the model expects, or a "
                + "wrong --members-index";
        if (!g.allowUnfit()) {
            throw new Mia4jException(what + "; likely causes: " + causes + ". --allow-unfit audits it anyway.");
        }
        return List.of("The given model is unfit (" + what + "): this audit is meaningless; likely causes: " + causes
                + ".");
    }

    /**
     * A table's features as models trained here see them: standardised and one-hot encoded with what the training
     * rows of {@code target} show (a given model's: its members), or as written with a given model and
     * {@code --preprocess raw}.
     */
    private static Dataset encode(Dataset loaded, Optional<GivenModel> given, SplitIndices target) {
        if (!(loaded instanceof TabularDataset t)) {
            return loaded;
        }
        if (given.isPresent() && given.get().preprocess().equals("raw")) { // what its shadows and references see
            return t.raw();
        }
        return t.fitTo(target.members());
    }

    /**
     * The data an audit of this plan trains on: read, capped and encoded as {@link #run()} does, with the number
     * of classes checked; creates nothing (for experiments that train their own models, e.g. the one-run audit).
     */
    Dataset data() {
        Dataset loaded = loadData();
        if (loaded.numClasses() > plan.maxClasses()) {
            throw new InvalidSetting("max-classes", "is " + plan.maxClasses() + ", but the labels of " + loaded.name()
                    + " hold " + loaded.numClasses() + " classes (is the label column right?); raise it if they "
                    + "are meant");
        }
        return encode(loaded, Optional.empty(), Splits.protocol(loaded.size(), 0, config.seed(),
                config.shadowFraction(), config.shadowOverlap()).get(0));
    }

    private Dataset loadData() {
        Dataset data = plan.data().orElseGet(() -> catalog.load(config.dataset(),
                config.dataDir().isEmpty() ? Optional.empty() : Optional.of(Path.of(config.dataDir())),
                config.labelColumn().isEmpty() ? Optional.empty() : Optional.of(config.labelColumn()),
                config.delimiter().charAt(0), config.ignoreColumns()));
        if (config.maxRecords() > 0 && config.maxRecords() < data.size() && data instanceof ArrayDataset a) {
            return a.subset(cap(data.size()));
        }
        if (config.maxRecords() > 0 && config.maxRecords() < data.size() && data instanceof TabularDataset t) {
            return t.subset(cap(data.size()));
        }
        return data;
    }
}
