package org.mia4j.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mia4j.Progress;
import org.mia4j.attack.Probe;
import org.mia4j.attack.ReferenceOutputs;
import org.mia4j.data.Dataset;
import org.mia4j.data.SplitIndices;
import org.mia4j.data.Splits;
import org.mia4j.defense.Cwrf;
import org.mia4j.defense.MaskedModel;
import org.mia4j.defense.OutputMask;
import org.mia4j.model.Network;
import org.mia4j.model.Queryable;
import org.mia4j.model.TorchScriptModel;
import org.mia4j.model.Variant;
import org.mia4j.outputs.ModelOutputs;
import org.mia4j.outputs.RecordInputs;
import org.mia4j.plan.AuditConfig;
import org.mia4j.plan.VariantRecipe;
import org.mia4j.prune.Pruner;
import org.mia4j.prune.PruningStats;
import org.mia4j.report.AuditResults.CriticalWeightsReport;
import org.mia4j.train.TrainingReport;

/**
 * The models stage: trains (or loads from checkpoints and the cache) the target, the shadow and the reference
 * models, makes every variant of each, or takes the given target; and records each model's outputs on its
 * audited records, its probes and its population outputs while it is open.
 */
final class ModelsStage {

    /** Everything the models stage hands on: per variant the target's run first, then the shadows'. */
    record TrainedModels(Map<Variant, List<ModelRun>> byVariant, Map<Variant, ReferenceOutputs> references,
            Optional<CriticalWeightsReport> critical, SplitIndices target) {}

    private final AuditConfig config;
    private final Dataset data;
    private final ModelStore store;
    private final List<VariantRecipe> pruners;
    private final List<Probe> probes;
    private final boolean needReferences;
    private RecordInputs inputs;
    private int[] inputsFor;
    private Dataset queried;
    private int[] givenPopulation;

    ModelsStage(AuditConfig config, Dataset data, ModelStore store, List<VariantRecipe> pruners, List<Probe> probes,
            boolean needReferences) {
        this.config = config;
        this.data = data;
        this.store = store;
        this.pruners = pruners;
        this.probes = probes;
        this.needReferences = needReferences;
    }

    /**
     * A given target: the records as it is queried with ({@code queried}: a table's numbers as written, where the
     * shadows may see them standardised) and the attacker's population, disjoint from its audited records.
     */
    void given(Dataset queriedData, int[] population) {
        this.queried = queriedData;
        this.givenPopulation = population.clone();
    }

    /** What the target is queried with. */
    private Dataset targetData() {
        return queried != null ? queried : data;
    }

    /**
     * The splits of target, shadows and reference models, in that order ({@code given}: the target's own). A given
     * target's shadows train on as many records as it did (its member count), drawn from the records it did not
     * train on, unless {@code --shadow-fraction} gives their share of those records.
     */
    /**
     * Every model's split: the given target's and shadows drawn around it, or the {@code protocol}'s (the target's
     * and the shadows', made once by the auditor: the table's encoding is fitted to the same target members).
     */
    List<SplitIndices> splits(Optional<SplitIndices> given, List<SplitIndices> protocol) {
        List<SplitIndices> splits = new ArrayList<>();
        if (given.isPresent()) {
            splits.add(given.get());
            int[] targetMembers = given.get().members();
            int[] others = without(range(data.size()), targetMembers);
            for (int i = 0; i < config.shadows(); i++) {
                int[] perm = Splits.permutation(others.length, config.seed() + 1 + i + 7919L);
                int k = config.shadowFraction() < 1
                        ? Math.max(40, (int) Math.round(config.shadowFraction() * others.length))
                        : (int) Math.ceil(targetMembers.length / (Splits.TRAIN_SHARE * (1 - Splits.DEV_SHARE)));
                int[] pool = new int[Math.min(k, others.length)];
                for (int j = 0; j < pool.length; j++) {
                    pool[j] = others[perm[j]];
                }
                splits.add(Splits.overlap(Splits.split("shadow-" + i, pool, config.seed() + 1 + i), targetMembers,
                        config.shadowOverlap(), config.seed() + 1 + i));
            }
        } else {
            splits.addAll(protocol);
        }
        if (needReferences) {
            int[] queries = queries(splits.get(0));
            // a given target's references train on as many records as it did, trained ones on half the audited
            int in = given.isPresent() ? Math.min(queries.length / 2, given.get().members().length)
                    : queries.length / 2;
            for (int r = 0; r < config.references(); r++) {
                splits.add(referenceSplit(r, queries, in));
            }
        }
        return splits;
    }

