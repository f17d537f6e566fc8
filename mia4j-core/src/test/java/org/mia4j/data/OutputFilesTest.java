package org.mia4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mia4j.Mia4jException;

class OutputFilesTest {
    @TempDir
    Path dir;

    @Test
    void npyPosteriorsAndLabelsAreReadAsGiven() throws Exception {
        Path p = NpyWriter.floats(dir.resolve("p.npy"), new float[] {0.2f, 0.8f, 0.9f, 0.1f}, 2, 2);
        OutputFiles.Outputs o = OutputFiles.read(p, false);
        assertThat(o.records()).isEqualTo(2);
        assertThat(o.classes()).isEqualTo(2);
        assertThat(o.posteriors()).containsExactly(0.2f, 0.8f, 0.9f, 0.1f);
        Path y = NpyWriter.ints(dir.resolve("y.npy"), new int[] {1, 0});
        assertThat(OutputFiles.readLabels(y, 2, 2)).containsExactly(1, 0);
    }

    @Test
    void logitsBecomePosteriorsThroughAStableSoftmax() throws Exception {
        Path p = NpyWriter.write(dir.resolve("l.npy"), "<f8", new long[] {1, 3}, new double[] {1000, 1001, 999});
        float[] q = OutputFiles.read(p, true).posteriors();
        double z = Math.exp(-1) + 1 + Math.exp(-2);
        assertThat(q[0]).isCloseTo((float) (Math.exp(-1) / z), within(1e-6f));
        assertThat(q[1]).isCloseTo((float) (1 / z), within(1e-6f));
    }

    @Test
    void csvWithALabelColumnCarriesItsLabels() throws Exception {
        Path c = Files.writeString(dir.resolve("o.csv"), "p0,p1,label\n0.25,0.75,1\n0.5,0.5,0\n");
        OutputFiles.Outputs o = OutputFiles.read(c, false);
        assertThat(o.posteriors()).containsExactly(0.25f, 0.75f, 0.5f, 0.5f);
        assertThat(o.labels()).hasValueSatisfying(l -> assertThat(l).containsExactly(1, 0));
    }

    @Test
    void badOutputsNameTheFileTheRecordAndTheFix() throws Exception {
        Path logits = NpyWriter.write(dir.resolve("logits.npy"), "<f4", new long[] {2, 2}, new double[] {0.3, 0.4,
            2, -1});
        assertThatThrownBy(() -> OutputFiles.read(logits, false)).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("logits.npy record 0: posteriors sum to 0.7").hasMessageContaining(
                        "--outputs logits");
        Path nan = NpyWriter.write(dir.resolve("nan.npy"), "<f8", new long[] {1, 2}, new double[] {Double.NaN, 1});
        assertThatThrownBy(() -> OutputFiles.read(nan, true)).hasMessageContaining("nan.npy record 0 class 0: NaN");
        Path rank = NpyWriter.write(dir.resolve("r.npy"), "<f4", new long[] {4}, new double[] {0.25, .25, .25, .25});
        assertThatThrownBy(() -> OutputFiles.read(rank, false)).hasMessageContaining("expected (records, classes)");
        Path ints = NpyWriter.write(dir.resolve("i.npy"), "<i8", new long[] {1, 2}, new double[] {0, 1});
        assertThatThrownBy(() -> OutputFiles.read(ints, false)).hasMessageContaining("expected float32 or float64");
        Path y = NpyWriter.ints(dir.resolve("y.npy"), new int[] {0, 5});
        assertThatThrownBy(() -> OutputFiles.readLabels(y, 2, 3)).hasMessageContaining("y.npy record 1: label 5 "
                + "outside the classes 0..2");
        assertThatThrownBy(() -> OutputFiles.readLabels(y, 3, 6)).hasMessageContaining("2 labels, expected 3");
        Path fy = NpyWriter.write(dir.resolve("fy.npy"), "<f4", new long[] {2}, new double[] {0, 1});
        assertThatThrownBy(() -> OutputFiles.readLabels(fy, 2, 2)).hasMessageContaining("expected integer labels");
        Path csv = Files.writeString(dir.resolve("b.csv"), "p0,p1\n0.5,0.5\n0.5,x\n");
        assertThatThrownBy(() -> OutputFiles.read(csv, false)).hasMessageContaining("b.csv line 3 column 'p1': 'x'");
        Path stack = NpyWriter.write(dir.resolve("s.npy"), "<f4", new long[] {2, 1, 2}, new double[] {.5, .5, .5,
            .5});
        assertThatThrownBy(() -> OutputFiles.readStack(stack, false, 3, 2)).hasMessageContaining("expected (models, "
                + "3, 2)");
        Path member = NpyWriter.write(dir.resolve("m.npy"), "<i8", new long[] {1, 2}, new double[] {1, 2});
        assertThatThrownBy(() -> OutputFiles.readMembership(member, 1, 2)).hasMessageContaining("m.npy model 0 "
                + "record 1: 2.0, expected 0 or 1");
    }

