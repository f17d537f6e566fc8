package org.mia4j.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mia4j.FileFault;
import org.mia4j.Mia4jException;
import org.mia4j.Progress;
import org.mia4j.Provenance;
import org.mia4j.data.Dataset;
import org.mia4j.data.Sha256;
import org.mia4j.data.SplitIndices;
import org.mia4j.json.Json;
import org.mia4j.model.ColumnFc;
import org.mia4j.model.ModelSpec;
import org.mia4j.model.Network;
import org.mia4j.model.Variant;
import org.mia4j.plan.AuditConfig;
import org.mia4j.plan.PrivateBudget;
import org.mia4j.plan.VariantRecipe;
import org.mia4j.prune.Pruner;
import org.mia4j.store.CheckpointStore;
import org.mia4j.store.Checkpoints;
import org.mia4j.store.ModelCache;
import org.mia4j.store.RunFolder;
import org.mia4j.store.StoredOutputs;
import org.mia4j.train.DpSgd;
import org.mia4j.train.Objective;
import org.mia4j.train.TrainingReport;
import org.slf4j.LoggerFactory;

/**
 * Keeps the models of one audit, making ({@link ModelTraining}) those no checkpoint holds, under {@code models/ROLE/VARIANT/}: {@code weights.params},
 * {@code theta0.params} (initial weights, for rewinding), {@code mask.params} for pruned models, and
 * {@code model.json} written last, so a folder with model.json is complete and is reused when a run resumes.
 */
final class ModelStore {
    private final Path root;
    private final ModelSpec arch;
    private final Dataset data;
    private final AuditConfig config;
    private final Progress progress;
    private final ModelTraining training;

    /** The metadata stored beside each checkpoint. */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(Checkpoints.SELF)
    record ModelMeta(String format, String role, String variant, String architecture, int[] recordShape,
            int numClasses, long seed, TrainingReport training, Map<String, String> files, Provenance provenance) {}

    /** What the caller computes from each trained model while it is open. */
    @FunctionalInterface
    interface Evaluator<T> {
        T apply(Variant variant, Network net, TrainingReport training);
    }

    private final List<CheckpointStore> stores = new ArrayList<>();
    private int keyThreads;
    private boolean restoreOnly;

    /**
     * Models made elsewhere, by workers with {@code threads} engine threads each (their keys say so): this store
     * restores them and refuses to train any itself, which would put another thread count's weights under their key.
     */
    ModelStore madeElsewhere(int threads) {
        this.restoreOnly = true;
        return keyedOnThreads(threads);
    }

    /** Keys as for models trained with {@code threads} engine threads (not this process's count). */
    ModelStore keyedOnThreads(int threads) {
        this.keyThreads = threads;
        return this;
    }

    /** Refuses to train a model whose checkpoint is not found. */
    private void checkMayTrain(String role, String variant) {
        if (restoreOnly) {
            throw new Mia4jException("the engine did not make " + role + "/" + variant + ": its checkpoint "
                    + "is in no store (was the store changed while the run went on?)");
        }
    }

    /** Also keep and reuse checkpoints in {@code s} (the shared cache, an engine's store), after those added before. */
    ModelStore withCache(CheckpointStore s) {
        stores.add(s);
        return this;
    }

    /** {@code root}: the checkpoint folder; null keeps every model in memory only. */
    ModelStore(Path root, ModelSpec arch, Dataset data, AuditConfig config, Progress progress) {
        this.root = root;
        this.arch = arch;
        this.data = data;
        this.config = config;
        this.progress = progress;
        this.training = new ModelTraining(arch, data, config, progress);
    }

    /**
     * The original model of {@code split} and one pruned + fine-tuned copy per pruner, trained or loaded from
     * earlier checkpoints, each evaluated while open. Returned in the order original, then the pruners'.
     */
    <T> List<T> trainAndPrune(SplitIndices split, long seed, List<VariantRecipe> pruners, Evaluator<T> eval) {
        return trainAndPrune(split, seed, pruners, new int[0], new java.util.HashMap<>(), eval);
    }

