package org.mia4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mia4j.Mia4jException;

/** Synthetic files in the exact CIFAR binary layout: label byte(s), then 1024 R, 1024 G, 1024 B bytes. */
class CifarBinaryLoaderTest {

    static byte[] records(int n, int labelBytes, int labelBase) {
        int len = labelBytes + 3072;
        byte[] b = new byte[n * len];
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < labelBytes; k++) {
                b[r * len + k] = (byte) (labelBase + r + k); // CIFAR-100: coarse then fine
            }
            b[r * len + labelBytes] = (byte) 255; // first red pixel
            b[r * len + labelBytes + 1024] = (byte) 51; // first green pixel
        }
        return b;
    }

    @Test
    void cifar10FromTheUnpackedFolder(@TempDir Path root) throws Exception {
        Path dir = Files.createDirectories(root.resolve("cifar-10-batches-bin"));
        for (String f : CifarBinaryLoader.CIFAR10_FILES) {
            Files.write(dir.resolve(f), records(2, 1, 3));
        }
        DatasetCatalog catalog = new DatasetCatalog(Optional.empty());
        Dataset d = catalog.load("cifar10", Optional.of(root), Optional.empty());
        assertThat(d.size()).isEqualTo(12);
        assertThat(d.recordShape()).containsExactly(3, 32, 32);
        assertThat(d.label(0)).isEqualTo(3);
        assertThat(d.label(1)).isEqualTo(4);
        assertThat(d.classNames().get(3)).isEqualTo("cat");
        float[] x = d.features(new int[] {0});
        assertThat(x[0]).isEqualTo(1f);
        assertThat(x[1024]).isEqualTo(0.2f);
        assertThat(d.checksums()).containsKey("test_batch.bin");
    }

    @Test
    void cifar100UsesTheFineLabel(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("train.bin"), records(3, 2, 10));
        Files.write(dir.resolve("test.bin"), records(1, 2, 50));
        Dataset d = CifarBinaryLoader.loadCifar100(dir);
        assertThat(d.size()).isEqualTo(4);
        assertThat(d.numClasses()).isEqualTo(100);
        assertThat(d.label(0)).isEqualTo(11); // coarse 10, fine 11
        assertThat(d.label(3)).isEqualTo(51);
    }

    @Test
    void aPartialRecordOrBadLabelIsNamed(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("train.bin"), new byte[3074 + 5]);
        Files.write(dir.resolve("test.bin"), records(1, 2, 0));
        assertThatThrownBy(() -> CifarBinaryLoader.loadCifar100(dir)).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("train.bin").hasMessageContaining("not a whole number of 3074-byte");
        Files.write(dir.resolve("train.bin"), records(1, 2, 150));
        assertThatThrownBy(() -> CifarBinaryLoader.loadCifar100(dir)).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("label 151, expected 0..99");
    }
}
