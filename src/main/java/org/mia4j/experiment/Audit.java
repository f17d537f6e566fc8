package org.mia4j.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.mia4j.AtomicFiles;
import org.mia4j.Mia4jException;
import org.mia4j.Progress;
import org.mia4j.Provenance;
import org.mia4j.attack.Attack;
import org.mia4j.attack.AttackRegistry;
import org.mia4j.attack.AttackScores;
import org.mia4j.attack.AttackerKnowledge;
import org.mia4j.attack.Probe;
import org.mia4j.attack.ReferenceOutputs;
import org.mia4j.attack.ModelOutputs;
import org.mia4j.data.ArrayDataset;
import org.mia4j.data.Dataset;
import org.mia4j.data.DatasetCatalog;
import org.mia4j.data.SplitIndices;
import org.mia4j.data.Splits;
import org.mia4j.metric.AttackMetrics;
import org.mia4j.metric.Divergence;
import org.mia4j.metric.RocCurve;
import org.mia4j.metric.Slices;
import org.mia4j.model.Architecture;
import org.mia4j.model.Network;
import org.mia4j.prune.PruningStats;
import org.mia4j.prune.Pruner;
import org.mia4j.report.AuditResults;
import org.mia4j.report.AuditResults.AttackRow;
import org.mia4j.report.AuditResults.CriticalWeightsReport;
import org.mia4j.defense.Cwrf;
import org.mia4j.report.AuditResults.DivergenceRow;
import org.mia4j.report.AuditResults.ExposedRecord;
import org.mia4j.report.AuditResults.SliceRow;
import org.mia4j.report.AuditResults.ModelRow;
import org.mia4j.report.HtmlReport;
import org.mia4j.report.Json;
import org.mia4j.report.Verdict;
import org.mia4j.train.ModelTrainer;
import org.mia4j.train.TrainingReport;

/**
 * The audit pipeline: split the pool, train the target and shadow models, prune and fine-tune each, attack the
 * original and the pruned target with every attack (calibrated on shadows treated the same way), and write the
 * run folder. Work happens in {@code runs/.NAME.partial}: each finished model is checkpointed there, so a run
 * interrupted and started again with the same name and config resumes; the folder is renamed to
 * {@code runs/NAME} only when complete.
 */
public final class Audit {
    public static final String ORIGINAL = Pruner.ORIGINAL;
    private final AuditConfig config;
    private final DatasetCatalog catalog;
    private final Progress progress;

    /** Outcome: the finished run folder and what was written to results.json. */
    public record Outcome(Path runDir, AuditResults results) {}

    public Audit(AuditConfig config, DatasetCatalog catalog, Progress progress) {
        this.config = config;
        this.catalog = catalog;
        this.progress = progress;
    }

    public Outcome run(Path runsDir, String name) {
        long t0 = System.nanoTime();
        if (!name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
            throw new Mia4jException("--name '" + name + "': use letters, digits, '.', '_' and '-' only");
        }
        Path finalDir = runsDir.resolve(name);
        if (Files.exists(finalDir)) {
            throw new Mia4jException("run folder " + finalDir + " already exists; choose another --name or remove "
                    + "it (results are never overwritten)");
        }
        // Validate every name and requirement before any heavy work.
        AttackRegistry.Selection selection = AttackRegistry.parse(config.attacks(), config.attackOptions(),
                config.seed());
        List<Attack> attacks = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Attack a : selection.attacks()) {
            if (a.minReferences() > config.references()) {
                String why = a.name() + " needs at least " + a.minReferences() + " reference models (--references "
                        + config.references() + ")";
                if (selection.explicit().contains(a.name())) {
                    throw new Mia4jException("attack " + why);
                }
                skipped.add(why);
            } else {
                attacks.add(a);
            }
        }
        List<Probe> probes = AttackRegistry.probes(attacks, config.attackOptions());
        boolean needReferences = attacks.stream().anyMatch(a -> a.minReferences() > 0);
        Architecture arch = Architecture.of(config.architecture());
        List<Pruner> pruners = config.prunerInstances();
        Dataset data = loadData();
        try (Network probe = Network.create("probe", arch, data.recordShape(), data.numClasses(), 0)) {
            pruners.forEach(p -> p.validate(probe));
        }