    /**
     * As above; {@code reference} are held-out non-member records and {@code shared} a map the evaluator of the
     * original model can fill (critical-weight scores) for the transforms that follow. Transforms the adversary
     * does not apply ({@link VariantRecipe#appliedByAdversary()}) are applied to the target only.
     */
    <T> List<T> trainAndPrune(SplitIndices split, long seed, List<VariantRecipe> pruners, int[] reference,
            java.util.Map<String, Object> shared, Evaluator<T> eval) {
        String role = split.name();
        Path dir = dir(role, Variant.ORIGINAL);
        List<Planned> plan = plan(split, seed, pruners, reference);
        String key = plan.get(0).key();
        fromCache(key, dir);
        List<T> out = new ArrayList<>();
        TrainingReport[] trained = new TrainingReport[1];
        // private models that later recipes start from stay open until those are made
        java.util.Set<Variant> bases = new java.util.HashSet<>();
        pruners.forEach(r -> bases.add(r.from()));
        Map<Variant, Base> kept = new java.util.HashMap<>();
        try (Network net = load(dir, role).orElseGet(() -> train(dir, role, split, seed, key, trained))) {
            TrainingReport originalReport = trained[0] != null ? trained[0] : meta(dir).training();
            kept.put(Variant.ORIGINAL, new Base(net, originalReport, key));
            out.add(eval.apply(Variant.ORIGINAL, net, originalReport));
            for (Planned planned : plan.subList(1, plan.size())) {
                VariantRecipe recipe = planned.recipe();
                Pruner pruner = recipe.transform();
                Base base = kept.get(recipe.from());
                Path pdir = dir(role, pruner.variant());
                String pkey = planned.key();
                fromCache(pkey, pdir);
                Optional<Network> saved = load(pdir, role);
                if (saved.isPresent()) {
                    Network p = saved.get();
                    TrainingReport rep = meta(pdir).training();
                    out.add(eval.apply(pruner.variant(), p, rep));
                    keep(bases, kept, pruner.variant(), new Base(p, rep, pkey));
                    continue;
                }
                checkMayTrain(role, pruner.variant().label());
                ModelTraining.Made made = training.variant(base.net(), role, split, seed, recipe, pruners, reference,
                        shared, net, mask -> {
                            if (pdir != null) {
                                mask.arrays().save(pdir.resolve("mask.params"));
                            }
                        });
                Network p = made.net();
                try {
                    TrainingReport rep = made.report().after(base.report().privatePhases());
                    save(p, pdir, role, pruner.name(), seed, rep);
                    toCache(pkey, pdir);
                    out.add(eval.apply(pruner.variant(), p, rep));
                    keep(bases, kept, pruner.variant(), new Base(p, rep, pkey));
                } catch (RuntimeException | Error e) {
                    p.close();
                    throw e;
                }
            }
            return out;
        } finally {
            kept.forEach((v, b) -> {
                if (!v.isOriginal()) {
                    b.net().close();
                }
            });
        }
    }

    /** The key of each model {@link #trainAndPrune} makes of {@code split}, by variant, original first. */
    Map<Variant, String> keys(SplitIndices split, long seed, List<VariantRecipe> pruners, int[] reference) {
        Map<Variant, String> out = new java.util.LinkedHashMap<>();
        for (Planned p : plan(split, seed, pruners, reference)) {
            out.put(p.recipe() == null ? Variant.ORIGINAL : p.recipe().variant(), p.key());
        }
        return out;
    }

    /** The stored posteriors of model {@code modelKey} on {@code records}, from the first store that has them. */
    Optional<float[]> outputs(String modelKey, int[] records, int classes) {
        String key = StoredOutputs.key(modelKey, records);
        if (stores.stream().noneMatch(s -> s.contains(key))) {
            return Optional.empty();
        }
        Path tmp = tempDir();
        try {
            for (CheckpointStore s : stores) {
                if (s.restore(key, tmp)) {
                    return Optional.of(StoredOutputs.read(tmp, records.length, classes));
                }
            }
            return Optional.empty();
        } finally {
            ModelCache.delete(tmp);
        }
    }

