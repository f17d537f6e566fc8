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
import org.mia4j.attack.ModelOutputs;
import org.mia4j.data.ArrayDataset;
import org.mia4j.data.Dataset;
import org.mia4j.data.DatasetCatalog;
import org.mia4j.data.SplitIndices;
import org.mia4j.data.Splits;
import org.mia4j.metric.AttackMetrics;
import org.mia4j.metric.RocCurve;
import org.mia4j.model.Architecture;
import org.mia4j.model.Network;
import org.mia4j.prune.L1UnstructuredPruner;
import org.mia4j.prune.Mask;
import org.mia4j.prune.Pruner;
import org.mia4j.report.AuditResults;
import org.mia4j.report.AuditResults.AttackRow;
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
    public static final String ORIGINAL = "original";
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
        // Validate every name before any heavy work.
        List<Attack> attacks = AttackRegistry.parse(config.attacks());
        Architecture arch = Architecture.of(config.architecture());
        Pruner pruner = new L1UnstructuredPruner(config.sparsity(), L1UnstructuredPruner.Scope.of(
                config.pruneScope()));
        Dataset data = loadData();

        Path work = runsDir.resolve("." + name + ".partial");
        mkdirs(work);
        checkOrWriteConfig(work.resolve("config.json"));
        List<SplitIndices> splits = Splits.protocol(data.size(), config.shadows(), config.seed());
        for (SplitIndices s : splits) {
            Path f = work.resolve("splits").resolve(s.name() + ".json");
            if (Files.exists(f) && !Splits.load(f, data.size()).equals(s)) {
                throw new Mia4jException(f + " differs from the split this config produces; the data changed "
                        + "since the interrupted run. Remove " + work + " to start afresh.");
            }
            Splits.save(s, f);
        }

        ModelStore store = new ModelStore(work.resolve("models"), arch, data, config, progress);
        Map<String, List<ModelRun>> byVariant = new LinkedHashMap<>();
        for (int i = 0; i < splits.size(); i++) {
            for (ModelRun run : store.trainAndPrune(splits.get(i), config.seed() + i, pruner)) {
                byVariant.computeIfAbsent(run.variant(), k -> new ArrayList<>()).add(run);
            }
        }

        List<AttackRow> rows = new ArrayList<>();
        Map<String, Map<String, RocCurve>> rocs = new LinkedHashMap<>();
        try (Progress.Task task = progress.start("attacks", (long) attacks.size() * byVariant.size())) {
            for (Map.Entry<String, List<ModelRun>> e : byVariant.entrySet()) {
                String variant = e.getKey();
                ModelRun target = e.getValue().get(0);
                List<ModelOutputs> shadowOutputs = e.getValue().subList(1, e.getValue().size()).stream()
                        .map(ModelRun::outputs).toList();
                ModelOutputs pooled = ModelOutputs.concat("shadows/" + variant, shadowOutputs);
                Map<String, double[]> scoreColumns = new LinkedHashMap<>();
                Map<String, RocCurve> curves = new LinkedHashMap<>();
                for (Attack attack : attacks) {
                    AttackScores sc = attack.fit(org.mia4j.attack.AttackerKnowledge.shadowsOnly(pooled)).score(target.outputs().observations());
                    boolean[] truth = target.outputs().members();
                    AttackMetrics m = AttackMetrics.withIntervals(sc.scores(), sc.decisions(), truth,
                            config.bootstrap(), config.seed());
                    rows.add(AttackRow.of(attack.name(), variant, attack.description(), m));
                    curves.put(attack.name(), RocCurve.of(sc.scores(), truth));
                    scoreColumns.put(attack.name(), sc.scores());
                    task.step();
                }
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
                ModelRow row = new ModelRow(variant, r.role(), r.trainAccuracy(), r.testAccuracy(), r.sparsity(),
                        t.epochsRun(), t.bestEpoch(), t.bestDevAccuracy(), t.seconds());
                (r.role().equals("target") ? targets : shadows).add(row);
            }
        });
        SplitIndices ts = splits.get(0);
        AuditResults.DatasetInfo info = new AuditResults.DatasetInfo(data.name(), data.size(), data.numClasses(),
                data.recordShape(), ts.members().length, ts.dev().length, ts.nonMembers().length, data.checksums());
        AuditResults results = new AuditResults(Provenance.of(config.seed(), data.checksums(), config), info,
                targets, shadows, rows, Verdict.of(rows, new ArrayList<>(byVariant.keySet())),
                (System.nanoTime() - t0) / 1e9);
        Json.write(work.resolve("results.json"), results);
        AtomicFiles.writeString(work.resolve("report.html"), HtmlReport.render(results, rocs));
        try {
            Files.move(work, finalDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename " + work + " to " + finalDir, e);
        }
        return new Outcome(finalDir, results);
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
                accuracy(out, members.length, idx.length), Mask.measuredSparsity(net), training, out, idx);
    }
}
