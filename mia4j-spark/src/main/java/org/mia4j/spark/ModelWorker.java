package org.mia4j.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.mia4j.Progress;
import org.mia4j.experiment.AuditConfig;
import org.mia4j.experiment.ModelJob;
import org.mia4j.experiment.ModelMaker;
import org.mia4j.report.Json;

/**
 * The process one Spark task trains its model in: reads the job file its {@link ModelTask} wrote, makes the job's
 * models with the core's {@link ModelMaker} into the checkpoint store, and reports progress on standard output, one
 * line per step ({@code phase NAME}, {@code step NAME}, then {@code done}). A process of its own because libtorch's
 * random generator and DJL's gradient collector are one per process: two models trained in threads of one JVM
 * would draw from the same generator (results would depend on timing) and DJL refuses a second collector.
 */
public final class ModelWorker {
    private ModelWorker() {}

    public static void main(String[] args) {
        PrintStream out = System.out;
        try {
            Path jobFile = Path.of(args[0]);
            JsonNode in = Json.MAPPER.readTree(jobFile.toFile());
            AuditConfig config = Json.MAPPER.treeToValue(in.get("config"), AuditConfig.class);
            ModelJob job = Json.MAPPER.treeToValue(in.get("job"), ModelJob.class);
            DataShipment data = DataShipment.read(Path.of(in.get("data").asText()));
            HadoopCheckpointStore store = new HadoopCheckpointStore(in.get("store").asText());
            new ModelMaker(config, data.dataset()).make(job, jobFile.resolveSibling("models"), List.of(store),
                    lines(out));
            out.println("done");
            out.flush();
            System.exit(0);
        } catch (Throwable e) {
            System.err.println("mia4j worker: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** Progress as lines for the task that started this process. */
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
