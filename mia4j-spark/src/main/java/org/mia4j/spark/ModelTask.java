package org.mia4j.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.broadcast.Broadcast;
import org.mia4j.NativeHeap;
import org.mia4j.json.Json;
import org.mia4j.run.ModelJob;
import org.mia4j.store.ModelCache;

/**
 * One Spark task: trains one {@link ModelJob} in a {@link ModelWorker} process on the executor (an idle one kept
 * from an earlier task, or a new one) and waits for it.
 * The worker writes every finished model to the shared store at once, so an attempt that fails (the worker died,
 * the executor was lost) is retried by Spark and the retry restores what its predecessor finished.
 */
final class ModelTask implements VoidFunction<String> {
    private static final long serialVersionUID = 1L;
    private final String configJson;
    private final Broadcast<DataShipment> data;
    private final String store;
    private final int threads;
    private final List<String> javaOptions;
    private final String killFirstAttemptOf;
    private final org.apache.spark.util.LongAccumulator startupMillis;
    private final boolean reuse;

    /**
     * @param threads engine threads of each worker (the task's cpus)
     * @param javaOptions extra options of the worker JVM
     * @param killFirstAttemptOf fault injection for tests: the role whose first attempt's worker is killed after its
     *     first training step; null for none
     * @param startupMillis where each new worker adds its start-up time (JVM, libtorch): the per-process overhead
     * @param reuse whether workers are kept for the next task (else one process per task)
     */
    ModelTask(String configJson, Broadcast<DataShipment> data, String store, int threads, List<String> javaOptions,
            String killFirstAttemptOf, org.apache.spark.util.LongAccumulator startupMillis, boolean reuse) {
        this.startupMillis = startupMillis;
        this.reuse = reuse;
        this.configJson = configJson;
        this.data = data;
        this.store = store;
        this.threads = threads;
        this.javaOptions = List.copyOf(javaOptions);
        this.killFirstAttemptOf = killFirstAttemptOf;
    }

    @Override
    public void call(String jobJson) throws Exception {
        ModelJob job = Json.MAPPER.readValue(jobJson, ModelJob.class);
        // the application's own folder on this executor: Spark removes it when the application ends
        Path base = Files.createDirectories(Path.of(SparkFiles.getRootDirectory(), "mia4j"));
        Path dataFile = data.value().saveIn(base);
        Path work = Files.createTempDirectory(base, "task-" + job.role() + "-");
        WorkerProcess w = null;
        boolean clean = false;
        try {
            ObjectNode in = Json.MAPPER.createObjectNode();
            in.set("config", Json.MAPPER.readTree(configJson));
            in.set("job", Json.MAPPER.readTree(jobJson));
            in.put("data", dataFile.toString());
            in.put("store", store);
            Path jobFile = work.resolve("job.json");
            Files.writeString(jobFile, Json.MAPPER.writeValueAsString(in));
            w = WorkerProcess.borrow(command(), reuse);
            long started = w.takeStartMillis();
            if (started > 0) { // a new process: its count and time are the engine's overhead
                startupMillis.add(started);
            }
            TaskContext ctx = TaskContext.get();
            boolean kill = job.role().equals(killFirstAttemptOf) && ctx != null && ctx.attemptNumber() == 0;
            w.send(jobFile);
            for (String line; (line = w.readLine()) != null;) {
                if (line.equals("done")) {
                    clean = true;
                    return;
                }
                if (line.startsWith("failed ")) {
                    throw new IllegalStateException("the worker training " + job.role() + " failed: "
                            + line.substring("failed ".length()));
                }
                if (kill && line.startsWith("step train")) {
                    w.kill(); // mid-training, as a lost executor or an OOM kill would
                    kill = false;
                }
            }
            throw new IllegalStateException("the worker training " + job.role() + " died ("
                    + WorkerProcess.exitText(w.exitCode()) + ")" + w.lastLine());
        } finally {
            if (w != null) {
                if (clean) {
                    w.giveBack(reuse);
                } else {
                    w.kill(); // failed, died or cancelled: never reused
                }
            }
            ModelCache.delete(work);
        }
    }

    /** The worker's command line: this JVM's java and class path, the engine offline on the task's threads. */
    List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:+UseSerialGC");
        cmd.addAll(NativeHeap.jvmOptions()); // as the launcher's: freed native memory given back
        cmd.add("-Xss4m");
        cmd.add("-Dai.djl.offline=true");
        cmd.add("-Dai.djl.pytorch.num_threads=" + threads);
        cmd.add("-Dai.djl.pytorch.num_interop_threads=" + threads);
        cmd.add("-Djava.util.concurrent.ForkJoinPool.common.parallelism=" + threads);
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        cmd.add("-Dorg.slf4j.simpleLogger.log.org.apache.hadoop=error");
        cmd.addAll(javaOptions);
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add("-D" + ModelWorker.THREADS + "=" + threads);
        cmd.add(ModelWorker.class.getName());
        return cmd;
    }

    /** This JVM's class path, plus where mia4j's classes came from (spark-submit loads the app jar apart). */
    private static String classPath() {
        List<String> cp = new ArrayList<>(Arrays.asList(System.getProperty("java.class.path").split(
                File.pathSeparator)));
        for (Class<?> c : List.of(ModelWorker.class, ModelJob.class)) {
            java.security.CodeSource source = c.getProtectionDomain().getCodeSource();
            if (source == null) {
                continue; // loaded from the class path itself: nothing to add
            }
            try {
                String own = Path.of(source.getLocation().toURI()).toString();
                if (!cp.contains(own)) {
                    cp.add(own);
                }
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException("cannot locate mia4j's classes: " + e.getMessage(), e);
            }
        }
        return String.join(File.pathSeparator, cp);
    }
}
