package org.mia4j.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.mia4j.MachineFaults;
import org.mia4j.Progress;
import org.mia4j.data.Dataset;
import org.mia4j.json.Json;
import org.mia4j.model.Network;
import org.mia4j.plan.AuditConfig;
import org.mia4j.run.ModelJob;
import org.mia4j.run.ModelMaker;

/**
 * The process Spark tasks train their models in (see {@link WorkerProcess}): once libtorch is loaded it prints
 * {@code ready}, then reads job files from standard input, one per line, makes each job's models with the core's
 * {@link ModelMaker} into the checkpoint store, and answers with progress lines ({@code phase NAME},
 * {@code step NAME}) and {@code done} or {@code failed MESSAGE}. A process of its own because libtorch's random
 * generator and DJL's gradient collector are one per process: two models trained in threads of one JVM would draw
 * from the same generator (results would depend on timing), and DJL refuses a second collector.
 */
public final class ModelWorker {
    /** The engine threads the worker must run, as its models' keys say. */
    static final String THREADS = "mia4j.worker.threads";
    private String dataFile;
    private Dataset data;

    private ModelWorker() {}

    public static void main(String[] args) {
        PrintStream out = System.out;
        try {
            int threads = Network.engineThreads(); // libtorch loaded: the start-up ends here
            int expected = Integer.getInteger(THREADS, threads);
            if (threads != expected) {
                throw new IllegalStateException("libtorch runs " + threads + " threads, not the task's " + expected
                        + ": the models would not match their keys");
            }
            exitWithParent();
            out.println("ready");
            out.flush();
            ModelWorker worker = new ModelWorker();
            BufferedReader jobs = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = jobs.readLine()) != null;) {
                try {
                    worker.make(Path.of(line), out);
                    out.println("done");
                } catch (Exception e) {
                    System.err.println("mia4j worker: " + e);
                    e.printStackTrace();
                    out.println(failure(e));
                }
                out.flush();
            }
            System.exit(0); // the executor closed the pipe
        } catch (Throwable e) {
            System.err.println("mia4j worker: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    /**
     * The line telling the task that a job failed: a failure of the machine (no space, permission, ...) as the
     * one line mia4j prints for it, marked so the driver exits with 3 and that line; anything else as its message.
     */
    static String failure(Exception e) {
        return "failed " + MachineFaults.describe(e).or(() -> MachineFaults.fileSystem(e))
                .map(m -> MachineFaults.MARK + m).orElse(String.valueOf(e.getMessage())).replace('\n', ' ');
    }

    /** Ends this process when the executor that started it is gone (killed, not closed: no EOF while training). */
    private static void exitWithParent() {
        ProcessHandle.current().parent().ifPresent(parent -> {
            Thread t = new Thread(() -> {
                parent.onExit().join();
                System.err.println("mia4j worker: the executor that started this worker ended");
                Runtime.getRuntime().halt(1);
            }, "mia4j-parent-watch");
            t.setDaemon(true);
            t.start();
        });
    }

    private void make(Path jobFile, PrintStream out) throws java.io.IOException {
        JsonNode in = Json.MAPPER.readTree(jobFile.toFile());
        AuditConfig config = Json.MAPPER.treeToValue(in.get("config"), AuditConfig.class);
        ModelJob job = Json.MAPPER.treeToValue(in.get("job"), ModelJob.class);
        String file = in.get("data").asText();
        if (!file.equals(dataFile)) { // every job of an audit reads the same data: read once
            data = DataShipment.read(Path.of(file)).dataset();
            dataFile = file;
        }
        HadoopCheckpointStore store = new HadoopCheckpointStore(in.get("store").asText());
        new ModelMaker(config, data).make(job, jobFile.resolveSibling("models"), List.of(store), lines(out));
    }

    /** Progress as lines for the task that sent the job. */
    private static Progress lines(PrintStream out) {
        return (phase, total) -> {
            synchronized (out) {
                out.println("phase " + phase);
                out.flush();
            }
            return (Progress.SimpleTask) n -> {
                synchronized (out) {
                    out.println("step " + phase);
                    out.flush();
                }
            };
        };
    }
}
