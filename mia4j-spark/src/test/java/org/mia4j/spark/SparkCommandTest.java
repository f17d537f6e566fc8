package org.mia4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mia4j.cli.Mia4jCommand;
import picocli.CommandLine;

/** {@code mia4j audit --engine spark} through the CLI, as the launcher runs it with this module on the class path. */
class SparkCommandTest {
    @TempDir
    Path runs;

    private int mia4j(StringWriter err, String... args) {
        CommandLine cl = Mia4jCommand.newCommandLine();
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void auditsWithTheSparkEngineFromTheCommandLine() throws Exception {
        StringWriter err = new StringWriter();
        int code = mia4j(err, "audit", "--runs-dir", runs.toString(), "--name", "s", "--engine", "spark", "--master",
                "local[2]", "--conf", "spark.task.maxFailures=2", "--max-records", "700", "--shadows", "1",
                "--epochs", "3", "--finetune-epochs", "1", "--attacks", "conf,mentr", "--bootstrap", "0",
                "--no-cache", "--no-progress");
        assertThat(code).as(err.toString()).isZero();
        String results = Files.readString(runs.resolve("s").resolve("results.json"));
        assertThat(results).contains("2 tasks trained 4 of 4 models").contains("master local[2,2]");
        assertThat(Files.readString(runs.resolve("s").resolve("run.yaml"))).contains("spark");
    }

    @Test
    void aClusterMasterWithoutASharedStoreIsRefusedBeforeAnything() {
        StringWriter err = new StringWriter();
        int code = mia4j(err, "audit", "--runs-dir", runs.toString(), "--name", "c", "--engine", "spark", "--master",
                "spark://nowhere:7077");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--store").contains("hdfs://").doesNotContain("\tat ");
        assertThat(runs.resolve("c")).doesNotExist();
        assertThat(runs.resolve(".c.partial")).doesNotExist();
    }
}