    /** Keeps model {@code modelKey}'s posteriors on {@code records} in every store. */
    void storeOutputs(String modelKey, String role, Variant variant, int[] records, float[] posteriors, int classes) {
        Path tmp = null;
        try {
            tmp = tempDir();
            StoredOutputs.write(tmp, role, variant.label(), posteriors, records.length, classes);
            String key = StoredOutputs.key(modelKey, records);
            for (CheckpointStore s : stores) {
                s.store(key, tmp);
            }
        } catch (java.io.UncheckedIOException e) { // kept to save work later: not having them is no failure
            LoggerFactory.getLogger(ModelStore.class).warn("cannot keep the outputs of {} ({}); the run goes on",
                    role, e.getMessage());
        } finally {
            if (tmp != null) {
                ModelCache.delete(tmp);
            }
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("mia4j-outputs-");
        } catch (IOException e) {
            throw new FileFault("creating a temporary folder in", Path.of(System.getProperty("java.io.tmpdir")), e);
        }
    }

    /** One model {@link #trainAndPrune} makes: its recipe (null for the original) and cache key. */
    private record Planned(VariantRecipe recipe, String key) {}

    /**
     * The models {@link #trainAndPrune} makes of {@code split}, original first, each with the cache key that
     * determines it; known before anything is trained, so an engine can tell which are already made.
     */
    private List<Planned> plan(SplitIndices split, long seed, List<VariantRecipe> pruners, int[] reference) {
        String role = split.name();
        int[] scoredOn = ModelTraining.criticalReference(split, reference);
        List<Planned> out = new ArrayList<>();
        String key = originalKey(split, seed);
        out.add(new Planned(null, key));
        Map<Variant, String> made = new java.util.HashMap<>();
        made.put(Variant.ORIGINAL, key);
        for (VariantRecipe recipe : pruners) {
            if (!recipe.appliedByAdversary() && !role.equals("target")) {
                continue;
            }
            String base = made.get(recipe.from());
            if (base == null) {
                continue; // its base was not made for this model (e.g. a defense only the target gets)
            }
            String pkey = variantKey(base, recipe, scoredOn);
            made.put(recipe.variant(), pkey);
            out.add(new Planned(recipe, pkey));
        }
        return out;
    }

    /** A model later recipes may start from: its network, training report and cache key. */
    private record Base(Network net, TrainingReport report, String key) {}

    /** Keeps {@code b} open when a later recipe starts from it, else closes it. */
    private static void keep(java.util.Set<Variant> bases, Map<Variant, Base> kept, Variant v, Base b) {
        if (bases.contains(v)) {
            kept.put(v, b);
        } else {
            b.net().close();
        }
    }

    /** Resolves every private recipe's mechanism on every split it will train on (it fails on impossible targets). */
    void checkPrivate(List<SplitIndices> splits, List<VariantRecipe> recipes) {
        for (SplitIndices s : splits) {
            for (VariantRecipe r : recipes) {
                if (r.appliedByAdversary() || s.name().equals("target")) {
                    mechanism(r, recipes, s.members().length);
                }
            }
        }
    }

    /** DP-SGD's mechanism for a recipe that trains privately ({@link PrivateBudget}); null for the others. */
    private DpSgd mechanism(VariantRecipe recipe, List<VariantRecipe> recipes, int records) {
        return PrivateBudget.mechanism(recipe, recipes, records);
    }

    /** A model's checkpoint folder, or null when models stay in memory. */
    private Path dir(String role, Variant variant) {
        return root == null ? null : root.resolve(role).resolve(variant.label());
    }

    private Network train(Path dir, String role, SplitIndices split, long seed, String key, TrainingReport[] report) {
        checkMayTrain(role, Variant.ORIGINAL.label());
        ModelTraining.Made made = training.original(role, split, seed);
        report[0] = made.report();
        save(made.net(), dir, role, Variant.ORIGINAL.label(), seed, made.report());
        toCache(key, dir);
        return made.net();
    }

