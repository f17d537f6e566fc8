package org.mia4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mia4j experiment release --model a.pt --version b=b.pt}: versions made elsewhere (the fixtures of
 * src/test/resources/torchscript/make_tiny.py: tiny.pt and its pruned export tiny_pruned.pt) planned for release on
 * a CSV the test writes; and the refusals of bad versions.
 */
class ReleaseGivenIT {
    static final int N = 400;
    @TempDir
    static Path dir;
    static Path data;
    static float[][] x = new float[N][4];
    static int[] y = new int[N];

    /** tiny_pruned.pt's label: tiny.pt's logits with the weights of magnitude 1/4 set to 0. */
    static int prunedPredicted(float[] r) {
        double[] b = {0.1, 0, -0.1};
        int arg = 0;
        double best = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < 3; k++) {
            double z = b[k];
            for (int j = 0; j < 4; j++) {
                z += Math.abs(k - j) == 1 ? 0 : (k - j) / 4.0 * r[j];
            }
            if (z > best) {
                best = z;
                arg = k;
            }
        }
        return arg;
    }

    static Path fixture(String name) throws Exception {
        return Path.of(ReleaseGivenIT.class.getResource("/torchscript/" + name).toURI());
    }

    @BeforeAll
    static void fixtures() throws Exception {
        Random rnd = new Random(5);
        StringBuilder csv = new StringBuilder("f0,f1,f2,f3,y\n");
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < 4; j++) {
                x[i][j] = (float) rnd.nextGaussian();
            }
            // members (the first half) mostly get the model's own label, non-members a random one half the time
            y[i] = i < N / 2 || rnd.nextBoolean() ? AuditModelIT.predicted(x[i]) : rnd.nextInt(3);
            csv.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%d%n", x[i][0], x[i][1], x[i][2], x[i][3], y[i]));
        }
        data = Files.writeString(dir.resolve("table.csv"), csv.toString());
        Files.writeString(dir.resolve("members.txt"), String.join("\n", java.util.stream.IntStream.range(0, N / 2)
                .mapToObj(Integer::toString).toList()));
    }

    static String[] release(String name, String... extra) throws Exception {
        List<String> a = new ArrayList<>(List.of("experiment", "release", "--runs-dir", dir.resolve("runs").toString(),
                "--name", name, "--no-progress", "--bootstrap", "20", "--dataset", "csv", "--data-dir",
                data.toString(), "--label-column", "y", "--model", fixture("tiny.pt").toString(), "--members-index",
                dir.resolve("members.txt").toString(), "--arch", "column-fc", "--hidden", "8", "--shadows", "1",
                "--epochs", "1", "--references", "0"));
        a.addAll(Arrays.asList(extra));
        if (!a.contains("--attacks")) {
            a.addAll(List.of("--attacks", "conf,nn"));
        }
        return a.toArray(String[]::new);
    }

    @Test
    void plansTheReleaseOfAModelAndAVersionMadeElsewhere() throws Exception {
        AuditCommandIT.Run r = AuditCommandIT.mia4j(release("given", "--version", "pruned="
                + fixture("tiny_pruned.pt")));
        assertThat(r.code()).as(r.err()).isZero();
        Path run = dir.resolve("runs/given");
        JsonNode j = new ObjectMapper().readTree(run.resolve("release.json").toFile());
        Map<String, JsonNode> versions = new HashMap<>();
        j.get("versions").forEach(v -> versions.put(v.get("name").asText(), v));
        assertThat(versions).containsOnlyKeys("original", "pruned");
        assertThat(versions.get("original").get("size_reduction").asDouble()).isZero();
        // tiny_pruned.pt's file is no smaller; its weights: 8 of 12 exactly zero against the original's 3
        long bytes = Files.size(fixture("tiny_pruned.pt"));
        assertThat(bytes).isGreaterThanOrEqualTo(Files.size(fixture("tiny.pt")));
        assertThat(versions.get("pruned").get("size_reduction").asDouble()).isCloseTo(5 / 12.0, within(1e-9));
        List<String> sets = new ArrayList<>();
        for (JsonNode s : j.get("release_sets")) {
            sets.add(s.get("name").asText());
            JsonNode risk = s.get("risk");
            for (JsonNode v : s.get("versions")) {
                JsonNode alone = versions.get(v.asText()).get("risk");
                assertThat(risk.get("tpr_at_1pct_fpr").asDouble()).isGreaterThanOrEqualTo(
                        alone.get("tpr_at_1pct_fpr").asDouble());
                assertThat(risk.get("upper").asDouble()).isGreaterThanOrEqualTo(alone.get("upper").asDouble());
            }
            // no multi-version attack ran: every risk is a single-version attack's, reading no other version
            assertThat(risk.get("attack").asText()).isIn("conf", "nn");
            assertThat(risk.path("reading").size()).isZero();
        }
        assertThat(sets).contains("original", "pruned", "original+pruned");
        assertThat(j.get("notes").toString()).contains("Multi-version attacks were not run",
                "not compressed alike");
        JsonNode res = new ObjectMapper().readTree(run.resolve("results.json").toFile());
        assertThat(res.get("provenance").get("data_checksums").has("tiny_pruned.pt")).isTrue();
        assertThat(res.get("verdict").toString()).contains("The given versions (pruned) are attacked with the same "
                + "shadow and reference models", "not compressed alike");
        assertThat(res.get("notes").toString()).contains("Given version pruned (tiny_pruned.pt)",
                "weights exactly zero 0.667 against 0.250");
        // the version is queried itself: its own accuracy on the members, not the original's
        Map<String, JsonNode> models = new HashMap<>();
        res.get("models").forEach(m -> models.put(m.get("model").asText(), m));
        assertThat(models).containsKeys("original", "pruned");
        long prunedRight = java.util.stream.IntStream.range(0, N / 2).filter(i -> prunedPredicted(x[i]) == y[i])
                .count();
        long originalRight = java.util.stream.IntStream.range(0, N / 2).filter(i -> AuditModelIT.predicted(x[i])
                == y[i]).count();
        assertThat(prunedRight).isNotEqualTo(originalRight); // the fixture tells the two apart
        assertThat(models.get("pruned").get("train_accuracy").asDouble()).isCloseTo(prunedRight / (N / 2.0),
                within(1e-9));
        assertThat(models.get("pruned").get("sparsity").asDouble()).isCloseTo(8 / 12.0, within(1e-9));
        assertThat(Files.readString(run.resolve("report.html"))).contains("id=\"release\"");
    }

    @Test
    void badVersionsAreRefusedInOneLineBeforeAnyFolder() throws Exception {
        Path notTs = Files.writeString(dir.resolve("notts.pt"), "not a model");
        String pruned = fixture("tiny_pruned.pt").toString();
        String[][] cases = {{"--version", "p=" + dir.resolve("missing.pt")}, {"--version", "p=" + notTs},
            {"--version", "four=" + fixture("tiny_four.pt")}, {"--version", "p=" + pruned, "--version", "p=" + pruned},
            {"--version", "a+b=" + pruned}, {"--version", "original=" + pruned}, {"--version", pruned},
            {"--version", "p=" + pruned, "--attacks", "conf,compleak-sr"}, {}};
        String[] expected = {"model file not found", "not a TorchScript model", "expected (", "given twice",
            "not a version name", "not a version name", "expected NAME=FILE", "multi-version attacks",
            "--version is missing"};
        for (int i = 0; i < cases.length; i++) {
            AuditCommandIT.Run r = AuditCommandIT.mia4j(release("bad" + i, cases[i]));
            assertThat(r.code()).as(Arrays.toString(cases[i]) + " -> " + r.err()).isEqualTo(2);
            assertThat(r.err()).contains(expected[i]).doesNotContain("\tat ");
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(dir.resolve("runs/bad" + i)).doesNotExist();
            assertThat(dir.resolve("runs/.bad" + i + ".partial")).doesNotExist();
        }
        AuditCommandIT.Run r = AuditCommandIT.mia4j("experiment", "release", "--version", "p=" + pruned);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--version needs --model");
    }
}
