package org.mia4j.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.mia4j.Defaults;
import org.mia4j.InvalidSetting;
import org.mia4j.MachineFaults;
import org.mia4j.Mia4jException;
import org.mia4j.Progress;
import org.mia4j.json.Json;
import org.mia4j.run.ModelJob;
import org.mia4j.run.ModelMaker;
import org.mia4j.run.TrainingEngine;
import org.mia4j.store.ModelCache;

/**
 * Trains an audit's models on Spark: one task per {@link ModelJob} (a model and its variants), each in a worker
 * process on an executor ({@link ModelWorker}), into a checkpoint store every executor reaches. Jobs whose models
 * are all in the store (or the local cache) already are not sent; Spark retries a failed task, whose worker then
 * restores what the failed attempt finished.
 */
public final class SparkEngine implements TrainingEngine {
    /** Settings of mia4j's own, read from the engine options beside Spark's. */
    static final String WORKER_JAVA_OPTIONS = "spark.mia4j.worker.javaOptions";
    static final String KILL_FIRST_ATTEMPT = "spark.mia4j.test.killFirstAttemptOf";
    /** Whether an executor keeps its worker processes for later tasks (as spark.python.worker.reuse). */
    static final String WORKER_REUSE = "spark.mia4j.worker.reuse";
    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|\\d+)])?");

    private final String master;
    private final String store;
    /** Spark's settings: spark-submit's (system properties), then those given to mia4j. */
    private final SparkConf settings;
    private JavaSparkContext sc;
    private Stats last;

    /** What the last {@link #make} did. */
    public record Stats(int models, int held, int tasks, int failedAttempts, double seconds, double sparkStartSeconds,
            int workersStarted, double workerStartSeconds) {}

    SparkEngine(String master, String store, Map<String, String> conf) {
        this.master = master;
        this.store = store;
        this.settings = new SparkConf().setAll(scala.jdk.javaapi.CollectionConverters.asScala(conf));
    }

    public Stats lastRun() {
        return last;
    }

    /**
     * The master Spark is started with: a local master gets Spark's retries (local[N] alone would fail a job on
     * its first failed task) as local[N,F], F from spark.task.maxFailures (default 4).
     */
    static String effectiveMaster(String master, SparkConf settings) {
        Matcher m = LOCAL.matcher(master);
        if (!m.matches()) {
            return master;
        }
        String threads = m.group(2) == null ? "1" : m.group(2);
        return "local[" + threads + "," + settings.get("spark.task.maxFailures", "4") + "]";
    }

    static boolean isLocal(String master) {
        return master.startsWith("local");
    }

    @Override
    public Done make(Work work, Progress progress) {
        long t0 = System.nanoTime();
        String root = root(store, work.cache().map(ModelCache::root), work.scratch());
        HadoopCheckpointStore shared = new HadoopCheckpointStore(root);
        ModelMaker maker = new ModelMaker(work.config(), work.data());
        // each task's worker runs libtorch on the task's cpus: the models' keys are for that many threads
        int threads = settings.getInt("spark.task.cpus", 1);
        List<String> todo = new ArrayList<>();
        int models = 0;
        int held = 0;
        for (ModelJob job : work.jobs()) {
            List<String> keys = maker.keys(job, threads);
            int have = (int) keys.stream().filter(k -> shared.contains(k)
                    || work.cache().map(c -> c.contains(k)).orElse(false)).count();
            models += keys.size();
            held += have;
            if (have < keys.size()) {
                todo.add(json(job));
            }
        }
        AtomicInteger failed = new AtomicInteger();
        double started = 0;
        long startupMillis = 0;
        long workersStarted = 0;
        if (!todo.isEmpty()) {
            // the phase covers Spark's start and the data's broadcast: both are the engine's overhead
            try (Progress.Task task = progress.start("train on Spark (" + todo.size() + " models with their "
                    + "variants)", todo.size())) {
                long c0 = System.nanoTime();
                JavaSparkContext ctx = context();
                started = (System.nanoTime() - c0) / 1e9;
                org.apache.spark.util.LongAccumulator startup = ctx.sc().longAccumulator("worker start-up ms");
                List<String> javaOptions = Arrays.stream(settings.get(WORKER_JAVA_OPTIONS, "").trim().split("\\s+"))
                        .filter(s -> !s.isEmpty()).toList();
                Broadcast<DataShipment> data = ctx.broadcast(DataShipment.of(work.data()));
                SparkListener listener = new SparkListener() {
                    @Override
                    public void onTaskEnd(SparkListenerTaskEnd end) {
                        if (end.taskInfo().successful()) {
                            task.step();
                        } else {
                            failed.incrementAndGet();
                        }
                    }
                };
                ctx.sc().addSparkListener(listener);
                try {
                    ctx.parallelize(todo, todo.size()).foreach(new ModelTask(json(work.config()), data, root,
                            threads, javaOptions, settings.get(KILL_FIRST_ATTEMPT, null), startup,
                            settings.getBoolean(WORKER_REUSE, true)));
                    startupMillis = startup.sum();
                    workersStarted = startup.count();
                } catch (RuntimeException e) {
                    java.util.Optional<String> machine = MachineFaults.reportedIn(e);
                    if (machine.isPresent()) { // a worker could not write (no space, permission): exit 3, its line
                        throw new MachineFaults.Reported(machine.get(), e);
                    }
                    throw new Mia4jException("training on Spark failed: " + cause(e), e);
                } finally {
                    try {
                        ctx.sc().listenerBus().waitUntilEmpty(10_000); // the failed attempts are counted
                    } catch (java.util.concurrent.TimeoutException e) {
                        // counts may be short; the models are made either way
                    }
                    ctx.sc().removeSparkListener(listener);
                    data.destroy();
                }
            }
        }
        last = new Stats(models, held, todo.size(), failed.get(), (System.nanoTime() - t0) / 1e9, started,
                (int) workersStarted, workersStarted == 0 ? 0 : startupMillis / 1000.0 / workersStarted);
        String how = todo.isEmpty() ? "none trained: all " + models + " were in " + root
                : todo.size() + " tasks trained " + (models - held) + " of " + models + " models (" + held
                        + " were made before) on Spark, master " + sc.master() + ", in " + String.format(Locale.ROOT,
                                "%.1f s", last.seconds())
                        + String.format(Locale.ROOT, " (Spark started in %.1f s; %d worker processes, each started in "
                                + "%.1f s on average)", last.sparkStartSeconds(), last.workersStarted(),
                                last.workerStartSeconds())
                        + (failed.get() > 0 ? "; " + failed.get() + " failed task attempt(s) were retried" : "");
        return new Done(shared, threads, "Models trained with --engine spark: " + how + ".");
    }

    /**
     * Where the tasks put their models: the --store given, else the model cache, else the run's scratch folder. The
     * cache is an optimisation: one that cannot be written (read-only, not ours) is passed over with a warning, and
     * the models travel through the run's folder instead.
     */
    static String root(String store, java.util.Optional<java.nio.file.Path> cache, java.nio.file.Path scratch) {
        if (store != null) {
            return store;
        }
        if (cache.isPresent()) {
            try {
                java.nio.file.Files.createDirectories(cache.get());
                java.nio.file.Files.delete(java.nio.file.Files.createTempFile(cache.get(), ".mia4j-probe-", ".tmp"));
                return cache.get().toString();
            } catch (java.io.IOException e) {
                org.slf4j.LoggerFactory.getLogger(SparkEngine.class).warn("cannot keep the models in the cache ({} "
                        + "at {}); the Spark tasks hand them over in the run's folder instead",
                        MachineFaults.reason(e), cache.get());
            }
        }
        return scratch.toString();
    }

    private JavaSparkContext context() {
        if (sc == null) {
            SparkConf sparkConf = settings.clone().setAppName("mia4j").setMaster(effectiveMaster(master, settings));
            if (isLocal(master)) { // this machine only: no web UI port, no network name needed
                sparkConf.setIfMissing("spark.ui.enabled", "false").setIfMissing("spark.driver.host", "127.0.0.1")
                        .setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            }
            sc = new JavaSparkContext(sparkConf);
        }
        return sc;
    }

    private static String json(Object o) {
        try {
            return Json.MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The innermost message: Spark wraps a task's exception in its own. */
    private static String cause(Throwable e) {
        String msg = e.getMessage();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                msg = t.getMessage();
            }
        }
        int nl = msg == null ? -1 : msg.indexOf('\n');
        return nl < 0 ? String.valueOf(msg) : msg.substring(0, nl);
    }

    @Override
    public void close() {
        if (sc != null) {
            sc.stop();
            sc = null;
        }
    }

    /** Finds this engine as {@code --engine spark}. */
    public static final class Provider implements TrainingEngine.Provider {
        @Override
        public String name() {
            return "spark";
        }

        @Override
        public TrainingEngine open(Map<String, String> options) {
            Map<String, String> conf = new java.util.LinkedHashMap<>(options);
            String master = conf.remove("master");
            String store = conf.remove("store");
            if (master == null) {
                // spark-submit passes its --master as this property
                master = System.getProperty("spark.master", Defaults.SPARK_MASTER);
            }
            if (master.isBlank()) {
                throw new InvalidSetting("master", "is empty; give local[*], local[N] or spark://HOST:PORT");
            }
            if (!isLocal(master) && store == null) {
                throw new InvalidSetting("store", "is needed with the cluster master " + master + ": the executors "
                        + "cannot reach this machine's folders; give a URI they share, e.g. hdfs://namenode/mia4j");
            }
            for (String k : conf.keySet()) {
                if (!k.startsWith("spark.")) {
                    throw new InvalidSetting("conf", "takes Spark settings (spark.*), got " + k);
                }
            }
            String cpus = conf.getOrDefault("spark.task.cpus", "1");
            if (!cpus.matches("[1-9]\\d*")) {
                throw new InvalidSetting("conf", "spark.task.cpus must be a positive whole number, got " + cpus);
            }
            if (store != null) {
                HadoopCheckpointStore.uri(store); // a malformed URI fails now
            }
            return new SparkEngine(master, store, conf);
        }
    }
}
