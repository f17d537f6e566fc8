package org.mia4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mia4j.Mia4jException;

class CsvLoaderTest {

    @Test
    void readsNumericColumnsAndMapsStringLabelsToSortedClasses(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("toy.csv");
        Files.writeString(f, "a,kind,b\n1.5,dog,2\n-3,cat,4e-1\n\n0,\"dog\",7\n");
        Dataset d = CsvLoader.load(f, "kind");
        assertThat(d.name()).isEqualTo("toy");
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.recordShape()).containsExactly(2);
        assertThat(d.classNames()).containsExactly("cat", "dog");
        assertThat(d.labels(new int[] {0, 1, 2})).containsExactly(1, 0, 1);
        assertThat(d.features(new int[] {1})).containsExactly(-3f, 0.4f);
    }

    @Test
    void integerLabelsSortNumerically(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("n.csv");
        Files.writeString(f, "x,y\n1,10\n2,9\n3,10\n");
        assertThat(CsvLoader.load(f, "y").classNames()).containsExactly("9", "10");
    }

    @Test
    void aBadValueNamesFileLineColumnAndValue(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "x,y\n1,0\n2,1\nabc,1\n");
        assertThatThrownBy(() -> CsvLoader.load(f, "y")).isInstanceOf(Mia4jException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("line 4")
                .hasMessageContaining("column 'x'").hasMessageContaining("'abc'");
    }

    @Test
    void aShortRowNamesItsLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("short.csv");
        Files.writeString(f, "x,z,y\n1,2,0\n2,1\n");
        assertThatThrownBy(() -> CsvLoader.load(f, "y")).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("line 3").hasMessageContaining("2 fields, expected 3");
    }

    @Test
    void anUnknownLabelColumnListsTheHeader(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("h.csv");
        Files.writeString(f, "x,y\n1,0\n");
        assertThatThrownBy(() -> CsvLoader.load(f, "label")).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("no column named 'label'").hasMessageContaining("[x, y]");
        assertThatThrownBy(() -> CsvLoader.load(f, null)).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("--label-column");
    }
}
