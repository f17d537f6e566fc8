package org.mia4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mia4j.Mia4jException;

class LocationLoaderTest {

    @Test
    void embeddedCopyHasTheDocumentedShapeAndClassCounts() {
        Dataset d = LocationLoader.loadEmbedded();
        assertThat(d.size()).isEqualTo(5010);
        assertThat(d.recordShape()).containsExactly(446);
        assertThat(d.numClasses()).isEqualTo(30);
        int[] counts = new int[30];
        for (int i = 0; i < d.size(); i++) {
            counts[d.label(i)]++;
        }
        // shared/data/README.md: class 1 has 169 records, class 8 has 308, class 30 has 179
        assertThat(counts[0]).isEqualTo(169);
        assertThat(counts[7]).isEqualTo(308);
        assertThat(counts[29]).isEqualTo(179);
        float[] x = d.features(new int[] {0, 1});
        for (float v : x) {
            assertThat(v).isIn(0f, 1f);
        }
        assertThat(d.checksums()).containsEntry("bangkok.csv.gz", LocationLoader.SHA256);
    }

    @Test
    void aFileWithAnotherChecksumIsRejectedNamingTheFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve(LocationLoader.FILE);
        Files.write(f, gzip("\"1\"," + "0,".repeat(445) + "1\n"));
        assertThatThrownBy(() -> LocationLoader.load(dir)).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("checksum mismatch").hasMessageContaining(f.toString());
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> LocationLoader.load(dir)).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("not found").hasMessageContaining(LocationLoader.FILE);
    }

    static byte[] gzip(String s) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }
}
