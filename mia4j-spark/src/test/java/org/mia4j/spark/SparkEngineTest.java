package org.mia4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mia4j.InvalidSetting;
import org.mia4j.Progress;
import org.mia4j.data.DatasetCatalog;
import org.mia4j.json.Json;
import org.mia4j.plan.AuditPlan;
import org.mia4j.run.Auditor;
import org.mia4j.run.TrainingEngine;
import org.mia4j.store.RunFolder;

/**
 * Tiny audits of Location trained through Spark on local[2] against the same audit trained in this process: the
 * same checkpoints bit for bit and the same attack metrics; with a worker killed mid-training, Spark's retry gives
 * the same again; a rerun finds every model in the store and sends no task. Every JVM here runs libtorch on one
 * thread (the surefire setting), as each Spark task does with spark.task.cpus=1.
 */
class SparkEngineTest {
    @TempDir
    static Path dir;
    static JsonNode local;
    static Map<String, String> localWeights;

    static AuditPlan plan() {
        return AuditPlan.builder().setDataset("location").optMaxRecords(900).optShadows(1).optReferences(3)
                .optEpochs(4).optFinetuneEpochs(2).optPruners(List.of("l1-unstructured")).optSparsities(List.of(0.5))
                .optAttacks("conf,nn,lira-fixed,rmia").optBootstrap(20).build();
    }

    @BeforeAll
    static void auditLocally() throws IOException {
        Path run = audit(null, "local");
        local = results(run);
        localWeights = weights(run);
    }

    static Path audit(TrainingEngine engine, String name) {
        return audit(engine, dir.resolve("runs-" + name), name);
    }

    static Path audit(TrainingEngine engine, Path runs, String name) {
        RunFolder folder = RunFolder.of(runs, name).withoutCache();
        return new Auditor(plan(), Progress.SILENT, DatasetCatalog.fromEnvironment()).withEngine(engine).run(folder)
                .runDir();
    }

    @Test
    void sparkTrainsTheSameModelsAndTheAuditGivesTheSameNumbers() throws IOException {
        try (SparkEngine spark = open(Map.of("master", "local[2]"))) {
            Path run = audit(spark, "spark");
            assertThat(spark.lastRun().tasks()).isEqualTo(5); // target, 1 shadow, 3 reference models
            assertThat(spark.lastRun().models()).isEqualTo(10); // each original and pruned
            assertThat(spark.lastRun().workersStarted()).isLessThanOrEqualTo(2); // kept for the next task
            // the target's and the shadow's checkpoints come to the run; the reference models' posteriors alone
            assertThat(weights(run)).isEqualTo(withoutReferences(localWeights)).hasSize(4);
            assertThat(results(run)).isEqualTo(local);
            assertThat(Files.readString(run.resolve("results.json"))).contains("Models trained with --engine spark");
            assertThat(run.resolve("engine")).doesNotExist(); // the scratch store went once the models were in
        }
    }

    @Test
    void aWorkerKilledMidTrainingIsRetriedAndTheAuditIsUnchanged() throws IOException {
        Path store = dir.resolve("shared-store");
        try (SparkEngine spark = open(Map.of("master", "local[2]", "store", store.toString(),
                SparkEngine.KILL_FIRST_ATTEMPT, "shadow-0", SparkEngine.WORKER_REUSE, "false"))) {
            Path run = audit(spark, "killed");
            assertThat(spark.lastRun().failedAttempts()).isEqualTo(1);
            // no reuse: one process per attempt; Spark drops the failed attempt's accumulator update
            assertThat(spark.lastRun().workersStarted()).isEqualTo(5);
            assertThat(weights(run)).isEqualTo(withoutReferences(localWeights));
            assertThat(results(run)).isEqualTo(local);
            // each model's checkpoint, and each reference model's posteriors (3 models x 2 variants), by key
            try (Stream<Path> s = Files.list(store)) {
                assertThat(s.filter(e -> !e.getFileName().toString().startsWith("."))).hasSize(10 + 6);
            }
            Map<String, String> stored = new TreeMap<>();
            try (Stream<Path> s = Files.list(store)) {
                for (Path e : s.filter(e -> Files.exists(e.resolve("weights.params"))).toList()) {
                    JsonNode m = Json.MAPPER.readTree(e.resolve("model.json").toFile());
                    stored.put(m.path("role").asText() + "/" + m.path("variant").asText(),
                            m.path("files").path("weights.params").asText());
                    assertThat(m.path("provenance").path("engine_threads").asInt()).isEqualTo(1); // spark.task.cpus
                }
            }
            assertThat(stored).isEqualTo(localWeights); // every model as trained in-process, bit for bit
            assertThat(Files.readString(run.resolve("results.json"))).contains("1 failed task attempt(s) were retried");
        }
        // the store holds every model now: a rerun sends no task, and the audit is the same
        try (SparkEngine spark = open(Map.of("master", "local[2]", "store", store.toString()))) {
            Path run = audit(spark, "rerun");
            assertThat(spark.lastRun().tasks()).isZero();
            assertThat(spark.lastRun().held()).isEqualTo(10);
            assertThat(results(run)).isEqualTo(local);
        }
    }

