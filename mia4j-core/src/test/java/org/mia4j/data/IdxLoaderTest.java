package org.mia4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mia4j.Mia4jException;

class IdxLoaderTest {
    static final List<String> TEN = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** Writes IDX image and label files of {@code n} 2x3 images whose pixel j of image i is (i*6+j) % 256. */
    static void writeIdx(Path dir, String prefix, int n, boolean gz) throws Exception {
        ByteArrayOutputStream img = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(img);
        d.writeInt(0x803);
        d.writeInt(n);
        d.writeInt(2);
        d.writeInt(3);
        for (int i = 0; i < n * 6; i++) {
            d.writeByte(i % 256);
        }
        ByteArrayOutputStream lab = new ByteArrayOutputStream();
        DataOutputStream l = new DataOutputStream(lab);
        l.writeInt(0x801);
        l.writeInt(n);
        for (int i = 0; i < n; i++) {
            l.writeByte(i % 10);
        }
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte.gz"), gz ? gzip(img.toByteArray()) : img.toByteArray());
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), gz ? gzip(lab.toByteArray()) : lab.toByteArray());
    }

    static byte[] gzip(byte[] b) throws Exception {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(o)) {
            g.write(b);
        }
        return o.toByteArray();
    }

    @Test
    void poolsTrainAndTestAndScalesPixels(@TempDir Path dir) throws Exception {
        writeIdx(dir, "train", 5, true);
        writeIdx(dir, "t10k", 3, false); // plain (not gzipped) files are read too
        Dataset d = IdxLoader.load("toy", dir, Map.of(), TEN);
        assertThat(d.size()).isEqualTo(8);
        assertThat(d.recordShape()).containsExactly(1, 2, 3);
        assertThat(d.features(new int[] {1})).containsExactly(6 / 255f, 7 / 255f, 8 / 255f, 9 / 255f, 10 / 255f,
                11 / 255f);
        assertThat(d.label(4)).isEqualTo(4);
        assertThat(d.label(5)).isEqualTo(0); // first test record
        assertThat(d.checksums()).hasSize(4);
    }

    @Test
    void badMagicTruncationAndChecksumAreNamed(@TempDir Path dir) throws Exception {
        writeIdx(dir, "train", 5, true);
        writeIdx(dir, "t10k", 3, true);
        Path labels = dir.resolve("train-labels-idx1-ubyte.gz");
        assertThatThrownBy(() -> IdxLoader.load("toy", dir, Map.of("train-labels-idx1-ubyte.gz", "00"), TEN))
                .isInstanceOf(Mia4jException.class).hasMessageContaining("checksum mismatch")
                .hasMessageContaining(labels.toString());

        Path images = dir.resolve("t10k-images-idx3-ubyte.gz");
        byte[] raw = Files.readAllBytes(images);
        Files.write(images, java.util.Arrays.copyOf(raw, raw.length - 5));
        assertThatThrownBy(() -> IdxLoader.load("toy", dir, Map.of(), TEN)).isInstanceOf(Mia4jException.class)
                .hasMessageContaining(images.toString());

        Files.write(images, gzip(new byte[] {0, 0, 8, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
        assertThatThrownBy(() -> IdxLoader.load("toy", dir, Map.of(), TEN)).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("magic number 0x00000801, expected 0x00000803");
    }

    @Test
    void sharedMnistMatchesItsDocumentedCounts() {
        Path dir = SharedData.dir().resolve("mnist");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(dir), "shared MNIST not present");
        Dataset d = new DatasetCatalog(java.util.Optional.empty()).load("mnist", java.util.Optional.of(dir),
                java.util.Optional.empty());
        assertThat(d.size()).isEqualTo(70_000);
        assertThat(d.recordShape()).containsExactly(1, 28, 28);
        int zeros = 0;
        for (int i = 0; i < 60_000; i++) {
            if (d.label(i) == 0) {
                zeros++;
            }
        }
        assertThat(zeros).isEqualTo(5923); // shared/data/README.md
    }
}
