package org.mia4j.cli;

import static org.mia4j.cli.PlanSection.set;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.mia4j.Defaults;
import org.mia4j.InvalidSetting;
import org.mia4j.Progress;
import org.mia4j.data.DatasetCatalog;
import org.mia4j.plan.AuditConfig;
import org.mia4j.plan.AuditPlan;
import org.mia4j.run.AuditAddendum;
import org.mia4j.run.Auditor;
import org.mia4j.run.TrainingEngine;
import org.mia4j.store.ModelCache;
import org.mia4j.store.RunFolder;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The run itself: seed, smoke-run preset, threads, where it is written, the model cache. */
final class RunSection implements PlanSection {

    @Option(names = "--seed", description = "Master seed.")
    Long seed;

    @Option(names = "--quick", description = "A smoke run: fewer epochs, shadows and reference models (the "
            + "defaults above say how many); options given explicitly win.")
    boolean quick;

    @Option(names = "--threads", description = "Threads of the engine (intra- and inter-op) and of Java's parallel "
            + "loops; give 1 per run when several runs share the machine (default: all cores).")
    Integer threads;

    @Option(names = "--name", description = "Run name: output goes to <runs>/<name>/ (default: "
            + "<command>-<dataset>-<time>). Rerun with the same name and options to resume an interrupted run.")
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

    @Option(names = "--engine", description = "Where the models are trained: local (in this process) or spark (one "
            + "Spark task per model, with the mia4j-spark module, which ./mia4j adds) (default: " + Defaults.ENGINE
            + ").")
    String engine;

    @Option(names = "--master", description = "Spark master of --engine spark: local[N], local[*] or "
            + "spark://HOST:PORT (default: " + Defaults.SPARK_MASTER + ").")
    String master;

    @Option(names = "--store", description = "Where --engine spark's tasks put the models: a folder or Hadoop file "
            + "system URI every executor reaches, e.g. hdfs://nn/mia4j (default: the model cache, or a folder in "
            + "the run with --no-cache; needed with a cluster master).")
    String store;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "An engine setting KEY=VALUE, repeatable, passed to Spark (e.g. "
            + "--conf spark.task.cpus=2: threads per model).")
    Map<String, String> conf;

    /** The line saying this run shares the cores with other runs, once decided. */
    private java.util.Optional<String> shared = java.util.Optional.empty();

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Override
    public String heading() {
        return "Run and output";
    }

    @Override
    public void applyTo(AuditPlan.Builder b) {
        if (quick) {
            b.quick();
        }
        set(seed, b::optSeed);
    }

    @Override
    public Map<String, Function<AuditConfig, Object>> defaults() {
        return Map.of("--seed", AuditConfig::seed);
    }

    /** The plan of the options given in {@code sections} (this one first: --quick never overrides them). */
    AuditPlan.Builder plan(List<PlanSection> sections) {
        AuditPlan.Builder b = AuditPlan.builder();
        applyTo(b);
        for (PlanSection s : sections) {
            if (s != this) {
                s.applyTo(b);
            }
        }
        return b;
    }

    /** Runs the audit planned by {@code plan} in its run folder. */
    Auditor.Outcome run(String prefix, AuditPlan.Builder plan) {
        return run(prefix, plan, null);
    }

    /** Runs the audit planned by {@code plan} in its run folder, with {@code addendum} on its outputs (or null). */
    Auditor.Outcome run(String prefix, AuditPlan.Builder plan, AuditAddendum addendum) {
        AuditPlan built = plan.build();
        return run(runsDir(), name != null ? name : defaultName(prefix, built), false, built, addendum);
    }

    /** The folder of a run made of several audits ({@code experiment defense}), each run by {@link #runIn}. */
    java.nio.file.Path parent(String prefix, AuditPlan.Builder plan) {
        return runsDir().resolve(name != null ? name : defaultName(prefix, plan.build()));
    }

    /** Runs one audit of several, in {@code parent}/{@code child}. */
    Auditor.Outcome runIn(Path parent, String child, AuditPlan.Builder plan) {
        return run(parent, child, true, plan.build(), null);
    }

    /**
     * The folder of a run whose models are trained in this process and not cached ({@code experiment dp-audit}):
     * the engine and cache options are refused, not ignored.
     */
    RunFolder localFolder(String prefix, AuditPlan built) {
        String[][] given = {{"engine", engine != null && !engine.equals(Defaults.ENGINE) ? engine : null},
            {"master", master}, {"store", store}, {"conf", conf == null ? null : "set"},
            {"no-cache", noCache ? "set" : null}, {"cache-max", cacheMax}};
        for (String[] g : given) {
            if (g[1] != null) {
                throw new InvalidSetting(g[0], "does not apply here: this command trains its models in this process "
                        + "and caches none");
            }
        }
        shared = Threads.choose(threads);
        String runName = name != null ? name : defaultName(prefix, built);
        RunFolder folder = name != null ? RunFolder.of(runsDir(), runName) : RunFolder.named(runsDir(), runName);
        return folder.withRunFile(RunFile.of(mixee.root().commandLine().getParseResult()));
    }

    /** The progress display the options ask for; its first line says when the cores are shared. */
    Progress progress() {
        Progress p = LineProgress.choose(noProgress);
        shared.ifPresent(p::note);
        return p;
    }

    private Path runsDir() {
        return runsDir != null ? runsDir : Path.of(Defaults.RUNS_DIR);
    }

    private static String defaultName(String prefix, AuditPlan built) {
        return prefix + "-" + built.config().dataset() + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
    }

    private Auditor.Outcome run(Path dir, String runName, boolean exact, AuditPlan built,
            AuditAddendum addendum) {
        shared = Threads.choose(threads);
        RunFolder folder = name != null || exact ? RunFolder.of(dir, runName) : RunFolder.named(dir, runName);
        folder.withRunFile(RunFile.of(mixee.root().commandLine().getParseResult()));
        if (noCache) {
            folder.withoutCache();
        } else if (cacheMax != null) {
            folder.withCacheMax(ModelCache.parseSize(cacheMax));
        }
        Progress progress = progress();
        try (TrainingEngine e = engine()) {
            return new Auditor(built, progress, DatasetCatalog.fromEnvironment()).withEngine(e).withAddendum(addendum)
                    .run(folder);
        }
    }

    /** The engine the options name, checked now; null for the local one (models trained in this process). */
    private TrainingEngine engine() {
        String name = engine == null ? Defaults.ENGINE : engine;
        Map<String, String> options = new java.util.LinkedHashMap<>();
        if (master != null) {
            options.put("master", master);
        }
        if (store != null) {
            options.put("store", store);
        }
        if (conf != null) {
            options.putAll(conf);
        }
        if (name.equals(Defaults.ENGINE)) {
            if (!options.isEmpty()) {
                String first = master != null ? "master" : store != null ? "store" : "conf";
                throw new InvalidSetting(first, "applies to --engine spark only");
            }
            return null;
        }
        return TrainingEngine.open(name, options);
    }
}