    @Test
    void theJavaApiExampleOfTheReadme() throws IOException {
        AuditPlan plan = plan();
        Path runs = dir.resolve("api-runs");
        // README-BEGIN spark
        try (TrainingEngine spark = TrainingEngine.open("spark", Map.of("master", "local[2]"))) {
            Auditor.Outcome done = new Auditor(plan).withEngine(spark).run(RunFolder.of(runs, "on-spark"));
            done.results().verdict().forEach(System.out::println);
        }
        // README-END
        assertThat(results(runs.resolve("on-spark"))).isEqualTo(local);
        String source = Files.readString(Path.of("mia4j-spark/src/test/java/org/mia4j/spark/SparkEngineTest.java"));
        int start = source.indexOf('\n', source.indexOf("// README-BEGIN spark")) + 1;
        String snippet = source.substring(start, source.indexOf("        // README-END", start)).lines()
                .map(l -> l.substring(Math.min(8, l.length()))).reduce((a, b) -> a + "\n" + b).orElseThrow();
        assertThat(Files.readString(Path.of("README.md"))).contains(snippet);
    }

    @Test
    void badEngineSettingsFailBeforeAnything() {
        assertThatThrownBy(() -> open(Map.of("master", "spark://nowhere:7077")))
                .isInstanceOf(InvalidSetting.class).hasMessageContaining("'store'").hasMessageContaining("hdfs://");
        assertThatThrownBy(() -> open(Map.of("task.cpus", "2")))
                .isInstanceOf(InvalidSetting.class).hasMessageContaining("spark.*");
        assertThatThrownBy(() -> open(Map.of("spark.task.cpus", "two")))
                .isInstanceOf(InvalidSetting.class).hasMessageContaining("spark.task.cpus");
        assertThatThrownBy(() -> TrainingEngine.open("ray", Map.of()))
                .isInstanceOf(InvalidSetting.class).hasMessageContaining("engines found: local, spark");
        assertThatThrownBy(() -> new Auditor(plan()).withEngine(open(Map.of())).run())
                .isInstanceOf(InvalidSetting.class).hasMessageContaining("run folder");
    }

    @Test
    void localMastersGetSparksRetries() {
        SparkConf none = new SparkConf(false);
        assertThat(SparkEngine.effectiveMaster("local[2]", none)).isEqualTo("local[2,4]");
        assertThat(SparkEngine.effectiveMaster("local[*]", new SparkConf(false).set("spark.task.maxFailures", "2")))
                .isEqualTo("local[*,2]");
        assertThat(SparkEngine.effectiveMaster("local", none)).isEqualTo("local[1,4]");
        assertThat(SparkEngine.effectiveMaster("spark://h:7077", none)).isEqualTo("spark://h:7077");
    }

    private static SparkEngine open(Map<String, String> options) {
        return (SparkEngine) TrainingEngine.open("spark", options);
    }

    /** results.json without what may differ between runs: times, provenance's time, the engine's note. */
    static JsonNode results(Path run) throws IOException {
        ObjectNode r = (ObjectNode) Json.MAPPER.readTree(run.resolve("results.json").toFile());
        r.remove(List.of("wall_seconds", "provenance", "notes"));
        for (String rows : List.of("models", "shadow_models")) {
            r.get(rows).forEach(m -> ((ObjectNode) m).remove("train_seconds"));
        }
        return r;
    }

    static Map<String, String> withoutReferences(Map<String, String> weights) {
        Map<String, String> out = new TreeMap<>(weights);
        out.keySet().removeIf(k -> k.startsWith("reference-"));
        return out;
    }

    /** SHA-256 of every checkpoint's weights, by ROLE/VARIANT. */
    static Map<String, String> weights(Path run) throws IOException {
        Map<String, String> out = new TreeMap<>();
        Path models = run.resolve("models");
        try (Stream<Path> s = Files.walk(models)) {
            for (Path meta : s.filter(p -> p.getFileName().toString().equals("model.json")).toList()) {
                out.put(models.relativize(meta.getParent()).toString(),
                        Json.MAPPER.readTree(meta.toFile()).path("files").path("weights.params").asText());
            }
        }
        return out;
    }
}