    /** Seeded mutation of a valid CSV: each input parses or fails with a Mia4jException, nothing else. */
    @Test
    void mutatedCsvFilesNeverFailWithAnythingButAClearError() throws Exception {
        byte[] valid = "p0,p1,p2,label\n0.2,0.3,0.5,2\n0.6,0.2,0.2,0\n1,0,0,1\n".getBytes(StandardCharsets.UTF_8);
        Random rnd = new Random(7);
        Path f = dir.resolve("fuzz.csv");
        int tried = 0;
        int parsed = 0;
        for (int i = 0; i < 3_000; i++) {
            Files.write(f, NpyTest.mutate(valid, rnd));
            tried++;
            try {
                OutputFiles.read(f, i % 2 == 0);
                parsed++;
            } catch (Mia4jException e) {
                assertThat(e.getMessage()).contains("fuzz.csv");
            }
        }
        assertThat(parsed).isBetween(1, tried - 1);
    }

    @Test
    void indexFilesTakeLinesOrJsonAndRefuseDuplicatesAndOutOfRange() throws Exception {
        assertThat(IndexFiles.read(Files.writeString(dir.resolve("a.txt"), "3\n1\n\n# c\n4\n"), 5))
                .containsExactly(3, 1, 4);
        assertThat(IndexFiles.read(Files.writeString(dir.resolve("a.json"), "[0, 2]"), 5)).containsExactly(0, 2);
        for (List<String> c : List.of(List.of("1\n1\n", "line 2: index 1 is listed twice"),
                List.of("1\n9\n", "line 2: index 9 outside the data set's records 0..4"),
                List.of("1\nx\n", "line 2: 'x', expected a record index"),
                List.of("[1, 2.5]", "element 1: '2.5'"), List.of("[1,", "not a valid JSON list"),
                List.of("[1, {\"a\": 2}]", "element 1: '{'"), List.of("[1] 2", "more after its closing ']'"),
                List.of("\uFEFF\n \n1\n2\n1\n", "line 5: index 1 is listed twice"),
                List.of("1\n" + "7".repeat(IndexFiles.MAX_LINE_CHARS + 1), "line 2: more than 4096 characters"),
                List.of("\n", "no record index found"))) {
            Path f = Files.writeString(dir.resolve("bad.txt"), c.get(0));
            assertThatThrownBy(() -> IndexFiles.read(f, 5)).as(c.get(0)).isInstanceOf(Mia4jException.class)
                    .hasMessageContaining("bad.txt").hasMessageContaining(c.get(1));
        }
    }

    /** A large index file is read as it comes: a million indices, as lines and as one JSON line. */
    @Test
    void largeIndexFilesAreReadAsAStream() throws Exception {
        int n = 1_000_000;
        StringBuilder lines = new StringBuilder();
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            lines.append(n - 1 - i).append('\n');
            json.append(i == 0 ? "" : ",").append(i);
        }
        int[] a = IndexFiles.read(Files.writeString(dir.resolve("big.txt"), lines), n);
        assertThat(a).hasSize(n);
        assertThat(a[0]).isEqualTo(n - 1);
        assertThat(a[n - 1]).isZero();
        int[] b = IndexFiles.read(Files.writeString(dir.resolve("big.json"), json.append("]")), n);
        assertThat(b).hasSize(n);
        assertThat(b[n - 1]).isEqualTo(n - 1);
    }

    @Test
    void autoReadsProbabilityRowsAsPosteriorsAndAnythingElseAsLogits() throws Exception {
        Path p = NpyWriter.floats(dir.resolve("auto-p.npy"), new float[] {0.2f, 0.8f, 0.9f, 0.1f}, 2, 2);
        assertThat(OutputFiles.read(p, "auto", List.of()).posteriors())
                .containsExactly(OutputFiles.read(p, false).posteriors());
        Path l = NpyWriter.floats(dir.resolve("auto-l.npy"), new float[] {2f, -1f, 0.5f, 0.5f}, 2, 2);
        assertThat(OutputFiles.read(l, "auto", List.of()).posteriors())
                .containsExactly(OutputFiles.read(l, true).posteriors());
        // a softmax on posteriors flattens them: refused with the fix
        assertThatThrownBy(() -> OutputFiles.read(p, "logits", List.of())).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("use --outputs posteriors");
    }

    @Test
    void labelsWrittenAsClassNamesNeedTheModelsOrder() throws Exception {
        Path c = Files.writeString(dir.resolve("named.csv"), "p0,p1,p2,label\n0.2,0.7,0.1,one\n0.6,0.2,0.2,zero\n");
        assertThatThrownBy(() -> OutputFiles.read(c, "auto", List.of())).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("label 'one'").hasMessageContaining("--classes");
        OutputFiles.Outputs o = OutputFiles.read(c, "auto", List.of("zero", "one", "two"));
        assertThat(o.labels()).hasValueSatisfying(v -> assertThat(v).containsExactly(1, 0));
        Path y = Files.writeString(dir.resolve("named-y.csv"), "two\nzero\n");
        assertThat(OutputFiles.readLabels(y, 2, 3, List.of("zero", "one", "two"))).containsExactly(2, 0);
    }
}
