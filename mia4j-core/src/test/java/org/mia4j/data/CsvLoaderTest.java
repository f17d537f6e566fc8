package org.mia4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

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
        // standardised with the statistics of the rows it is fitted to: a over rows 0,1 has mean -0.75, sd 2.25
        ArrayDataset fitted = ((TabularDataset) d).fitTo(new int[] {0, 1});
        assertThat(fitted.features(new int[] {2})[0]).isCloseTo(0.75f / 2.25f, within(1e-6f));
        assertThat(((TabularDataset) d).raw().features(new int[] {1})).containsExactly(-3f, 0.4f);
    }

    @Test
    void categoricalColumnsAreOneHotWithTheCategoriesOfTheTrainingRowsOnly(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("people.tsv");
        Files.writeString(f, "\uFEFFjob\tage\tincome\nclerk\t30\tlow\nnurse\t40\thigh\npilot\t50\thigh\n"
                + "clerk\t60\tlow\n");
        TabularDataset t = CsvLoader.load(f, "income", '\t');
        assertThat(t.classNames()).containsExactly("high", "low");
        assertThat(t.categories()).containsOnlyKeys("job");
        ArrayDataset fitted = t.fitTo(new int[] {0, 1, 3});
        // columns: job=clerk, job=nurse, age (mean 43.33 over the training rows); pilot was never seen in training
        assertThat(fitted.recordShape()).containsExactly(3);
        float[] pilot = fitted.features(new int[] {2});
        assertThat(pilot[0]).isZero();
        assertThat(pilot[1]).isZero();
        double sd = Math.sqrt(((30 - 130 / 3.0) * (30 - 130 / 3.0) + (40 - 130 / 3.0) * (40 - 130 / 3.0)
                + (60 - 130 / 3.0) * (60 - 130 / 3.0)) / 3);
        assertThat(pilot[2]).isCloseTo((float) ((50 - 130 / 3.0) / sd), within(1e-5f));
        assertThat(fitted.features(new int[] {1})).startsWith(0f, 1f);
        assertThat(fitted.preprocessing()).isNotEqualTo(t.fitTo(new int[] {0, 1}).preprocessing());
        assertThatThrownBy(t::raw).hasMessageContaining("column 'job' is categorical");
    }

    @Test
    void aLabelColumnAloneIsAnErrorAndAMissingFileDoesNotBlameTheDataSets(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("only.csv");
        Files.writeString(f, "y\na\nb\n");
        assertThatThrownBy(() -> CsvLoader.load(f, "y")).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("line 1: the label column 'y' is the only column");
        // a file the user names is not one of mia4j's data sets: no pointer to `mia4j datasets`
        assertThatThrownBy(() -> CsvLoader.load(dir.resolve("missing.csv"), "y")).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("file not found").hasMessageNotContaining("datasets");
        assertThatThrownBy(() -> IndexFiles.read(dir.resolve("members.txt"), 10))
                .hasMessageContaining("file not found").hasMessageNotContaining("datasets");
    }

    @Test
    void anEmptyLabelIsAnErrorNamingItsLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("e.csv");
        Files.writeString(f, "x,y\n1,a\n2,\n3,b\n");
        assertThatThrownBy(() -> CsvLoader.load(f, "y")).hasMessageContaining("line 3: empty label");
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
                .hasMessageContaining("'label-column'");
    }

    @Test
    void aTextColumnOfDistinctValuesIsRefusedUnlessLeftOutAndARowNumberIsWarnedAbout(@TempDir Path dir)
            throws Exception {
        StringBuilder csv = new StringBuilder("row,patient_id,age,y\n");
        for (int i = 0; i < 40; i++) {
            csv.append(i + 1).append(",p").append(1000 + i).append(',').append(20 + i % 7).append(',')
                    .append(i % 2 == 0 ? "sick" : "well").append('\n');
        }
        Path f = Files.writeString(dir.resolve("ids.csv"), csv.toString());
        assertThatThrownBy(() -> CsvLoader.load(f, "y")).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("column 'patient_id': 40 distinct values in 40 rows")
                .hasMessageContaining("--ignore-columns patient_id");
        TabularDataset t = CsvLoader.load(f, "y", ',', java.util.List.of("patient_id"));
        assertThat(t.recordShape()).containsExactly(2);
        assertThat(t.warnings()).singleElement().asString().contains("column 'row' is a strictly increasing integer",
                "--ignore-columns row");
        assertThat(t.namedClasses()).isTrue();
        assertThat(CsvLoader.load(f, "y", ',', java.util.List.of("patient_id", "row")).warnings()).isEmpty();
        // leaving columns out changes what models are keyed on
        assertThat(t.raw().preprocessing()).isNotEqualTo(CsvLoader.load(f, "y", ',', java.util.List.of("patient_id",
                "row")).raw().preprocessing());
        assertThatThrownBy(() -> CsvLoader.load(f, "y", ',', java.util.List.of("nope")))
                .hasMessageContaining("'nope'");
    }
}