    /**
     * The models to train, each an independent {@link ModelJob}: the target (unless it is given), the shadows, then
     * the reference models. Model i of the splits uses seed + i; reference model r seed + 10,000 + r.
     */
    List<ModelJob> jobs(List<SplitIndices> splits, boolean given) {
        List<ModelJob> jobs = new java.util.ArrayList<>();
        int[] population = population(splits.get(0), given);
        int[] queries = queries(splits.get(0));
        // what the attacks read of a reference model: its posteriors on the audited records, then the population
        int[] referenceOutputs = Arrays.copyOf(queries, queries.length + population.length);
        System.arraycopy(population, 0, referenceOutputs, queries.length, population.length);
        int r = 0;
        for (int i = 0; i < splits.size(); i++) {
            SplitIndices s = splits.get(i);
            if (s.name().startsWith("reference-")) {
                jobs.add(new ModelJob(s, config.seed() + 10_000 + r++, false, new int[0], referenceOutputs));
            } else if (i == 0 && !given) {
                jobs.add(new ModelJob(s, config.seed(), true, population, new int[0]));
            } else if (i > 0) {
                jobs.add(new ModelJob(s, config.seed() + i, false, new int[0], new int[0]));
            }
        }
        return jobs;
    }

    TrainedModels run(List<SplitIndices> splits, Optional<TorchScriptModel> given, Progress progress) {
        return run(splits, given, Map.of(), progress);
    }

    /**
     * As {@link #run(List, Optional, Progress)}, with other versions of the given target made elsewhere: each
     * queried on the same records and population, a target of its own variant with the stats it was measured at.
     */
    TrainedModels run(List<SplitIndices> splits, Optional<TorchScriptModel> given,
            Map<Variant, GivenVersion> versions, Progress progress) {
        SplitIndices ts = splits.get(0);
        int[] population = population(ts, given.isPresent());
        Map<Variant, List<ModelRun>> byVariant = new LinkedHashMap<>();
        CriticalWeightsReport[] critical = new CriticalWeightsReport[1];
        List<ModelJob> refJobs = new ArrayList<>();
        List<ModelRun> maskedRuns = new ArrayList<>();
        if (given.isPresent()) {
            byVariant.computeIfAbsent(Variant.ORIGINAL, k -> new ArrayList<>())
                    .add(givenRun(given.get(), Variant.ORIGINAL, new PruningStats(given.get().sparsity(), 0, 0), ts,
                            population, progress));
            versions.forEach((v, g) -> byVariant.computeIfAbsent(v, k -> new ArrayList<>())
                    .add(givenRun(g.model(), v, g.stats(), ts, population, progress)));
        }
        for (ModelJob job : jobs(splits, given.isPresent())) {
            if (job.referenceModel()) {
                refJobs.add(job);
                continue;
            }
            SplitIndices s = job.split();
            boolean isTarget = job.target();
            Map<String, Object> shared = new HashMap<>();
            List<ModelRun> masked = new ArrayList<>();
            List<ModelRun> runs = store.trainAndPrune(s, job.seed(), pruners, job.reference(), shared,
                    (variant, net, rep) -> {
                        if (ModelMaker.needsCriticalScores(config, job, variant)) {
                            CriticalAnalysis.Outcome ca = CriticalAnalysis.run(net, data, s.members(), population,
                                    config);
                            shared.put(Cwrf.SCORES, ca.pve());
                            critical[0] = ca.report();
                        }
                        ModelRun run = evaluate(s.name(), variant, net, s, rep);
                        ModelOutputs out = run.outputs();
                        for (Probe p : probes) {
                            out = out.withProbe(p.name(), probe(p, net, s.name() + "/" + variant.label(),
                                    run.recordIndex(), out.labels(), progress));
                        }
                        if (isTarget) {
                            out = out.withPopulation(net.posteriors(data.features(population), population.length))
                                    .withInputs(inputs(run.recordIndex(), population));
                        }
                        run = run.withOutputs(out);
                        // the adversary's own models are masked only when it knows the defense
                        if (!variant.isDefended() && (isTarget || config.adaptiveDefense())) {
                            for (OutputMask mask : config.masks()) {
                                masked.add(masked(run, mask, net, progress));
                            }
                        }
                        return run;
                    });
            runs.forEach(run -> byVariant.computeIfAbsent(run.variant(), k -> new ArrayList<>()).add(run));
            maskedRuns.addAll(masked);
        }
        // masked twins after every model made by training, in the order of the masks
        for (OutputMask mask : config.masks()) {
            maskedRuns.stream().filter(r -> r.variant().defense().equals(mask.name())).forEach(run -> byVariant
                    .computeIfAbsent(run.variant(), k -> new ArrayList<>()).add(run));
        }
        return new TrainedModels(byVariant, references(refJobs, queries(ts), population),
                Optional.ofNullable(critical[0]), ts);
    }

