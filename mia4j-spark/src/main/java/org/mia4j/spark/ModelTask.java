package org.mia4j.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.broadcast.Broadcast;
import org.mia4j.experiment.ModelJob;
import org.mia4j.report.Json;

/**
 * One Spark task: trains one {@link ModelJob} in a {@link ModelWorker} process on the executor and waits for it.
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

    /**
     * @param threads engine threads of each worker (the task's cpus)
     * @param javaOptions extra options of the worker JVM
     * @param killFirstAttemptOf fault injection for tests: the role whose first attempt's worker is killed after its
     *     first training step; null for none
     */
    ModelTask(String configJson, Broadcast<DataShipment> data, String store, int threads, List<String> javaOptions,
            String killFirstAttemptOf) {
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
        Path base = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "mia4j-spark"));
        Path dataFile = data.value().saveIn(base);
        Path work = Files.createTempDirectory(base, "task-" + job.role() + "-");
        Process p = null;
        try {
            ObjectNode in = Json.MAPPER.createObjectNode();
            in.set("config", Json.MAPPER.readTree(configJson));
            in.set("job", Json.MAPPER.readTree(jobJson));
            in.put("data", dataFile.toString());
            in.put("store", store);
            Path jobFile = work.resolve("job.json");
            Files.writeString(jobFile, Json.MAPPER.writeValueAsString(in));
            Path log = work.resolve("worker.log");
            ProcessBuilder pb = new ProcessBuilder(command(jobFile)).redirectError(log.toFile());
            pb.environment().put("OPT_OUT_TRACKING", "true"); // DJL must never phone home
            p = pb.start();
            TaskContext ctx = TaskContext.get();
            boolean kill = job.role().equals(killFirstAttemptOf) && ctx != null && ctx.attemptNumber() == 0;
            boolean done = false;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) {
                    done |= line.equals("done");
                    if (kill && line.startsWith("step train")) {
                        p.destroyForcibly(); // mid-training, as a lost executor or an OOM kill would
                        kill = false;
                    }
                }
            }
            int code = p.waitFor();
            if (code != 0 || !done) {
                throw new IllegalStateException("the worker training " + job.role() + " exited with code " + code
                        + lastLine(log));
            }
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly(); // the task was cancelled: its worker goes with it
            }
            delete(work);
        }
    }

    /** The worker's command line: this JVM's java, class path and module openings, the engine offline. */
    private List<String> command(Path jobFile) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:+UseSerialGC");
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
        cmd.add(ModelWorker.class.getName());
        cmd.add(jobFile.toString());
        return cmd;
    }

    /** This JVM's class path, plus where mia4j's classes came from (spark-submit loads the app jar apart). */
    private static String classPath() {
        List<String> cp = new ArrayList<>(Arrays.asList(System.getProperty("java.class.path").split(
                File.pathSeparator)));
        for (Class<?> c : List.of(ModelWorker.class, ModelJob.class)) {
            try {
                String own = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
                if (!cp.contains(own)) {
                    cp.add(own);
                }
            } catch (java.net.URISyntaxException | NullPointerException e) {
                // no code source (a class path entry already): nothing to add
            }
        }
        return String.join(File.pathSeparator, cp);
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith("mia4j worker: ")) {
                    return ": " + lines.get(i).substring("mia4j worker: ".length());
                }
            }
            return lines.isEmpty() ? " (killed, no output)" : ": " + lines.get(lines.size() - 1);
        } catch (IOException e) {
            return "";
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException ignored) {
            // a temporary folder left behind; the OS cleans its temp dir
        }
    }
}
