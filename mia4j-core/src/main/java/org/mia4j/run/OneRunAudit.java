package org.mia4j.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.mia4j.AtomicFiles;
import org.mia4j.InvalidSetting;
import org.mia4j.Mia4jException;
import org.mia4j.Progress;
import org.mia4j.Provenance;
import org.mia4j.data.Dataset;
import org.mia4j.data.DatasetCatalog;
import org.mia4j.data.RelabelledDataset;
import org.mia4j.data.SplitIndices;
import org.mia4j.data.Splits;
import org.mia4j.defense.DefenseRegistry;
import org.mia4j.defense.DpSgdDefense;
import org.mia4j.json.Json;
import org.mia4j.metric.OneRunEpsilon;
import org.mia4j.model.Architecture;
import org.mia4j.model.ModelSpec;
import org.mia4j.model.Network;
import org.mia4j.plan.AuditConfig;
import org.mia4j.plan.AuditPlan;
import org.mia4j.privacy.RdpAccountant;
import org.mia4j.report.DpAuditResults;
import org.mia4j.store.RunFolder;
import org.mia4j.train.DpSgd;
import org.mia4j.train.ModelTrainer;
import org.mia4j.train.Objective;
import org.mia4j.train.TrainingConfig;
import org.mia4j.train.TrainingReport;

/**
 * The one-run privacy audit of Steinke, Nasr &amp; Jagielski ("Privacy auditing with one (1) training run", NeurIPS
 * 2023) of mia4j's DP-SGD. {@code m} canaries are drawn from the records outside the target split's training and
 * dev sets and each is given a random label other than its own (a record the rest of the data does not explain, so
 * a model that trains on it shows it: the paper's input-space canaries, made strong for a black-box attack); a fair
 * coin per canary decides whether it joins the split's members in training. One model is trained with DP-SGD and,
 * for contrast, one without DP on the same records from the same initial weights. Each canary is scored by the
 * log-likelihood of its random label (a loss attack), and {@link OneRunEpsilon} turns the guesses into an epsilon
 * lower bound at 95%, to set beside the accountant's epsilon.
 */
public final class OneRunAudit {
    /** Salt of the canaries' draw, labels and coins, so they do not repeat the split's own permutations. */
    private static final long CANARY_SALT = 0x0c4a7a1e5L;

    private final AuditPlan plan;
    private final int canaries;
    private final Progress progress;
    private final DatasetCatalog catalog;

    /**
     * Everything that determines the audit's numbers: written as {@code config.json} (a resumed run must match it)
     * and into the results' provenance.
     *
     * @param dataset data set name
     * @param dataDir folder read, empty for the catalog's lookup
     * @param maxRecords cap on the pool, 0 for all records
     * @param architecture both models' architecture
     * @param hidden hidden sizes of column-fc
     * @param seed master seed (split, canaries, coins, initial weights, batches)
     * @param canaries m
     * @param training the training recipe of both models
     * @param dp DP-SGD's settings (sigma or target epsilon, clipping norm, delta; 0 for defaults)
     * @param confidence the confidence of the bounds
     * @param guessCounts the numbers of guesses tried (each at its Bonferroni share of the confidence)
     */
    public record Config(String dataset, String dataDir, int maxRecords, String architecture, List<Integer> hidden,
            long seed, int canaries, TrainingConfig training, Map<String, Object> dp, double confidence,
            List<Integer> guessCounts) {}

    /** The finished run folder and the results written in it. */
    public record Outcome(Path runDir, DpAuditResults results) {}

    /** The canaries of one audit: records, the labels they train with, and which the coins put in. */
    record Canaries(int[] records, int[] labels, boolean[] in) {}

    public OneRunAudit(AuditPlan plan, int canaries, Progress progress, DatasetCatalog catalog) {
        if (canaries < 2) {
            throw new InvalidSetting("canaries", "must be >= 2, got " + canaries);
        }
        this.plan = plan;
        this.canaries = canaries;
        this.progress = progress;
        this.catalog = catalog;
    }

    /** Audits in memory; nothing is written. */
    public DpAuditResults run() {
        return execute(Optional.empty());
    }