    /**
     * {@code run}'s model behind {@code mask}: what it releases on the same records (and the population), its probes
     * queried through the mask, named {@code VARIANT+MASK}.
     */
    private ModelRun masked(ModelRun run, OutputMask mask, Network net, Progress progress) {
        Variant v = run.variant().withDefense(mask.name());
        ModelOutputs o = run.outputs();
        int c = o.numClasses();
        ModelOutputs out = new ModelOutputs(run.role() + "/" + v.label(), mask.release(net.manager(), o.posteriors(),
                c), c, o.labels(), o.members());
        MaskedModel model = new MaskedModel(net, mask);
        for (Probe p : probes) {
            out = out.withProbe(p.name(), probe(p, model, run.role() + "/" + v.label(), run.recordIndex(),
                    o.labels(), progress));
        }
        if (o.population().length > 0) {
            out = out.withPopulation(mask.release(net.manager(), o.population(), c));
        }
        if (o.inputs() != null) {
            out = out.withInputs(o.inputs());
        }
        int m = count(o.members());
        return new ModelRun(run.role(), v, accuracy(out, 0, m), accuracy(out, m, out.size()), run.pruning(),
                run.training(), out, run.recordIndex());
    }

    private static int count(boolean[] flags) {
        int n = 0;
        for (boolean b : flags) {
            n += b ? 1 : 0;
        }
        return n;
    }

    /**
     * The attacker's population (RMIA, QMIA): records neither audited nor trained on by the target or a reference
     * model; a trained target's from the shadow half, a given target's as {@link #given} set it.
     */
    int[] population(SplitIndices target, boolean given) {
        if (given) {
            return givenPopulation.clone();
        }
        return population(Splits.halves(data.size(), config.seed())[1]);
    }

    /** A version of the given target made elsewhere, and its sparsity and size as measured from its file. */
    record GivenVersion(TorchScriptModel model, PruningStats stats) {}