    /** What determines an original model's weights: data, subset, architecture, recipe, seed and its split. */
    private String originalKey(SplitIndices split, long seed) {
        Map<String, Object> k = new java.util.LinkedHashMap<>();
        k.put("format", ModelCache.FORMAT);
        k.put("data", data.name());
        k.put("checksums", new java.util.TreeMap<>(data.checksums()));
        k.put("max_records", config.maxRecords());
        k.put("label_column", config.labelColumn());
        k.put("architecture", arch.cliName());
        if (arch instanceof ColumnFc fc) {
            k.put("hidden", fc.hidden());
        }
        k.put("preprocessing", data.preprocessing());
        k.put("training", config.training());
        k.put("seed", seed);
        k.put("split", split);
        // libtorch's sums depend on how many threads share them: 1 and 2 threads give different weights (measured)
        k.put("engine_threads", keyThreads > 0 ? keyThreads : Network.engineThreads());
        return hash(k);
    }

    /** ... plus the transform, its fine-tuning recipe and whatever else it reads. */
    private String variantKey(String originalKey, VariantRecipe recipe, int[] reference) {
        Map<String, Object> k = new java.util.LinkedHashMap<>();
        k.put("original", originalKey); // or the key of the private model it starts from
        k.put("transform", recipe.variant().label());
        k.put("finetune", recipe.fineTuning());
        k.put("prune_rounds", config.pruneRounds());
        k.put("batch_size", config.training().batchSize());
        if (recipe.objective() != Objective.CROSS_ENTROPY) {
            k.put("objective", recipe.objective().settings());
        }
        if (recipe.transform().readsCriticalScores()) { // critical-weight treatments depend on the PVE scores
            k.put("pve", config.pve());
            k.put("reference", java.util.Arrays.hashCode(reference));
            k.put("learning_rate", config.training().learningRate());
        }
        return hash(k);
    }

    private static String hash(Object o) {
        try {
            return Sha256.of(Json.MAPPER.writeValueAsBytes(o)).substring(0, 32);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void fromCache(String key, Path dir) {
        if (dir == null || Files.exists(dir.resolve("model.json"))) {
            return;
        }
        for (CheckpointStore s : stores) {
            if (s.restore(key, dir)) {
                return;
            }
        }
    }

    private void toCache(String key, Path dir) {
        if (dir != null) {
            stores.forEach(s -> s.store(key, dir));
        }
    }

    private void save(Network net, Path dir, String role, String variant, long seed, TrainingReport rep) {
        if (dir == null) {
            return;
        }
        RunFolder.mkdirs(dir);
        net.save(dir.resolve("weights.params"), dir.resolve("theta0.params"));
        Checkpoints.writeManifest(dir, new ModelMeta(ModelCache.FORMAT, role, variant, arch.cliName(),
                data.recordShape(), data.numClasses(), seed, rep, ModelCache.checksums(dir),
                Provenance.of(seed, data.checksums(), config)));
    }

    private Optional<Network> load(Path dir, String role) {
        if (dir == null || !Files.exists(dir.resolve("model.json"))) {
            return Optional.empty();
        }
        Optional<String> bad = Checkpoints.problem(dir);
        if (bad.isPresent()) {
            LoggerFactory.getLogger(ModelStore.class).warn("checkpoint {} is not usable ({}); training it again", dir,
                    bad.get());
            try {
                Files.delete(dir.resolve("model.json"));
            } catch (IOException e) {
                throw new FileFault("removing", dir.resolve("model.json"), e);
            }
            return Optional.empty();
        }
        return Optional.of(Network.load(role, arch, data.recordShape(), data.numClasses(),
                dir.resolve("weights.params"), dir.resolve("theta0.params")));
    }

    private static ModelMeta meta(Path dir) {
        try {
            return Json.MAPPER.readValue(dir.resolve("model.json").toFile(), ModelMeta.class);
        } catch (IOException e) {
            throw new Mia4jException("cannot read " + dir.resolve("model.json") + ": " + Json.why(e), e);
        }
    }
}