        Path work = runsDir.resolve("." + name + ".partial");
        mkdirs(work);
        checkOrWriteConfig(work.resolve("config.json"));
        List<SplitIndices> splits = Splits.protocol(data.size(), config.shadows(), config.seed(),
                config.shadowFraction(), config.shadowOverlap());
        SplitIndices ts = splits.get(0);
        int[] queries = concat(ts.members(), ts.nonMembers());
        int[] population = population(data.size());
        List<SplitIndices> refSplits = new ArrayList<>();
        if (needReferences) {
            for (int r = 0; r < config.references(); r++) {
                refSplits.add(referenceSplit(r, queries));
            }
        }
        List<SplitIndices> all = new ArrayList<>(splits);
        all.addAll(refSplits);
        for (SplitIndices s : all) {
            Path f = work.resolve("splits").resolve(s.name() + ".json");
            if (Files.exists(f) && !Splits.load(f, data.size()).equals(s)) {
                throw new Mia4jException(f + " differs from the split this config produces; the data changed "
                        + "since the interrupted run. Remove " + work + " to start afresh.");
            }
            Splits.save(s, f);
        }

        ModelStore store = new ModelStore(work.resolve("models"), arch, data, config, progress)
                .withCache(runsDir.resolve(".cache"));
        CriticalWeightsReport[] critical = new CriticalWeightsReport[1];
        Map<String, List<ModelRun>> byVariant = new LinkedHashMap<>();
        for (int i = 0; i < splits.size(); i++) {
            SplitIndices s = splits.get(i);
            long seed = config.seed() + i;
            boolean isTarget = i == 0;
            java.util.Map<String, Object> shared = new java.util.HashMap<>();
            List<ModelRun> runs = store.trainAndPrune(s, seed, pruners, isTarget ? population : new int[0], shared,
                    (variant, net, rep) -> {
                if (isTarget && variant.equals(ORIGINAL) && !config.treatments().isEmpty()) {
                    CriticalAnalysis.Outcome ca = CriticalAnalysis.run(net, data, s.members(), population, config);
                    shared.put(Cwrf.SCORES, ca.pve());
                    critical[0] = ca.report();
                }
                ModelRun run = evaluate(s.name(), variant, net, data, s, rep);
                ModelOutputs out = run.outputs();
                for (Probe p : probes) {
                    out = out.withProbe(p.name(), p.compute(net, data.features(run.recordIndex()),
                            out.labels(), out.size(), config.seed()));
                }
                if (isTarget) {
                    out = out.withPopulation(net.posteriors(data.features(population), population.length));
                }
                return run.withOutputs(out);
            });
            runs.forEach(run -> byVariant.computeIfAbsent(run.variant(), k -> new ArrayList<>()).add(run));
        }
        Map<String, ReferenceOutputs> references = references(store, refSplits, queries, population, data,
                pruners);

        List<AttackRow> rows = new ArrayList<>();
        List<SliceRow> slices = new ArrayList<>();
        List<ExposedRecord> exposed = new ArrayList<>();
        Map<String, Map<String, RocCurve>> rocs = new LinkedHashMap<>();
        Map<String, Pruner> transforms = new LinkedHashMap<>();
        pruners.forEach(p -> transforms.put(p.name(), p));
        try (Progress.Task task = progress.start("attacks", (long) attacks.size() * byVariant.size())) {
            for (Map.Entry<String, List<ModelRun>> e : byVariant.entrySet()) {
                String variant = e.getKey();
                ModelRun target = e.getValue().get(0);
                // The adversary's own models: pruned like the target unless configured otherwise; what it does not
                // know of (non-adaptive treatments and defenses) it cannot apply to them.
                String known = config.shadowsPruned() && transforms.containsKey(variant)
                        ? transforms.get(variant).adversaryVariant() : ORIGINAL;
                List<ModelRun> shadowRuns = byVariant.get(known);
                ModelOutputs pooled = ModelOutputs.concat("shadows/" + known, shadowRuns.subList(1,
                        shadowRuns.size()).stream().map(ModelRun::outputs).toList());
                AttackerKnowledge knowledge = new AttackerKnowledge(pooled,
                        Optional.ofNullable(references.getOrDefault(known, references.get(ORIGINAL))));
                Map<String, double[]> scoreColumns = new LinkedHashMap<>();
                Map<String, RocCurve> curves = new LinkedHashMap<>();
                boolean[] truth = target.outputs().members();
                boolean[] correct = correct(target.outputs());
                AttackScores best = null;
                AttackRow bestRow = null;
                for (Attack attack : attacks) {
                    task.message(attack.name() + " on " + variant);
                    AttackScores sc;
                    try (Attack.Fitted fitted = attack.fit(knowledge)) {
                        sc = fitted.score(target.outputs().observations());
                    }
                    AttackMetrics m = AttackMetrics.withIntervals(sc.scores(), sc.decisions(), truth,
                            config.bootstrap(), config.seed());
                    AttackRow row = AttackRow.of(attack.name(), variant, attack.description(), m);
                    rows.add(row);
                    for (Slices.Slice sl : Slices.of(sc.scores(), sc.decisions(), truth, target.outputs().labels(),
                            correct, data.classNames())) {
                        slices.add(new SliceRow(attack.name(), variant, sl.name(), sl.auc(), sl.balancedAccuracy(),
                                sl.members(), sl.nonMembers()));
                    }
                    curves.put(attack.name(), RocCurve.of(sc.scores(), truth));
                    scoreColumns.put(attack.name(), sc.scores());
                    if (bestRow == null || row.auc() > bestRow.auc()) {
                        bestRow = row;
                        best = sc;
                    }
                    task.step();
                }
                exposed.addAll(mostExposed(variant, bestRow, best, target, data, 10));
                rocs.put(variant, curves);
                writeScores(work.resolve("scores").resolve(variant.replace('@', '_') + ".csv"), target,
                        scoreColumns);
            }
        }