    /** Audits in {@code folder}: config.json, dp-audit.json and report.html, committed when complete. */
    public Outcome run(RunFolder folder) {
        RunFolder.Done<DpAuditResults> done = folder.complete(() -> execute(Optional.of(folder)));
        return new Outcome(done.dir(), done.result());
    }

    private DpAuditResults execute(Optional<RunFolder> folder) {
        long t0 = System.nanoTime();
        AuditConfig c = plan.config();
        DpSgdDefense dp = DpSgdDefense.of(DefenseRegistry.create("dp-sgd", c.defenseSettings(), false)).orElseThrow();
        Dataset data = new Auditor(plan, progress, catalog).data();
        if (data.numClasses() < 2) {
            throw new Mia4jException(data.name() + " has " + data.numClasses() + " class; canaries need another "
                    + "label to be given");
        }
        SplitIndices split = Splits.protocol(data.size(), 1, c.seed()).get(0);
        Canaries k = draw(data, split, canaries, c.seed());
        Dataset trained = new RelabelledDataset(data, k.records(), k.labels(), canaries + " canaries relabelled "
                + "at random (seed " + c.seed() + ")");
        int[] train = IntStream.concat(Arrays.stream(split.members()),
                IntStream.range(0, canaries).filter(i -> k.in()[i]).map(i -> k.records()[i])).toArray();
        int[] test = heldOut(split, k);
        ModelSpec arch = Architecture.of(c.architecture(), c.hidden());
        try (Network probe = Network.create("probe", arch, data.recordShape(), data.numClasses(), 0)) {
            DpSgd.check(probe.block(), c.architecture()); // before any folder or training
        } catch (InvalidSetting e) {
            throw new Mia4jException(e.problem()); // it names the defense setting, which this audit does not have
        }
        TrainingConfig recipe = c.training();
        TrainingConfig privateRecipe = dp.recipe().training(); // DP-SGD's own; every epoch runs
        // sigma for exactly the steps the private model runs; an unmeetable target fails here
        DpSgd mechanism = dp.mechanism(train.length, dp.steps(train.length, privateRecipe.epochs()));
        double delta = dp.delta(train.length);
        Config config = new Config(c.dataset(), c.dataDir(), c.maxRecords(), c.architecture(), c.hidden(), c.seed(),
                canaries, recipe, dp.settings(), OneRunEpsilon.CONFIDENCE,
                Arrays.stream(OneRunEpsilon.guessCounts(canaries)).boxed().toList());
        folder.ifPresent(f -> f.begin(config));

        Side priv = train("dp-sgd", mechanism, arch, trained, split, train, test, k, delta, c.seed(),
                privateRecipe);
        Side open = train("non-private", null, arch, trained, split, train, test, k, delta, c.seed(), recipe);
        List<RdpAccountant.Phase> phases = priv.report().privatePhases();
        RdpAccountant.Epsilon accountant = RdpAccountant.epsilon(phases, delta);
        RdpAccountant.Phase phase = phases.get(0);
        DpAuditResults.Mechanism mech = new DpAuditResults.Mechanism(phase.noiseMultiplier(), mechanism.clip(),
                phase.samplingRate(), phases.stream().mapToLong(RdpAccountant.Phase::steps).sum(), dp.epsilon(),
                String.format(java.util.Locale.ROOT, "RDP of the Poisson-subsampled Gaussian mechanism (Mironov et "
                        + "al. 2019), improved conversion (Balle et al. 2020), best order %s", accountant.order()));
        Map<String, String> checksums = new TreeMap<>(data.checksums());
        DpAuditResults results = DpAuditResults.of(data.name(), c.architecture(), canaries,
                (int) IntStream.range(0, canaries).filter(i -> k.in()[i]).count(), train.length, delta,
                OneRunEpsilon.CONFIDENCE, accountant.epsilon(), mech, priv.model(), open.model(),
                (System.nanoTime() - t0) / 1e9, Provenance.of(c.seed(), checksums, config));
        folder.ifPresent(f -> {
            Json.write(f.file("dp-audit.json"), results);
            AtomicFiles.writeString(f.file("report.html"), results.html());
        });
        return results;
    }

    /** One trained model's report and audit. */
    private record Side(TrainingReport report, DpAuditResults.Model model) {}