    /** A given target's outputs on its audited records and the population; it has no training report. */
    private ModelRun givenRun(TorchScriptModel model, Variant variant, PruningStats stats, SplitIndices s,
            int[] population, Progress progress) {
        int[] idx = queries(s);
        Dataset data = targetData();
        ModelOutputs out = new ModelOutputs("target/" + variant.label(), model.posteriors(
                data.features(idx), idx.length), data.numClasses(), data.labels(idx), membership(s));
        for (Probe p : probes) {
            out = out.withProbe(p.name(), probe(p, model, "target/" + variant.label(), idx, out.labels(),
                    progress));
        }
        out = out.withPopulation(model.posteriors(data.features(population), population.length))
                .withInputs(inputs(idx, population));
        int m = s.members().length;
        return new ModelRun("target", variant, accuracy(out, 0, m), accuracy(out, m, idx.length), stats,
                new TrainingReport(0, 0, Double.NaN, Double.NaN, 0), out, idx);
    }

    /** The audited and population records' features, for attacks that read them (QMIA). */
    private RecordInputs inputs(int[] audited, int[] population) {
        if (inputs != null && Arrays.equals(inputsFor, audited)) {
            return inputs; // every target variant audits the same records: one copy of their features
        }
        Dataset data = targetData();
        inputsFor = audited.clone();
        int width = 1;
        for (int d : data.recordShape()) {
            width *= d;
        }
        inputs = new RecordInputs(data.features(audited), width, data.features(population),
                data.labels(population));
        return inputs;
    }

    /** A probe's values on the records {@code idx}, as a phase of its own (they query the model many times). */
    private float[] probe(Probe p, Queryable model, String what, int[] idx, int[] labels,
            Progress progress) {
        Dataset data = model instanceof TorchScriptModel ? targetData() : this.data;
        try (Progress.Task t = progress.start("probe " + p.name() + " " + what, idx.length)) {
            return p.compute(model, data.features(idx), labels, idx.length, config.seed(), t::step);
        }
    }

    /** Reference model r: a seeded random half of the audited records IN; its dev set comes from the OUT half. */
    static SplitIndices referenceSplit(int r, int[] queries) {
        return referenceSplit(r, queries, queries.length / 2);
    }

    /** As above with {@code in} records IN (at most half). */
    static SplitIndices referenceSplit(int r, int[] queries, int inCount) {
        int[] perm = Splits.permutation(queries.length, 1_000_003L * (r + 1));
        int half = Math.min(inCount, queries.length / 2);
        int nDev = (int) Math.round(half * Splits.DEV_SHARE);
        int[] in = new int[half];
        int[] dev = new int[nDev];
        int[] out = new int[queries.length - half - nDev];
        for (int i = 0; i < queries.length; i++) {
            int q = queries[perm[i]];
            if (i < half) {
                in[i] = q;
            } else if (i < half + nDev) {
                dev[i - half] = q;
            } else {
                out[i - half - nDev] = q;
            }
        }
        return new SplitIndices("reference-" + r, in, dev, out);
    }

    /** The attacker's population for RMIA: records no target or reference trained on. */
    private int[] population(int[] pool) {
        int[] perm = Splits.permutation(pool.length, config.seed() + 7);
        int n = Math.min(config.population(), pool.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = pool[perm[i]];
        }
        return out;
    }

    private Map<Variant, ReferenceOutputs> references(List<ModelJob> refJobs, int[] queries,
            int[] population) {
        Map<Variant, List<float[]>> post = new LinkedHashMap<>();
        Map<Variant, List<float[]>> pop = new LinkedHashMap<>();
        List<boolean[]> in = new ArrayList<>();
        float[] qx = refJobs.isEmpty() ? new float[0] : data.features(queries);
        float[] px = refJobs.isEmpty() ? new float[0] : data.features(population);
        for (ModelJob job : refJobs) {
            SplitIndices s = job.split();
            Set<Integer> members = new HashSet<>();
            for (int i : s.members()) {
                members.add(i);
            }
            boolean[] flags = new boolean[queries.length];
            for (int i = 0; i < queries.length; i++) {
                flags[i] = members.contains(queries[i]);
            }
            in.add(flags);
            if (storedOutputs(job, queries.length, population.length, post, pop)) {
                continue; // an engine's worker left them: the checkpoints are not needed
            }
            store.trainAndPrune(s, job.seed(), pruners, (variant, net, rep) -> {
                post.computeIfAbsent(variant, k -> new ArrayList<>()).add(net.posteriors(qx, queries.length));
                pop.computeIfAbsent(variant, k -> new ArrayList<>()).add(net.posteriors(px, population.length));
                return variant;
            });
        }
        Map<Variant, ReferenceOutputs> out = new LinkedHashMap<>();
        post.forEach((variant, p) -> out.put(variant, new ReferenceOutputs(data.numClasses(), data.labels(queries),
                p, in, pop.get(variant), data.labels(population))));
        return out;
    }

