package org.mia4j.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mia4j.InvalidSetting;

class ModelCacheTest {
    @TempDir
    Path root;
    @TempDir
    Path elsewhere;

    void entry(String key, int bytes, long usedAt) throws Exception {
        Path e = Files.createDirectories(root.resolve(key));
        Files.write(e.resolve("weights.params"), new byte[bytes]);
        Files.writeString(e.resolve("model.json"), "{\"role\":\"target\",\"variant\":\"original\"}");
        Files.setLastModifiedTime(e, FileTime.fromMillis(usedAt));
    }

    @Test
    void pruningEvictsTheLeastRecentlyUsedEntriesFirst() throws Exception {
        entry("old", 1000, 1_000_000);
        entry("new", 1000, 3_000_000);
        entry("mid", 1000, 2_000_000);
        ModelCache c = new ModelCache(root, 10_000);
        assertThat(c.entries()).extracting(ModelCache.Entry::key).containsExactly("old", "mid", "new");
        assertThat(c.prune(2200).removed()).extracting(ModelCache.Entry::key).containsExactly("old");
        assertThat(root.resolve("old")).doesNotExist();
        assertThat(c.prune(1100).removed()).extracting(ModelCache.Entry::key).containsExactly("mid");
        assertThat(c.clear().removed()).extracting(ModelCache.Entry::key).containsExactly("new");
        assertThat(c.entries()).isEmpty();
    }

    @Test
    void anEntryThatFailsItsChecksumsIsRemovedNotRestored() throws Exception {
        Path e = Files.createDirectories(root.resolve("k"));
        Files.write(e.resolve("weights.params"), new byte[] {1, 2, 3});
        Checkpoints.writeManifest(e, java.util.Map.of("format", ModelCache.FORMAT, "files", java.util.Map.of(
                "weights.params", org.mia4j.data.Sha256.of(new byte[] {1, 2, 3}))));
        ModelCache c = new ModelCache(root, 1 << 20);
        assertThat(c.restore("k", root.resolve("run1"))).isTrue();
        Files.write(e.resolve("weights.params"), new byte[] {1, 2, 4});
        assertThat(c.restore("k", root.resolve("run2"))).isFalse();
        assertThat(e).doesNotExist();
        // an entry of another model format is not used either
        Files.createDirectories(e);
        Files.writeString(e.resolve("model.json"), "{\"format\":\"mia4j-model-1\"}");
        assertThat(c.restore("k", root.resolve("run3"))).isFalse();
    }

    @Test
    void storedOutputsAreKeyedOnTheModelAndTheRecordsAndVerified() throws Exception {
        float[] p = {0.25f, 0.75f, 1f, 0f, 0.5f, 0.5f};
        int[] records = {7, 3, 9};
        Path made = root.resolve("made");
        StoredOutputs.write(made, "reference-0", "original", p, 3, 2);
        ModelCache c = new ModelCache(root.resolve("cache"), 1 << 20);
        String key = StoredOutputs.key("model-key", records);
        assertThat(key).isNotEqualTo(StoredOutputs.key("model-key", new int[] {3, 7, 9}))
                .isNotEqualTo(StoredOutputs.key("other-model", records));
        c.store(key, made);
        assertThat(c.entries()).extracting(ModelCache.Entry::role).containsExactly("reference-0");
        assertThat(c.restore(key, root.resolve("back"))).isTrue();
        assertThat(StoredOutputs.read(root.resolve("back"), 3, 2)).containsExactly(p);
        assertThatThrownBy(() -> StoredOutputs.read(root.resolve("back"), 2, 3)).hasMessageContaining("3 x 2");
        Files.write(c.root().resolve(key).resolve(StoredOutputs.FILE), new byte[24]); // altered posteriors
        assertThat(c.restore(key, root.resolve("again"))).isFalse();
        assertThat(c.contains(key)).isFalse();
    }

    /** A checkpoint as ModelStore writes it: weights, then model.json with their SHA-256 and its own. */
    Path checkpoint(String name, byte[] weights, long seed) throws Exception {
        return checkpoint(root.resolve(name), weights, seed);
    }

    static Path checkpoint(Path dir, byte[] weights, long seed) throws Exception {
        Path d = Files.createDirectories(dir);
        Files.write(d.resolve("weights.params"), weights);
        Checkpoints.writeManifest(d, java.util.Map.of("format", ModelCache.FORMAT, "role", "target", "variant",
                "original", "seed", seed, "files", java.util.Map.of("weights.params",
                        org.mia4j.data.Sha256.of(weights))));
        return d;
    }

    @Test
    void everyFieldOfTheManifestIsCovered() throws Exception {
        Path made = checkpoint("made", new byte[] {1, 2}, 42);
        assertThat(Checkpoints.problem(made)).isEmpty();
        Path m = made.resolve("model.json");
        Files.writeString(m, Files.readString(m).replace("\"seed\" : 42", "\"seed\" : 7"));
        assertThat(Files.readString(m)).contains("\"seed\" : 7");
        assertThat(Checkpoints.problem(made)).hasValueSatisfying(p -> assertThat(p).contains("its own SHA-256"));
        Files.writeString(m, "{\"format\":\"" + ModelCache.FORMAT + "\",\"files\":{}}"); // an older mia4j's
        assertThat(Checkpoints.problem(made)).hasValueSatisfying(p -> assertThat(p).contains("no checksum"));
    }