        List<ModelRow> targets = new ArrayList<>();
        List<ModelRow> shadows = new ArrayList<>();
        byVariant.forEach((variant, runs) -> {
            for (ModelRun r : runs) {
                TrainingReport t = r.training();
                ModelRow row = new ModelRow(variant, r.role(), r.trainAccuracy(), r.testAccuracy(),
                        r.pruning().sparsity(), r.pruning().parameterReduction(), r.pruning().flopReduction(),
                        t.epochsRun(), t.bestEpoch(), t.bestDevAccuracy(), t.seconds());
                (r.role().equals("target") ? targets : shadows).add(row);
            }
        });
        AuditResults.DatasetInfo info = new AuditResults.DatasetInfo(data.name(), data.size(), data.numClasses(),
                data.recordShape(), ts.members().length, ts.dev().length, ts.nonMembers().length, data.checksums());
        List<DivergenceRow> divergence = new ArrayList<>();
        byVariant.forEach((variant, runs) -> Divergence.of(runs.get(0).outputs(), data.classNames()).forEach(d ->
                divergence.add(new DivergenceRow(variant, d.cls(), d.members(), d.nonMembers(), d.memberConfidence(),
                        d.nonMemberConfidence(), d.confidenceGap(), d.lossGap(), d.wasserstein()))));
        AuditResults results = new AuditResults(Provenance.of(config.seed(), data.checksums(), config), info,
                targets, shadows, rows, List.copyOf(skipped), slices, exposed, divergence, critical[0],
                Verdict.of(rows, new ArrayList<>(byVariant.keySet())), (System.nanoTime() - t0) / 1e9);
        Json.write(work.resolve("results.json"), results);
        AtomicFiles.writeString(work.resolve("report.html"), HtmlReport.render(results, rocs));
        try {
            Files.move(work, finalDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename " + work + " to " + finalDir, e);
        }
        return new Outcome(finalDir, results);
    }

