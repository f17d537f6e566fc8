package org.mia4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mia4j.data.Sha256;

/** The checkpoint store on a real HDFS (a name node and a data node in this JVM) and on a local folder. */
class HadoopCheckpointStoreTest {
    @TempDir
    static Path dir;
    static MiniDFSCluster hdfs;

    @BeforeAll
    static void startHdfs() throws IOException {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
        hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        hdfs.waitActive();
    }

    @AfterAll
    static void stopHdfs() {
        if (hdfs != null) {
            hdfs.shutdown();
        }
    }

    /** A checkpoint folder as ModelStore writes it: files, then model.json with their SHA-256. */
    static Path checkpoint(String name, byte[] weights) throws IOException {
        Path c = Files.createDirectories(dir.resolve(name));
        Files.write(c.resolve("weights.params"), weights);
        Files.write(c.resolve("theta0.params"), new byte[] {1, 2, 3});
        org.mia4j.store.Checkpoints.writeManifest(c, Map.of("format", org.mia4j.store.ModelCache.FORMAT, "files",
                Map.of("weights.params", Sha256.of(c.resolve("weights.params")), "theta0.params",
                        Sha256.of(c.resolve("theta0.params")))));
        return c;
    }

    @Test
    void storesRestoresAndVerifiesOnHdfs() throws IOException {
        roundTrip(new HadoopCheckpointStore(hdfs.getURI() + "/mia4j/store"), "hdfs");
    }

    @Test
    void aLocalFolderIsAStoreWithTheCachesLayoutAndNoCrcFiles() throws IOException {
        Path root = dir.resolve("local-store");
        roundTrip(new HadoopCheckpointStore(root.toString()), "local");
        try (var s = Files.walk(root)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".crc"))
                    .contains("model.json", "weights.params");
        }
    }

    @Test
    void sparkTasksKeepTheModelsOnHdfsAndARerunFindsThemThere() throws IOException {
        String store = hdfs.getURI() + "/mia4j/audit-store";
        Map<String, String> options = Map.of("master", "local[2]", "store", store);
        Path first;
        try (SparkEngine spark = (SparkEngine) org.mia4j.run.TrainingEngine.open("spark", options)) {
            first = SparkEngineTest.audit(spark, dir.resolve("runs"), "on-hdfs");
            assertThat(spark.lastRun().tasks()).isEqualTo(5);
        }
        assertThat(hdfs.getFileSystem().listStatus(new org.apache.hadoop.fs.Path("/mia4j/audit-store")))
                .hasSize(10 + 6); // one entry per model and per reference model's outputs, no temporary left
        try (SparkEngine spark = (SparkEngine) org.mia4j.run.TrainingEngine.open("spark", options)) {
            Path again = SparkEngineTest.audit(spark, dir.resolve("runs"), "on-hdfs-again");
            assertThat(spark.lastRun().tasks()).isZero();
            assertThat(SparkEngineTest.weights(again)).isEqualTo(SparkEngineTest.weights(first));
            assertThat(SparkEngineTest.results(again)).isEqualTo(SparkEngineTest.results(first));
        }
    }

    private void roundTrip(HadoopCheckpointStore store, String tag) throws IOException {
        Path made = checkpoint(tag + "-made", new byte[] {4, 5, 6, 7});
        assertThat(store.contains("k1")).isFalse();
        assertThat(store.restore("k1", dir.resolve(tag + "-none"))).isFalse();
        store.store("k1", made);
        assertThat(store.contains("k1")).isTrue();
        store.store("k1", checkpoint(tag + "-other", new byte[] {9})); // the entry there is kept
        Path back = dir.resolve(tag + "-back");
        assertThat(store.restore("k1", back)).isTrue();
        assertThat(Files.readAllBytes(back.resolve("weights.params"))).containsExactly(4, 5, 6, 7);
        assertThat(Files.readString(back.resolve("model.json"))).isEqualTo(Files.readString(made.resolve(
                "model.json")));

        // an entry whose files do not match its sums is removed, never used
        Path bad = checkpoint(tag + "-bad", new byte[] {1});
        Files.write(bad.resolve("weights.params"), new byte[] {2});
        store.store("k2", bad);
        Path into = dir.resolve(tag + "-into");
        assertThat(store.restore("k2", into)).isFalse();
        assertThat(store.contains("k2")).isFalse();
        assertThat(into.resolve("model.json")).doesNotExist();
    }
}