    /**
     * Adds reference model {@code job}'s stored posteriors (audited records, then population) of every variant to
     * {@code post} and {@code pop}; false, adding nothing, unless the stores hold them all.
     */
    private boolean storedOutputs(ModelJob job, int queries, int population, Map<Variant, List<float[]>> post,
            Map<Variant, List<float[]>> pop) {
        if (job.outputsOn().length == 0) {
            return false;
        }
        int c = data.numClasses();
        Map<Variant, float[]> found = new LinkedHashMap<>();
        for (Map.Entry<Variant, String> e : store.keys(job.split(), job.seed(), pruners, new int[0]).entrySet()) {
            Optional<float[]> p = store.outputs(e.getValue(), job.outputsOn(), c);
            if (p.isEmpty()) {
                return false;
            }
            found.put(e.getKey(), p.get());
        }
        found.forEach((variant, p) -> {
            post.computeIfAbsent(variant, k -> new ArrayList<>()).add(Arrays.copyOfRange(p, 0, queries * c));
            pop.computeIfAbsent(variant, k -> new ArrayList<>()).add(Arrays.copyOfRange(p, queries * c,
                    (queries + population) * c));
        });
        return true;
    }

    /** A model's outputs on its split's members then non-members, with its accuracies and measured sparsity. */
    ModelRun evaluate(String role, Variant variant, Network net, SplitIndices s, TrainingReport training) {
        int[] idx = queries(s);
        float[] p = net.posteriors(data.features(idx), idx.length);
        ModelOutputs out = new ModelOutputs(role + "/" + variant.label(), p, data.numClasses(), data.labels(idx),
                membership(s));
        int m = s.members().length;
        return new ModelRun(role, variant, accuracy(out, 0, m), accuracy(out, m, idx.length),
                PruningStats.of(net, transform(variant)), training, out, idx);
    }

    /** The transform that makes {@code variant} (null for the original). */
    private Pruner transform(Variant variant) {
        return pruners.stream().filter(r -> r.variant().equals(variant)).map(VariantRecipe::transform).findFirst()
                .orElse(null);
    }

    /** The audited records of a split: members, then non-members. */
    static int[] queries(SplitIndices s) {
        int[] a = s.members();
        int[] b = s.nonMembers();
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static boolean[] membership(SplitIndices s) {
        boolean[] m = new boolean[s.members().length + s.nonMembers().length];
        Arrays.fill(m, 0, s.members().length, true);
        return m;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        Arrays.setAll(r, i -> i);
        return r;
    }

    private static int[] without(int[] all, int[] removed) {
        Set<Integer> drop = new HashSet<>();
        for (int i : removed) {
            drop.add(i);
        }
        return Arrays.stream(all).filter(i -> !drop.contains(i)).toArray();
    }

    /** Accuracy over records [from, to) of some outputs, from their posteriors. */
    static double accuracy(ModelOutputs o, int from, int to) {
        int correct = 0;
        int c = o.numClasses();
        for (int i = from; i < to; i++) {
            int arg = 0;
            for (int k = 1; k < c; k++) {
                if (o.p(i, k) > o.p(i, arg)) {
                    arg = k;
                }
            }
            if (arg == o.labels()[i]) {
                correct++;
            }
        }
        return to > from ? correct / (double) (to - from) : Double.NaN;
    }
}