    private Side train(String name, DpSgd mechanism, ModelSpec arch, Dataset data, SplitIndices split, int[] train,
            int[] test, Canaries k, double delta, long seed, TrainingConfig recipe) {
        try (Network net = Network.create("dp-audit-" + name, arch, data.recordShape(), data.numClasses(), seed)) {
            TrainingReport report;
            try (Progress.Task task = progress.start("train " + name, recipe.epochs())) {
                report = new ModelTrainer(recipe, Objective.CROSS_ENTROPY, mechanism).train(net, data, train,
                        split.dev(), List.of(), seed, task);
            }
            double[] scores = logLikelihood(net, data, k.records());
            OneRunEpsilon bound = OneRunEpsilon.of(scores, k.in(), delta, OneRunEpsilon.CONFIDENCE);
            double[] fit = fit(net, data, k);
            return new Side(report, DpAuditResults.Model.of(bound, ModelTrainer.accuracy(net, data, test), fit[0],
                    fit[1], report.epochsRun()));
        }
    }

    /**
     * The canaries: {@code m} records drawn at random from those outside the split's members and dev set, each
     * given a label drawn uniformly from the other classes, and a fair coin each for training.
     */
    static Canaries draw(Dataset data, SplitIndices split, int m, long seed) {
        boolean[] used = new boolean[data.size()];
        Arrays.stream(split.members()).forEach(i -> used[i] = true);
        Arrays.stream(split.dev()).forEach(i -> used[i] = true);
        int[] pool = IntStream.range(0, data.size()).filter(i -> !used[i]).toArray();
        if (m > pool.length) {
            throw new InvalidSetting("canaries", "is " + m + ", but " + data.name() + " has " + pool.length
                    + " records outside the training and dev sets (of " + data.size() + "); use at most " + pool.length);
        }
        int[] perm = Splits.permutation(pool.length, seed ^ CANARY_SALT);
        int[] records = new int[m];
        int[] labels = new int[m];
        boolean[] in = new boolean[m];
        Random rnd = new Random(seed ^ CANARY_SALT);
        int classes = data.numClasses();
        for (int i = 0; i < m; i++) {
            records[i] = pool[perm[i]];
            labels[i] = (data.label(records[i]) + 1 + rnd.nextInt(classes - 1)) % classes;
            in[i] = rnd.nextBoolean();
        }
        return new Canaries(records, labels, in);
    }

    /** The split's non-members that are not canaries: the test set of both models. */
    private static int[] heldOut(SplitIndices split, Canaries k) {
        java.util.Set<Integer> canary = new java.util.HashSet<>();
        Arrays.stream(k.records()).forEach(canary::add);
        return Arrays.stream(split.nonMembers()).filter(i -> !canary.contains(i)).toArray();
    }

    /** log p(label | record) of each record under {@code net}, from the logits (no rounding of p to 1). */
    static double[] logLikelihood(Network net, Dataset data, int[] records) {
        double[] out = new double[records.length];
        int c = net.numClasses();
        int batch = net.architecture().evalBatch();
        for (int start = 0; start < records.length; start += batch) {
            int[] idx = Arrays.copyOfRange(records, start, Math.min(records.length, start + batch));
            try (NDManager m = net.manager().newSubManager()) {
                NDArray x = m.create(data.features(idx), Network.batchShape(idx.length, data.recordShape()));
                float[] logp = net.logits(m, x).logSoftmax(1).toFloatArray();
                for (int i = 0; i < idx.length; i++) {
                    out[start + i] = logp[i * c + data.label(idx[i])];
                }
            }
        }
        return out;
    }

    /** {share of canaries in predicted with their random label, the same share of those out}. */
    private static double[] fit(Network net, Dataset data, Canaries k) {
        float[] p = net.posteriors(data.features(k.records()), k.records().length);
        int c = net.numClasses();
        int[] hits = new int[2];
        int[] totals = new int[2];
        for (int i = 0; i < k.records().length; i++) {
            int arg = 0;
            for (int j = 1; j < c; j++) {
                if (p[i * c + j] > p[i * c + arg]) {
                    arg = j;
                }
            }
            int side = k.in()[i] ? 0 : 1;
            totals[side]++;
            hits[side] += arg == k.labels()[i] ? 1 : 0;
        }
        return new double[] {hits[0] / (double) Math.max(totals[0], 1), hits[1] / (double) Math.max(totals[1], 1)};
    }
}
