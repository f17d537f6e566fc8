package org.mia4j.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.mia4j.InvalidSetting;
import org.mia4j.Mia4jException;
import org.mia4j.Progress;
import org.mia4j.Provenance;
import org.mia4j.attack.AttackRegistry;
import org.mia4j.attack.Probe;
import org.mia4j.data.ArrayDataset;
import org.mia4j.data.Dataset;
import org.mia4j.data.DatasetCatalog;
import org.mia4j.data.IndexFiles;
import org.mia4j.data.SplitIndices;
import org.mia4j.data.TabularDataset;
import org.mia4j.data.Splits;
import org.mia4j.model.Architecture;
import org.mia4j.model.ModelSpec;
import org.mia4j.model.Network;
import org.mia4j.model.TorchScriptModel;
import org.mia4j.report.AuditResults;
import org.mia4j.report.HtmlReport;

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

    /** Audits in memory: models are trained (or the given one loaded) and attacked; nothing is written. */
    public AuditResults run() {
        return execute(Optional.empty());
    }

    /** Audits in {@code folder}: checkpoints, resume, model cache, results.json, report.html and scores. */
    public Outcome run(RunFolder folder) {
        try {
            AuditResults r = execute(Optional.of(folder));
            return new Outcome(folder.commit(), r);
        } catch (Mia4jException e) {
            folder.discardIfNew();
            throw e;
        } finally {
            folder.unlock();
        }
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
        AttackRegistry.Chosen chosen = AttackRegistry.select(config.attacks(), config.attackOptions(), config.seed(),
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
        Optional<SplitIndices> givenSplit = givenSpec.map(g -> givenSplit(g, loaded));
        Dataset data = encode(loaded, givenSplit.isPresent());
        ModelSpec arch = trainsModels ? Architecture.of(config.architecture(), config.hidden()) : null;
        if (arch != null) {
            try (Network probe = Network.create("probe", arch, data.recordShape(), data.numClasses(), 0)) {
                pruners.forEach(p -> p.transform().validate(probe));
                if (pruners.stream().anyMatch(p -> org.mia4j.defense.DpSgdDefense.of(p.objective()).isPresent())) {
                    org.mia4j.train.DpSgd.check(probe.block(), config.architecture()); // before any training
                }
            }
        }
        List<String> notes = new ArrayList<>();
        try (TorchScriptModel given = givenSpec.map(g -> TorchScriptModel.load(Path.of(g.file()), data.recordShape(),
                data.numClasses(), g.outputs().equals("logits"))).orElse(null)) {
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
            List<SplitIndices> splits = models.splits(givenSplit);
            if (shadows == 0) {
                splits = splits.subList(0, 1);
            }
            checkSizes(splits, data, givenSplit.isPresent());
            store.checkPrivate(splits, pruners); // a target epsilon that cannot be met fails before any training
            folder.ifPresent(f -> f.begin(config));
            for (SplitIndices s : splits) {
                folder.ifPresent(f -> f.saveSplit(s, data.size()));
            }
            if (engine != null && trainsModels) {
                RunFolder f = folder.get();
                Optional<ModelCache> cache = data.checksums().isEmpty() ? Optional.empty() : f.cache();
                TrainingEngine.Done done = engine.make(new TrainingEngine.Work(config, data,
                        models.jobs(splits, givenSplit.isPresent()), cache, f.scratch("engine")), progress);
                store.withCache(done.store()).madeElsewhere(done.threadsPerModel());
                notes.add(done.summary());
            }
            ModelsStage.TrainedModels trained = models.run(splits, Optional.ofNullable(given), progress);
            if (engine != null) {
                folder.ifPresent(f -> ModelCache.delete(f.scratch("engine"))); // what the run needs is in models/ now
            }
            AuditInputs inputs = OutputsStage.of(trained, config, data, pruners, notes);
            AttackStage.Outcome attacked = new AttackStage(chosen.attacks(), config.bootstrap(), config.seed())
                    .run(inputs, progress);
            folder.ifPresent(f -> attacked.scores().forEach(s -> f.writeScores(s.model().variant().label(),
                    s.model().recordIndex(), s.model().target(), inputs.classNames(), s.columns())));
            Map<String, String> checksums = new TreeMap<>(data.checksums());
            givenSpec.ifPresent(g -> checksums.put(Path.of(g.file()).getFileName().toString(),
                    given.sha256()));
            AuditResults results = ResultsStage.of(Provenance.of(config.seed(), checksums, config), inputs,
                    attacked, chosen.skipped(), config.bootstrap(), config.seed(), (System.nanoTime() - t0) / 1e9);
            folder.ifPresent(f -> f.writeResults(results, HtmlReport.render(results, attacked.rocs(), attacked.histograms())));
            return results;
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
                        + " members, " + MIN_NON_MEMBERS + " non-members and a dev record). Use more records"
                        + (config.shadows() > 1 ? " or fewer shadow models" : "") + ".");
            }
        }
    }

    /** A seeded subset of the pool, in pool order. */
    private int[] cap(int size) {
        int[] idx = Arrays.copyOf(Splits.permutation(size, config.seed() ^ 0x5eedL), config.maxRecords());
        Arrays.sort(idx);
        return idx;
    }

    /** The given model's split: its members and non-members from the index files; no dev set. */
    private static SplitIndices givenSplit(GivenModel g, Dataset data) {
        int[] members = IndexFiles.read(Path.of(g.membersIndex()), data.size());
        int[] non;
        if (g.nonMembersIndex().isEmpty()) {
            boolean[] in = new boolean[data.size()];
            for (int i : members) {
                in[i] = true;
            }
            non = java.util.stream.IntStream.range(0, data.size()).filter(i -> !in[i]).toArray();
        } else {
            non = IndexFiles.read(Path.of(g.nonMembersIndex()), data.size());
            int[] sorted = members.clone();
            Arrays.sort(sorted);
            for (int i : non) {
                if (Arrays.binarySearch(sorted, i) >= 0) {
                    throw new Mia4jException(g.nonMembersIndex() + ": record " + i + " is also listed as a member in "
                            + g.membersIndex());
                }
            }
        }
        if (members.length == 0 || non.length == 0) {
            throw new Mia4jException("the given model needs at least one member and one non-member record; got "
                    + members.length + " and " + non.length);
        }
        return new SplitIndices("target", members, new int[0], non);
    }

    /**
     * A table's features: as written for a model made elsewhere; otherwise standardised and one-hot encoded with
     * what the target's training rows show (the target split depends only on the pool size and the seed).
     */
    private Dataset encode(Dataset loaded, boolean given) {
        if (!(loaded instanceof TabularDataset t)) {
            return loaded;
        }
        if (given) {
            return t.raw();
        }
        return t.fitTo(Splits.protocol(t.size(), Math.max(config.shadows(), 1), config.seed(),
                config.shadowFraction(), config.shadowOverlap()).get(0).members());
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
        return encode(loaded, false);
    }

    private Dataset loadData() {
        Dataset data = plan.data().orElseGet(() -> catalog.load(config.dataset(),
                config.dataDir().isEmpty() ? Optional.empty() : Optional.of(Path.of(config.dataDir())),
                config.labelColumn().isEmpty() ? Optional.empty() : Optional.of(config.labelColumn()),
                config.delimiter().charAt(0)));
        if (config.maxRecords() > 0 && config.givenModel().isPresent()) {
            throw new Mia4jException("a record cap cannot be combined with a given model: its index files refer to "
                    + "the whole data set");
        }
        if (config.maxRecords() > 0 && config.maxRecords() < data.size() && data instanceof ArrayDataset a) {
            return a.subset(cap(data.size()));
        }
        if (config.maxRecords() > 0 && config.maxRecords() < data.size() && data instanceof TabularDataset t) {
            return t.subset(cap(data.size()));
        }
        return data;
    }
}