    /** Reference model r: a seeded random half of the audited records IN; its dev set comes from the OUT half. */
    static SplitIndices referenceSplit(int r, int[] queries) {
        int[] perm = Splits.permutation(queries.length, 1_000_003L * (r + 1));
        int half = queries.length / 2;
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

    /** The attacker's population for RMIA: records of the shadow half, which no target or reference trained on. */
    private int[] population(int poolSize) {
        int[] shadowHalf = Splits.halves(poolSize, config.seed())[1];
        int[] perm = Splits.permutation(shadowHalf.length, config.seed() + 7);
        int n = Math.min(config.population(), shadowHalf.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = shadowHalf[perm[i]];
        }
        return out;
    }

    private Map<String, ReferenceOutputs> references(ModelStore store, List<SplitIndices> refSplits, int[] queries,
            int[] population, Dataset data, List<Pruner> pruners) {
        Map<String, List<float[]>> post = new LinkedHashMap<>();
        Map<String, List<float[]>> pop = new LinkedHashMap<>();
        List<boolean[]> in = new ArrayList<>();
        float[] qx = refSplits.isEmpty() ? new float[0] : data.features(queries);
        float[] px = refSplits.isEmpty() ? new float[0] : data.features(population);
        for (int r = 0; r < refSplits.size(); r++) {
            SplitIndices s = refSplits.get(r);
            java.util.Set<Integer> members = new java.util.HashSet<>();
            for (int i : s.members()) {
                members.add(i);
            }
            boolean[] flags = new boolean[queries.length];
            for (int i = 0; i < queries.length; i++) {
                flags[i] = members.contains(queries[i]);
            }
            in.add(flags);
            store.trainAndPrune(s, config.seed() + 10_000 + r, pruners, (variant, net, rep) -> {
                post.computeIfAbsent(variant, k -> new ArrayList<>()).add(net.posteriors(qx, queries.length));
                pop.computeIfAbsent(variant, k -> new ArrayList<>()).add(net.posteriors(px, population.length));
                return variant;
            });
        }
        Map<String, ReferenceOutputs> out = new LinkedHashMap<>();
        post.forEach((variant, p) -> out.put(variant, new ReferenceOutputs(data.numClasses(), data.labels(queries),
                p, in, pop.get(variant), data.labels(population))));
        return out;
    }

    private static boolean[] correct(ModelOutputs o) {
        boolean[] c = new boolean[o.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = accuracy(o, i, i + 1) == 1.0;
        }
        return c;
    }

    private static List<ExposedRecord> mostExposed(String variant, AttackRow row, AttackScores sc, ModelRun target,
            Dataset data, int k) {
        if (row == null) {
            return List.of();
        }
        boolean[] m = target.outputs().members();
        Integer[] order = new Integer[m.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(sc.scores()[b], sc.scores()[a]));
        List<ExposedRecord> out = new ArrayList<>();
        for (int i : order) {
            if (m[i] && out.size() < k) {
                out.add(new ExposedRecord(variant, row.attack(), out.size() + 1, target.recordIndex()[i],
                        data.classNames().get(target.outputs().labels()[i]), sc.scores()[i]));
            }
        }
        return out;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private Dataset loadData() {
        Dataset data = catalog.load(config.dataset(),
                config.dataDir().isEmpty() ? Optional.empty() : Optional.of(Path.of(config.dataDir())),
                config.labelColumn().isEmpty() ? Optional.empty() : Optional.of(config.labelColumn()));
        if (config.maxRecords() > 0 && config.maxRecords() < data.size() && data instanceof ArrayDataset a) {
            int[] idx = Arrays.copyOf(Splits.permutation(data.size(), config.seed() ^ 0x5eedL), config.maxRecords());
            Arrays.sort(idx);
            return a.subset(idx);
        }
        return data;
    }

    private void checkOrWriteConfig(Path file) {
        if (Files.exists(file)) {
            JsonNode before;
            JsonNode now;
            try {
                // through text, so both sides get the same node types (int vs long)
                now = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(config));
                before = Json.MAPPER.readTree(file.toFile());
            } catch (IOException e) {
                throw new Mia4jException("cannot read " + file + " of the interrupted run: " + e.getMessage(), e);
            }
            if (!before.equals(now)) {
                throw new Mia4jException("an interrupted run with this --name used a different config (" + file
                        + "); rerun with the same options to resume, or choose another --name");
            }
            return;
        }
        Json.write(file, config);
    }

    private static void writeScores(Path file, ModelRun target, Map<String, double[]> columns) {
        StringBuilder sb = new StringBuilder("record,label,member");
        columns.keySet().forEach(k -> sb.append(',').append(k));
        sb.append('\n');
        ModelOutputs o = target.outputs();
        for (int i = 0; i < o.size(); i++) {
            sb.append(target.recordIndex()[i]).append(',').append(o.labels()[i]).append(',')
                    .append(o.members()[i] ? 1 : 0);
            for (double[] col : columns.values()) {
                sb.append(',').append(String.format(Locale.ROOT, "%.6g", col[i]));
            }
            sb.append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
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

    /** Used by {@link ModelStore} to evaluate a network on a split. */
    static ModelRun evaluate(String role, String variant, Network net, Dataset data, SplitIndices s,
            TrainingReport training) {
        int[] members = s.members();
        int[] non = s.nonMembers();
        int[] idx = new int[members.length + non.length];
        System.arraycopy(members, 0, idx, 0, members.length);
        System.arraycopy(non, 0, idx, members.length, non.length);
        float[] p = net.posteriors(data.features(idx), idx.length);
        boolean[] m = new boolean[idx.length];
        Arrays.fill(m, 0, members.length, true);
        ModelOutputs out = new ModelOutputs(role + "/" + variant, p, data.numClasses(), data.labels(idx), m);
        return new ModelRun(role, variant, accuracy(out, 0, members.length),
                accuracy(out, members.length, idx.length), PruningStats.of(net), training, out, idx);
    }
}
