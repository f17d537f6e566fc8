package org.mia4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mia4j audit --model}: a TorchScript model made by PyTorch (src/test/resources/torchscript/make_tiny.py, a
 * fixed 4 -> 3 linear layer) audited on a CSV data set the test writes.
 */
class AuditModelIT {
    static final int N = 400;
    @TempDir
    static Path dir;
    static Path model;
    static Path data;
    static float[][] x = new float[N][4];
    static int[] y = new int[N];

    /** The fixture's logits: W[k][j] = (k - j) / 4, b = (0.1, 0, -0.1). */
    static int predicted(float[] r) {
        double[] b = {0.1, 0, -0.1};
        int arg = 0;
        double best = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < 3; k++) {
            double z = b[k];
            for (int j = 0; j < 4; j++) {
                z += (k - j) / 4.0 * r[j];
            }
            if (z > best) {
                best = z;
                arg = k;
            }
        }
        return arg;
    }

    @BeforeAll
    static void fixtures() throws Exception {
        model = Path.of(AuditModelIT.class.getResource("/torchscript/tiny.pt").toURI());
        Random rnd = new Random(5);
        StringBuilder csv = new StringBuilder("f0,f1,f2,f3,y\n");
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < 4; j++) {
                x[i][j] = (float) rnd.nextGaussian();
            }
            // members (the first half) mostly get the model's own label, non-members a random one half the time
            y[i] = i < N / 2 || rnd.nextBoolean() ? predicted(x[i]) : rnd.nextInt(3);
            csv.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%d%n", x[i][0], x[i][1], x[i][2], x[i][3], y[i]));
        }
        data = Files.writeString(dir.resolve("table.csv"), csv.toString());
        StringBuilder members = new StringBuilder();
        for (int i = 0; i < N / 2; i++) {
            members.append(i).append('\n');
        }
        Files.writeString(dir.resolve("members.txt"), members.toString());
    }

    static List<String> audit(String name, String... extra) {
        List<String> a = new ArrayList<>(List.of("audit", "--runs-dir", dir.resolve("runs").toString(), "--name", name,
                "--no-progress", "--bootstrap", "20", "--dataset", "csv", "--data-dir", data.toString(),
                "--label-column", "y", "--model", model.toString(), "--members-index",
                dir.resolve("members.txt").toString()));
        a.addAll(Arrays.asList(extra));
        return a;
    }

    @Test
    void aTorchScriptModelIsAuditedOnItsOutputsWithoutShadowsWhenNoArchitectureIsNamed() throws Exception {
        AuditCommandIT.Run r = AuditCommandIT.mia4j(audit("given").toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode res = new ObjectMapper().readTree(dir.resolve("runs/given/results.json").toFile());
        long correctMembers = java.util.stream.IntStream.range(0, N / 2).filter(i -> predicted(x[i]) == y[i]).count();
        long correctNon = java.util.stream.IntStream.range(N / 2, N).filter(i -> predicted(x[i]) == y[i]).count();
        JsonNode m = res.get("models").get(0);
        assertThat(m.get("train_accuracy").asDouble()).isCloseTo(correctMembers / (N / 2.0), within(1e-9));
        assertThat(m.get("test_accuracy").asDouble()).isCloseTo(correctNon / (N / 2.0), within(1e-9));
        List<String> ran = new ArrayList<>();
        res.get("attacks").forEach(a -> ran.add(a.get("attack").asText()));
        // the attacks that need neither shadows nor references: correctness, and QMIA on the population
        assertThat(ran).containsExactly("correctness", "qmia");
        assertThat(res.get("notes").toString()).contains("no shadow or reference models",
                "qmia on original: FPR measured on the audited non-members");
        assertThat(res.get("provenance").get("data_checksums").has("tiny.pt")).isTrue();
        assertThat(res.get("dataset").get("target_non_members").asInt()).isEqualTo(N / 2);
    }

    @Test
    void withAKnownArchitectureTheAdversaryTrainsShadowsAndQueriesTheGivenModel() throws Exception {
        AuditCommandIT.Run r = AuditCommandIT.mia4j(audit("given-arch", "--arch", "column-fc", "--hidden", "16",
                "--shadows", "1", "--epochs", "2", "--references", "3", "--attack-epochs", "2", "--samia-epochs", "1",
                "--samia-layers", "1", "--samia-max-records", "100", "--label-queries", "3", "--population", "50",
                "--attacks", "conf,label-only,samia,lira-fixed,rmia").toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode res = new ObjectMapper().readTree(dir.resolve("runs/given-arch/results.json").toFile());
        assertThat(res.get("attacks")).hasSize(5);
        JsonNode labelOnly = res.get("attacks").get(1);
        assertThat(labelOnly.get("attack").asText()).isEqualTo("label-only");
        assertThat(labelOnly.get("settings").get("probe").get("queries").asInt()).isEqualTo(3);
        assertThat(res.get("attacks").get(2).get("settings").get("model").get("layers").asInt()).isEqualTo(1);
        assertThat(res.get("shadow_models").size()).isEqualTo(1);
        assertThat(dir.resolve("runs/given-arch/models/shadow-0/original/model.json")).isRegularFile();
        assertThat(dir.resolve("runs/given-arch/models/target")).doesNotExist();
    }

    @Test
    void aWrongModelFileOrIndexIsRefusedBeforeAnyFolderIsMade() throws Exception {
        Path notTs = Files.writeString(dir.resolve("model.pt"), "not a model");
        Path posteriors = Path.of(AuditModelIT.class.getResource("/torchscript/tiny_posteriors.pt").toURI());
        Files.writeString(dir.resolve("four.csv"), Files.readString(data) + "0,0,0,0,3\n");
        Files.writeString(dir.resolve("five.csv"), String.join("\n", Files.readString(data).lines().map(l -> l
                .startsWith("f0") ? "extra," + l : "0.5," + l).toList()) + "\n");
        Files.writeString(dir.resolve("dup.txt"), "1\n2\n1\n");
        Files.writeString(dir.resolve("range.txt"), "[1, 400]");
        String[][] cases = {{"--model", notTs.toString()}, {"--data-dir", dir.resolve("four.csv").toString()},
            {"--data-dir", dir.resolve("five.csv").toString()},
            {"--members-index", dir.resolve("dup.txt").toString()},
            {"--members-index", dir.resolve("range.txt").toString()}, {"--outputs", "probabilities"},
            {"--model", posteriors.toString(), "--outputs", "posteriors", "--non-members-index",
                dir.resolve("dup.txt").toString()}};
        String[] expected = {"not a TorchScript model", "expected (2, 4)", "forward pass", "index 1 is listed twice",
            "index 400 outside the data set's records 0..399", "'logits' or 'posteriors'", "listed twice"};
        for (int i = 0; i < cases.length; i++) {
            AuditCommandIT.Run r = AuditCommandIT.mia4j(audit("bad" + i, cases[i]).toArray(String[]::new));
            assertThat(r.code()).as(Arrays.toString(cases[i]) + " -> " + r.err()).isEqualTo(2);
            assertThat(r.err()).contains(expected[i]).doesNotContain("\tat ");
            assertThat(dir.resolve("runs/bad" + i)).doesNotExist();
            assertThat(dir.resolve("runs/.bad" + i + ".partial")).doesNotExist();
        }
        Files.writeString(dir.resolve("some.txt"), "1\n2\n");
        AuditCommandIT.Run r = AuditCommandIT.mia4j(audit("overlap", "--model", posteriors.toString(), "--outputs",
                "posteriors", "--non-members-index", dir.resolve("members.txt").toString()).toArray(String[]::new));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("also listed as a member");
    }
}
