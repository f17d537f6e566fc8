package org.mia4j.experiment;

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
        assertThat(c.prune(2200)).extracting(ModelCache.Entry::key).containsExactly("old");
        assertThat(root.resolve("old")).doesNotExist();
        assertThat(c.prune(1100)).extracting(ModelCache.Entry::key).containsExactly("mid");
        assertThat(c.clear()).extracting(ModelCache.Entry::key).containsExactly("new");
        assertThat(c.entries()).isEmpty();
    }

    @Test
    void anEntryThatFailsItsChecksumsIsRemovedNotRestored() throws Exception {
        Path e = Files.createDirectories(root.resolve("k"));
        Files.write(e.resolve("weights.params"), new byte[] {1, 2, 3});
        Files.writeString(e.resolve("model.json"), "{\"format\":\"" + ModelCache.FORMAT + "\",\"files\":{"
                + "\"weights.params\":\"" + org.mia4j.data.Sha256.of(new byte[] {1, 2, 3}) + "\"}}");
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