    @Test
    void aBrokenEntryIsListedReplacedByTheNextStoreAndPruned() throws Exception {
        ModelCache c = new ModelCache(root.resolve("cache"), 1 << 20);
        Path broken = Files.createDirectories(c.root().resolve("k1"));
        Files.write(broken.resolve("weights.params"), new byte[] {9, 9}); // its model.json was lost
        assertThat(c.entries()).singleElement().satisfies(e -> assertThat(e.broken()).contains("missing"));
        c.store("k1", checkpoint("made", new byte[] {1, 2, 3}, 42));
        assertThat(c.entries()).singleElement().satisfies(e -> assertThat(e.isBroken()).isFalse());
        assertThat(c.restore("k1", root.resolve("back"))).isTrue();
        assertThat(Files.readAllBytes(root.resolve("back/weights.params"))).containsExactly(1, 2, 3);
        Files.writeString(c.root().resolve("k1/model.json"), "{\"format\": "); // unreadable
        assertThat(c.entries()).singleElement().satisfies(e -> assertThat(e.broken()).contains("unreadable"));
        ModelCache.Cleanup done = c.prune(Long.MAX_VALUE); // under the cap, yet a broken entry goes
        assertThat(done.removed()).extracting(ModelCache.Entry::key).containsExactly("k1");
        assertThat(c.root().resolve("k1")).doesNotExist();
        assertThat(done.problems()).isEmpty();
    }

    @Test
    void staleTempFoldersAreSweptAndCountedLiveOnesKept() throws Exception {
        ModelCache c = new ModelCache(root, 1 << 20);
        Path dead = Files.createDirectories(root.resolve(".k1.tmp-999999999")); // no such process
        Files.write(dead.resolve("weights.params"), new byte[100]);
        Path mine = Files.createDirectories(root.resolve(".k2.tmp-" + ProcessHandle.current().pid()));
        Path old = Files.createDirectories(root.resolve(".k3.removing-" + ProcessHandle.current().pid()));
        Files.setLastModifiedTime(old, FileTime.fromMillis(System.currentTimeMillis() - 2 * 3600_000L));
        entry("k4", 10, 1_000_000);
        assertThat(c.entries()).extracting(ModelCache.Entry::key).containsExactly("k4");
        ModelCache.Cleanup done = c.sweep();
        assertThat(done.swept()).extracting(ModelCache.Entry::key).containsExactlyInAnyOrder(".k1.tmp-999999999",
                ".k3.removing-" + ProcessHandle.current().pid());
        assertThat(done.swept().stream().mapToLong(ModelCache.Entry::bytes).sum()).isEqualTo(100);
        assertThat(dead).doesNotExist();
        assertThat(old).doesNotExist();
        assertThat(mine).exists(); // a store in progress
        assertThat(root.resolve("k4")).exists();
    }

    @Test
    void aStoreThatFailsIsAWarningAndLeavesNoTempFolder() throws Exception {
        ModelCache c = new ModelCache(root.resolve("cache"), 1 << 20);
        Path made = checkpoint("made", new byte[] {1}, 42);
        Path tmp = c.root().resolve(".k.tmp-" + ProcessHandle.current().pid());
        Files.createDirectories(c.root());
        Files.writeString(tmp, "in the way"); // the copy cannot make its folder
        c.store("k", made); // no exception: the cache is an optimisation
        assertThat(c.contains("k")).isFalse();
        assertThat(tmp).doesNotExist();
        assertThat(c.restore("k", root.resolve("back"))).isFalse();
    }

    @Test
    void clearOnAReadOnlyCacheSaysItRemovedNothing() throws Exception {
        entry("k1", 1000, 1_000_000);
        entry("k2", 2000, 2_000_000);
        ModelCache c = new ModelCache(root, 1 << 20);
        Path made = checkpoint(elsewhere.resolve("made"), new byte[] {1}, 42);
        try (org.mia4j.Mounts m = new org.mia4j.Mounts()) {
            m.readOnly(root);
            ModelCache.Cleanup done = c.clear();
            assertThat(done.removed()).isEmpty();
            assertThat(done.notRemoved()).extracting(ModelCache.Entry::key).containsExactly("k1", "k2");
            assertThat(done.problems()).hasSize(2).allSatisfy(p -> assertThat(p).containsIgnoringCase("read-only"));
            c.store("k3", made); // a warning, not a failure
        }
        assertThat(c.entries()).extracting(ModelCache.Entry::key).containsExactly("k1", "k2");
        assertThat(c.clear().removed()).hasSize(2);
    }

    @Test
    void sizesParseWithUnits() {
        assertThat(ModelCache.parseSize("2G")).isEqualTo(2L << 30);
        assertThat(ModelCache.parseSize("500m")).isEqualTo(500L << 20);
        assertThat(ModelCache.parseSize("1.5KiB")).isEqualTo(1536);
        assertThat(ModelCache.parseSize("123")).isEqualTo(123);
        assertThatThrownBy(() -> ModelCache.parseSize("lots")).isInstanceOf(InvalidSetting.class)
                .hasMessageContaining("'cache-max'");
    }
}
