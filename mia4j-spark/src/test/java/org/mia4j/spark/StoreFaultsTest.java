package org.mia4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mia4j.FileFault;
import org.mia4j.MachineFaults;

/**
 * The checkpoint store carries the models from the Spark tasks to the driver, so a write that fails fails the run:
 * with exit 3 and the OS's reason (not "a bug in mia4j"), and nothing half-written left in the store.
 */
class StoreFaultsTest {
    @TempDir
    Path dir;

    @Test
    void aStoreThatCannotBeWrittenNamesTheReasonAndLeavesNoTemp() throws IOException {
        Path c = Files.createDirectories(dir.resolve("ckpt"));
        Files.write(c.resolve("weights.params"), new byte[] {1, 2});
        Files.writeString(c.resolve("model.json"), "{}");
        Path root = Files.createDirectories(dir.resolve("store"));
        Path file = Files.writeString(root.resolve("not-a-folder"), "a file where the store's folder should be");
        assertThatThrownBy(() -> new HadoopCheckpointStore(file.toString()).store("x", c))
                .isInstanceOf(FileFault.class).satisfies(e -> {
                    assertThat(MachineFaults.fileSystem(e)).get().asString().startsWith("input/output failure: ")
                            .endsWith(" storing checkpoint x in " + file);
                    assertThat(ModelWorker.failure((Exception) e)).startsWith("failed " + MachineFaults.MARK
                            + "input/output failure: ").endsWith("storing checkpoint x in " + file);
                });
        try (var s = Files.list(root)) {
            assertThat(s).containsExactly(file); // no temp folder beside it
        }
        assertThat(Files.readString(file)).startsWith("a file");
    }

    @Test
    void aWorkersMachineFaultReachesTheDriverAsItsOneLine() {
        Exception full = new FileFault("storing checkpoint k in", Path.of("/runs/.cache"),
                new IOException("No space left on device"));
        String line = ModelWorker.failure(full);
        assertThat(line).isEqualTo("failed " + MachineFaults.MARK + "no space left on device storing checkpoint k in "
                + "/runs/.cache (free some space, or give another --runs-dir)");
        // as Spark hands it to the driver: the task's exception in its own message, after its stack
        RuntimeException spark = new RuntimeException("Job aborted due to stage failure: Task 0 in stage 0.0 failed "
                + "4 times, most recent failure: Lost task 0.3: java.lang.IllegalStateException: the worker training "
                + "target failed: " + line.substring("failed ".length()) + "\n\tat org.mia4j.spark.ModelTask.call",
                new IllegalStateException("wrapped"));
        assertThat(MachineFaults.reportedIn(spark)).contains("no space left on device storing checkpoint k in "
                + "/runs/.cache (free some space, or give another --runs-dir)");
        assertThat(MachineFaults.describe(new MachineFaults.Reported("no space left on device x", spark)))
                .contains("no space left on device x");
        assertThat(ModelWorker.failure(new IllegalStateException("bad job"))).isEqualTo("failed bad job");
    }

    /** Without --store the models travel through the cache; a cache that cannot be written is passed over. */
    @Test
    void aCacheThatCannotBeWrittenIsPassedOverForTheRunsFolder() throws IOException {
        Path scratch = Files.createDirectories(dir.resolve("run/scratch"));
        Path cache = dir.resolve("runs/.cache");
        assertThat(SparkEngine.root(null, java.util.Optional.of(cache), scratch)).isEqualTo(cache.toString());
        try (var s = Files.list(cache)) {
            assertThat(s).isEmpty(); // the probe is gone
        }
        Path blocked = Files.writeString(dir.resolve("file"), "not a folder");
        assertThat(SparkEngine.root(null, java.util.Optional.of(blocked), scratch)).isEqualTo(scratch.toString());
        assertThat(SparkEngine.root("hdfs://nn/s", java.util.Optional.of(cache), scratch)).isEqualTo("hdfs://nn/s");
        assertThat(SparkEngine.root(null, java.util.Optional.empty(), scratch)).isEqualTo(scratch.toString());
    }
}
