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
        List<Integer> non = new ArrayList<>();
        new ObjectMapper().readTree(dir.resolve("runs/given/splits/target.json").toFile()).get("nonMembers")
                .forEach(v -> non.add(v.asInt()));
        long correctNon = non.stream().filter(i -> predicted(x[i]) == y[i]).count();
        JsonNode m = res.get("models").get(0);
        assertThat(m.get("train_accuracy").asDouble()).isCloseTo(correctMembers / (N / 2.0), within(1e-9));
        assertThat(m.get("test_accuracy").asDouble()).isCloseTo(correctNon / (double) non.size(), within(1e-9));
        List<String> ran = new ArrayList<>();
        res.get("attacks").forEach(a -> ran.add(a.get("attack").asText()));
        // the attacks that need neither shadows nor references: correctness, and QMIA on the population
        assertThat(ran).containsExactly("correctness", "qmia");
        assertThat(res.get("notes").toString()).contains("no shadow or reference models",
                "qmia on original: FPR measured on the audited non-members");
        assertThat(res.get("provenance").get("data_checksums").has("tiny.pt")).isTrue();
        // the others are shared seeded: half the audited non-members, half the attacker's population
        assertThat(res.get("dataset").get("target_non_members").asInt()).isEqualTo(N / 4);
        assertThat(res.get("notes").toString()).contains("15 parameters, sparsity 0.250", "outputs logits",
                "0 -> 0, 1 -> 1, 2 -> 2");
        // the fixture's W[k][j] = (k - j) / 4 is zero on its diagonal: 3 of 12 weights
        assertThat(m.get("sparsity").asDouble()).isEqualTo(0.25);
    }

    /** The records of splits/NAME.json of a run: every index it lists. */
    static java.util.Set<Integer> indices(Path file) throws Exception {
        java.util.Set<Integer> out = new java.util.HashSet<>();
        JsonNode n = new ObjectMapper().readTree(file.toFile());
        for (String part : List.of("members", "nonMembers", "records")) {
            if (n.has(part)) {
                n.get(part).forEach(v -> out.add(v.asInt()));
            }
        }
        return out;
    }

    @Test
    void thePopulationHoldsNoAuditedRecordForGivenAndTrainedTargets() throws Exception {
        Files.writeString(dir.resolve("non.txt"), "200\n201\n202\n203\n204\n205\n206\n207\n208\n209\n210\n");
        AuditCommandIT.Run given = AuditCommandIT.mia4j(audit("pop-given", "--attacks", "correctness")
                .toArray(String[]::new));
        AuditCommandIT.Run givenNon = AuditCommandIT.mia4j(audit("pop-given-non", "--attacks", "correctness",
                "--non-members-index", dir.resolve("non.txt").toString()).toArray(String[]::new));
        AuditCommandIT.Run trained = AuditCommandIT.mia4j("audit", "--runs-dir", dir.resolve("runs").toString(),
                "--name", "pop-trained", "--no-progress", "--dataset", "csv", "--data-dir", data.toString(),
                "--label-column", "y", "--hidden", "8", "--shadows", "1", "--epochs", "1", "--finetune-epochs", "1",
                "--attacks", "correctness", "--bootstrap", "0");
        for (String name : List.of("pop-given", "pop-given-non", "pop-trained")) {
            Path splits = dir.resolve("runs").resolve(name).resolve("splits");
            java.util.Set<Integer> population = indices(splits.resolve("population.json"));
            java.util.Set<Integer> audited = indices(splits.resolve("target.json"));
            assertThat(population).as(name).isNotEmpty();
            assertThat(audited).as(name).doesNotContainAnyElementsOf(population);
        }
        assertThat(given.code()).as(given.err()).isZero();
        assertThat(givenNon.code()).as(givenNon.err()).isZero();
        assertThat(trained.code()).as(trained.err()).isZero();
        // with a non-members file the population is what neither file lists
        assertThat(indices(dir.resolve("runs/pop-given-non/splits/population.json"))).hasSize(N - N / 2 - 11);
        Files.writeString(dir.resolve("pop.txt"), "150\n");
        AuditCommandIT.Run bad = AuditCommandIT.mia4j(audit("pop-bad", "--population-index",
                dir.resolve("pop.txt").toString()).toArray(String[]::new));
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("pop.txt: record 150 is audited");
    }

    /** The table with its labels written as words: the model's outputs are zero, one, two. */
    static Path wordsCsv(String extraHeader, java.util.function.IntFunction<String> extra) throws Exception {
        String[] words = {"zero", "one", "two"};
        StringBuilder csv = new StringBuilder(extraHeader + "f0,f1,f2,f3,y\n");
        for (int i = 0; i < N; i++) {
            csv.append(extra.apply(i)).append(String.format(Locale.ROOT, "%s,%s,%s,%s,%s%n", x[i][0], x[i][1],
                    x[i][2], x[i][3], words[y[i]]));
        }
        return Files.writeString(dir.resolve("words" + extraHeader.length() + ".csv"), csv.toString());
    }

    @Test
    void stringLabelsNeedTheModelsClassOrder() throws Exception {
        Path words = wordsCsv("", i -> "");
        AuditCommandIT.Run none = AuditCommandIT.mia4j(audit("words-none", "--data-dir", words.toString())
                .toArray(String[]::new));
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("--classes").contains("are names (one, two, zero)").doesNotContain("\tat ");
        assertThat(dir.resolve("runs/words-none")).doesNotExist();
        // alphabetical order (one, two, zero) is not the model's: its accuracy on its members falls to chance
        AuditCommandIT.Run alpha = AuditCommandIT.mia4j(audit("words-alpha", "--data-dir", words.toString(),
                "--classes", "one,two,zero").toArray(String[]::new));
        assertThat(alpha.code()).isEqualTo(2);
        assertThat(alpha.err()).contains("not clearly above the majority class", "--classes", "--allow-unfit");
        AuditCommandIT.Run right = AuditCommandIT.mia4j(audit("words-right", "--data-dir", words.toString(),
                "--classes", "zero,one,two", "--attacks", "correctness").toArray(String[]::new));
        assertThat(right.code()).as(right.err()).isZero();
        AuditCommandIT.Run ints = AuditCommandIT.mia4j(audit("words-ints", "--attacks", "correctness")
                .toArray(String[]::new));
        assertThat(ints.code()).as(ints.err()).isZero();
        JsonNode a = new ObjectMapper().readTree(dir.resolve("runs/words-right/results.json").toFile());
        JsonNode b = new ObjectMapper().readTree(dir.resolve("runs/words-ints/results.json").toFile());
        assertThat(a.get("models").get(0).get("train_accuracy").asDouble())
                .isEqualTo(b.get("models").get(0).get("train_accuracy").asDouble()).isGreaterThan(0.9);
        assertThat(a.get("attacks").get(0).get("auc").asDouble()).isEqualTo(b.get("attacks").get(0).get("auc")
                .asDouble());
        assertThat(a.get("notes").toString()).contains("zero -> 0, one -> 1, two -> 2");
        AuditCommandIT.Run unfit = AuditCommandIT.mia4j(audit("words-unfit", "--data-dir", words.toString(),
                "--classes", "one,two,zero", "--allow-unfit", "--attacks", "correctness").toArray(String[]::new));
        assertThat(unfit.code()).as(unfit.err()).isZero();
        JsonNode u = new ObjectMapper().readTree(dir.resolve("runs/words-unfit/results.json").toFile());
        assertThat(u.get("verdict").get(1).asText()).startsWith("Caution: The given model is unfit")
                .contains("meaningless");
    }

    @Test
    void aSoftmaxModelIsReadAsPosteriorsByDefaultExactlyAsWhenToldSo() throws Exception {
        Path posteriors = Path.of(AuditModelIT.class.getResource("/torchscript/tiny_posteriors.pt").toURI());
        String[] attacks = {"--attacks", "correctness,qmia", "--model", posteriors.toString()};
        AuditCommandIT.Run auto = AuditCommandIT.mia4j(audit("soft-auto", attacks).toArray(String[]::new));
        List<String> told = new ArrayList<>(audit("soft-told", attacks));
        told.addAll(List.of("--outputs", "posteriors"));
        AuditCommandIT.Run said = AuditCommandIT.mia4j(told.toArray(String[]::new));
        assertThat(auto.code()).as(auto.err()).isZero();
        assertThat(said.code()).as(said.err()).isZero();
        assertThat(Files.readString(dir.resolve("runs/soft-auto/scores/original.csv")))
                .isEqualTo(Files.readString(dir.resolve("runs/soft-told/scores/original.csv")));
        JsonNode a = new ObjectMapper().readTree(dir.resolve("runs/soft-auto/results.json").toFile());
        JsonNode b = new ObjectMapper().readTree(dir.resolve("runs/soft-told/results.json").toFile());
        assertThat(a.get("attacks")).isEqualTo(b.get("attacks"));
        assertThat(a.get("notes").toString()).contains("outputs posteriors (detected");
        List<String> wrong = new ArrayList<>(audit("soft-logits", attacks));
        wrong.addAll(List.of("--outputs", "logits"));
        AuditCommandIT.Run w = AuditCommandIT.mia4j(wrong.toArray(String[]::new));
        assertThat(w.code()).isEqualTo(2);
        assertThat(w.err()).contains("use --outputs posteriors");
    }

    @Test
    void anIdentifierColumnIsRefusedUnlessLeftOut() throws Exception {
        Path ids = wordsCsv("patient_id,", i -> String.format(Locale.ROOT, "p%04d,", i));
        AuditCommandIT.Run r = AuditCommandIT.mia4j(audit("ids", "--data-dir", ids.toString(), "--classes",
                "zero,one,two").toArray(String[]::new));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("column 'patient_id'", "400 distinct values", "--ignore-columns patient_id");
        AuditCommandIT.Run ok = AuditCommandIT.mia4j(audit("ids-ignored", "--data-dir", ids.toString(), "--classes",
                "zero,one,two", "--ignore-columns", "patient_id", "--attacks", "correctness").toArray(String[]::new));
        assertThat(ok.code()).as(ok.err()).isZero();
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
        // 200 records are left besides the target's 200 members: the shadow draws all of them, and says so
        assertThat(res.get("verdict").get(0).asText()).contains("1 shadow model trained with --arch column-fc on "
                + "standardised and one-hot columns (statistics of the target's members), not pruned, on 90 members "
                + "each (fewer than the target's 200: no more records were left); 3 reference models likewise, on 175 "
                + "of the audited records each.");
        // shadows trained 2 epochs on 90 records are not the target (train 1.000 on its members)
        assertThat(res.get("verdict").get(1).asText()).startsWith("Caution: the adversary's models do not resemble "
                + "the target").contains("leakage is likely underestimated");
        assertThat(res.get("notes").toString()).contains("the adversary's models do not resemble the target");
    }

    @Test
    void shadowsTrainOnAsManyRecordsAsTheGivenModelDid() throws Exception {
        Path forty = Files.writeString(dir.resolve("forty.txt"), String.join("\n",
                java.util.stream.IntStream.range(0, 40).mapToObj(Integer::toString).toList()));
        AuditCommandIT.Run r = AuditCommandIT.mia4j(audit("sized", "--members-index", forty.toString(), "--arch",
                "column-fc", "--hidden", "8", "--shadows", "2", "--epochs", "1", "--attacks", "conf")
                .toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        for (String shadow : List.of("shadow-0", "shadow-1")) {
            JsonNode split = new ObjectMapper().readTree(dir.resolve("runs/sized/splits/" + shadow + ".json")
                    .toFile());
            assertThat(split.get("members").size()).as(shadow).isEqualTo(40);
        }
        JsonNode res = new ObjectMapper().readTree(dir.resolve("runs/sized/results.json").toFile());
        assertThat(res.get("verdict").get(0).asText()).contains("on 40 members each (the target: 40)");
        AuditCommandIT.Run raw = AuditCommandIT.mia4j(audit("sized-raw", "--members-index", forty.toString(), "--arch",
                "column-fc", "--hidden", "8", "--shadows", "1", "--epochs", "1", "--attacks", "conf", "--preprocess",
                "raw").toArray(String[]::new));
        assertThat(raw.code()).as(raw.err()).isZero();
        assertThat(new ObjectMapper().readTree(dir.resolve("runs/sized-raw/results.json").toFile()).get("verdict")
                .get(0).asText()).contains("column-fc on the columns as written, not pruned");
        AuditCommandIT.Run frac = AuditCommandIT.mia4j(audit("sized-frac", "--members-index", forty.toString(),
                "--arch", "column-fc", "--hidden", "8", "--shadows", "1", "--epochs", "1", "--attacks", "conf",
                "--shadow-fraction", "0.5").toArray(String[]::new));
        assertThat(frac.code()).as(frac.err()).isZero();
        // half of the 360 other records: 180, of which 55% train and 18.18% of those are dev
        assertThat(new ObjectMapper().readTree(dir.resolve("runs/sized-frac/splits/shadow-0.json").toFile())
                .get("members").size()).isEqualTo(99 - 18);
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
        String[] expected = {"not a TorchScript model", "expected (200, 4)", "forward pass", "index 1 is listed twice",
            "index 400 outside the data set's records 0..399", "'auto', 'logits' or 'posteriors'", "listed twice"};
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
