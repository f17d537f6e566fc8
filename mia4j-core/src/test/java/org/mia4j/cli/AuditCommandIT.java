package org.mia4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** End-to-end runs of the CLI on tiny configs (real data, real training), in process. */
class AuditCommandIT {
    static final String[] TINY = {"--epochs", "3", "--finetune-epochs", "2", "--shadows", "1", "--bootstrap", "20",
        "--references", "4", "--population", "200", "--attack-epochs", "2", "--samia-epochs", "1",
        "--samia-max-records", "300", "--samia-layers", "1", "--label-queries", "4", "--boundary-queries", "50",
        "--no-progress"};
    @TempDir
    static Path runs;
    static JsonNode results;

    record Run(int code, String err) {}

    static Run mia4j(String... args) {
        CommandLine cl = Mia4jCommand.newCommandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, err.toString());
    }

    static String[] audit(String name, String... extra) {
        List<String> a = new ArrayList<>(List.of("audit", "--runs-dir", runs.toString(), "--name", name));
        a.addAll(Arrays.asList(TINY));
        a.addAll(Arrays.asList(extra));
        return a.toArray(String[]::new);
    }

    @BeforeAll
    static void runOnce() throws Exception {
        Run r = mia4j(audit("base"));
        assertThat(r.code()).as(r.err()).isZero();
        results = new ObjectMapper().readTree(runs.resolve("base/results.json").toFile());
    }

    @Test
    void resultsHoldBothModelsWithTheRequiredKeys() {
        List<String> models = new ArrayList<>();
        results.get("models").forEach(m -> {
            models.add(m.get("model").asText());
            for (String k : List.of("train_accuracy", "test_accuracy", "sparsity")) {
                assertThat(m.get(k).isNumber()).as(k).isTrue();
            }
        });
        assertThat(models).containsExactly("original", "l1-unstructured@0.7");
        assertThat(results.get("models").get(1).get("sparsity").asDouble()).isBetween(0.69, 0.71);
        List<String> attacked = new ArrayList<>();
        results.get("attacks").forEach(a -> {
            attacked.add(a.get("model").asText() + "/" + a.get("attack").asText());
            for (String k : List.of("auc", "balanced_accuracy", "tpr_at_1pct_fpr", "tpr_at_0_1pct_fpr",
                    "max_advantage_oracle")) {
                assertThat(a.get(k).asDouble()).as(k).isBetween(0.0, 1.0);
            }
            assertThat(a.get("ci95").get("auc").get("low").asDouble()).isLessThanOrEqualTo(a.get("auc").asDouble());
        });
        assertThat(attacked).contains("original/conf", "l1-unstructured@0.7/mentr", "original/correctness",
                "original/samia", "l1-unstructured@0.7/samia", "original/lira-online", "original/rmia",
                "l1-unstructured@0.7/lira-fixed", "original/label-only", "original/nn-cls");
        assertThat(results.get("skipped_attacks")).isEmpty();
        assertThat(results.get("slices").size()).isGreaterThan(100);
        assertThat(results.get("most_exposed").get(0).get("rank").asInt()).isEqualTo(1);
        results.get("most_exposed").forEach(e -> assertThat(e.get("tied_members").asInt()).isPositive());
        JsonNode prov = results.get("provenance");
        assertThat(prov.get("seed").asLong()).isEqualTo(42);
        assertThat(prov.get("versions").get("djl").asText()).isEqualTo("0.35.0");
        assertThat(prov.get("data_checksums").get("bangkok.csv.gz").asText()).startsWith("233b6bfa");
        assertThat(prov.get("config").get("shadows").asInt()).isEqualTo(1);
    }

    @Test
    void runFolderHoldsReportConfigSplitsCheckpointsAndScores() throws Exception {
        Path dir = runs.resolve("base");
        for (String f : List.of("config.json", "splits/target.json", "splits/shadow-0.json",
                "models/target/original/weights.params", "models/target/original/theta0.params",
                "models/target/l1-unstructured@0.7/mask.params", "models/shadow-0/original/model.json",
                "scores/original.csv", "scores/l1-unstructured_0.7.csv")) {
            assertThat(dir.resolve(f)).as(f).isRegularFile();
        }
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("<svg", "l1-unstructured@0.7", "Verdict", "1e-3").doesNotContain("<script",
                "src=\"http", "href=\"http", "@import");
        List<String> csv = Files.readAllLines(dir.resolve("scores/original.csv"));
        assertThat(csv.get(0)).startsWith("record,label,class,member,conf,");
        assertThat(csv).hasSize(1 + results.get("dataset").get("target_members").asInt()
                + results.get("dataset").get("target_non_members").asInt());
        // the scores are written exactly: the AUC recomputed from the file is the reported one, to the last bit
        double[] conf = csv.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[4])).toArray();
        boolean[] member = new boolean[conf.length];
        for (int i = 0; i < conf.length; i++) {
            member[i] = csv.get(i + 1).split(",")[3].equals("1");
        }
        results.get("attacks").forEach(a -> {
            if (a.get("model").asText().equals("original") && a.get("attack").asText().equals("conf")) {
                assertThat(org.mia4j.metric.RocCurve.of(conf, member).auc()).isEqualTo(a.get("auc").asDouble());
            }
        });
        JsonNode bound = results.get("models").get(0).get("epsilon_lower_bound");
        assertThat(bound.get("attack").asText()).isNotEmpty();
        assertThat(bound.get("confidence").asDouble()).isEqualTo(0.95);
        assertThat(runs.resolve(".base.partial")).doesNotExist();
        assertThat(Files.getPosixFilePermissions(dir.resolve("results.json"))).contains(
                java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
        assertThat(results.get("notes").toString()).contains("lira-online ran with 4 reference models",
                "max_advantage_oracle is max |TPR - FPR|");
    }

    @Test
    void anInterruptedRunResumesFromItsCheckpointsWithTheSameNumbers() throws Exception {
        Path partial = runs.resolve(".resumed.partial");
        Files.createDirectories(partial);
        Files.copy(runs.resolve("base/config.json"), partial.resolve("config.json"));
        Path models = runs.resolve("base/models");
        try (Stream<Path> s = Files.walk(models)) {
            for (Path p : s.toList()) {
                Path to = partial.resolve("models").resolve(models.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        // an interrupted model: weights written but no model.json -> must be retrained
        Files.delete(partial.resolve("models/shadow-0/l1-unstructured@0.7/model.json"));
        Path kept = partial.resolve("models/target/original/weights.params");
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(kept, old);

        Run r = mia4j(audit("resumed"));
        assertThat(r.code()).as(r.err()).isZero();
        Path done = runs.resolve("resumed");
        assertThat(Files.getLastModifiedTime(done.resolve("models/target/original/weights.params"))).isEqualTo(old);
        assertThat(done.resolve("models/shadow-0/l1-unstructured@0.7/model.json")).isRegularFile();
        JsonNode again = new ObjectMapper().readTree(done.resolve("results.json").toFile());
        assertThat(again.get("attacks")).isEqualTo(results.get("attacks"));
    }

    @Test
    void resumingWithAnotherConfigIsRefused() throws Exception {
        Path partial = Files.createDirectories(runs.resolve(".other.partial"));
        Files.copy(runs.resolve("base/config.json"), partial.resolve("config.json"));
        Run r = mia4j(audit("other", "--seed", "7"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("different config");
        assertThat(runs.resolve("other")).doesNotExist();
    }

    @Test
    void badInputsExitWithTwoAndOneClearMessageAndWriteNothing() throws Exception {
        Path bad = Files.createDirectories(runs.resolve("inputs"));
        Files.writeString(bad.resolve("bad.csv"), "x,y\n1,0\n2,1\n3,abc,7\n");
        Path loc = Files.createDirectories(bad.resolve("loc"));
        Files.write(loc.resolve("bangkok.csv.gz"), new byte[] {31, -117, 8, 0, 0});
        StringBuilder tiny = new StringBuilder("x,y\n");
        StringBuilder lots = new StringBuilder("x,y\n");
        for (int i = 0; i < 1200; i++) {
            if (i < 45) {
                tiny.append(i).append(',').append(i % 2).append('\n');
            }
            lots.append(i).append(',').append("c").append(i).append('\n');
        }
        Path small = Files.writeString(bad.resolve("small.csv"), tiny.toString());
        Path many = Files.writeString(bad.resolve("many.csv"), lots.toString());
        Path bom = Files.writeString(bad.resolve("bom.csv"), "\uFEFF" + tiny); // the header's y is found
        String[][] cases = {
            {"--dataset", "purchase100"}, {"--attacks", "conf,nope"}, {"--sparsity", "1.0"}, {"--sparsity", "-0.2"},
            {"--dataset", "csv", "--data-dir", bad.resolve("bad.csv").toString(), "--label-column", "y"},
            {"--dataset", "mnist", "--data-dir", bad.toString()},
            {"--dataset", "location", "--data-dir", loc.toString()},
            {"--arch", "vgg99"}, {"--epochs", "zero"}, {"--attacks", "lira-online", "--references", "2"},
            {"--samia-heads", "5"}, {"--pruners", "slimming"}, {"--pruners", "l1-unstructured,magic"},
            {"--treatments", "cwrf", "--ratios", "1.5"}, {"--treatments", "rewind-all"}, {"--defenses", "dropout"},
            {"--defenses", "relaxloss", "--relax-alpha", "-1"}, {"--defenses", "ppb,ppb"},
            {"--sparsities", "0.5,0.5"}, {"--pruners", "l1-unstructured,l1-unstructured"}, {"--max-records", "5"},
            {"--dataset", "csv", "--data-dir", small.toString(), "--label-column", "y"},
            {"--dataset", "csv", "--data-dir", many.toString(), "--label-column", "y"},
            {"--runs-dir", bad.resolve("bad.csv").toString()}, {"--name", "n".repeat(300)},
            {"--dataset", "csv", "--data-dir", bom.toString(), "--label-column", "y"}, {"--hidden", "0"},
            {"--master", "local[2]"}, {"--engine", "spark"}, {"--max-records", "50"},
        };
        String[] expected = {"--dataset 'purchase100' is unknown", "unknown attack 'nope'", "[0, 1)", "[0, 1)",
            "line 4", "train-images-idx3-ubyte.gz", "checksum mismatch", "unknown architecture 'vgg99'", "zero", "needs at least 4 reference models",
            "head count dividing 64", "slimming needs BatchNorm", "unknown pruner 'magic'", "(0, 1)",
            "unknown critical-weight treatment 'rewind-all'", "unknown defense 'dropout'", "--relax-alpha",
            "lists a defense twice", "--sparsities lists a sparsity twice", "--pruners lists a pruner twice",
            "needs at least 40", "too few for the", "--max-classes is 1000, but the labels of many hold 1200 classes",
            "is a file", "use at most 120", "bom has 45 records: too few", "--hidden sizes must be >= 1",
            "applies to --engine spark only", "'spark' is not on the class path",
            "too few for the reference-0 model (11 members, 2 dev, 9 non-members; each model needs at least 10 "
                + "members, 10 non-members and a dev record). Use more records (--max-records): each reference model "
                + "trains on a random half of the target's audited records"};
        for (int i = 0; i < cases.length; i++) {
            long t0 = System.nanoTime();
            Run r = mia4j(audit("bad" + i, cases[i]));
            assertThat((System.nanoTime() - t0) / 1e9).as("refused before any training").isLessThan(5);
            assertThat(r.code()).as(Arrays.toString(cases[i]) + " -> " + r.err()).isEqualTo(2);
            assertThat(r.err()).contains(expected[i]).doesNotContain("\tat org.mia4j");
            assertThat(runs.resolve("bad" + i)).doesNotExist();
            assertThat(runs.resolve(".bad" + i + ".partial")).doesNotExist();
        }
    }

    @Test
    void withoutBootstrapTheVerdictSaysNothingAboutIntervals() throws Exception {
        Run r = mia4j(audit("no-boot", "--bootstrap", "0", "--attacks", "conf,correctness", "--references", "0"));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode res = new ObjectMapper().readTree(runs.resolve("no-boot/results.json").toFile());
        assertThat(res.get("verdict").toString()).contains("no intervals were computed").doesNotContain("overlap");
    }

    @Test
    void attacksWhoseRequirementsAreNotMetAreSkippedWithAReasonUnderAll() throws Exception {
        Run r = mia4j(audit("norefs", "--references", "0", "--attacks", "all"));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode res = new ObjectMapper().readTree(runs.resolve("norefs/results.json").toFile());
        assertThat(res.get("skipped_attacks").toString()).contains("lira-online needs at least 4", "rmia");
        res.get("attacks").forEach(a -> assertThat(a.get("attack").asText()).doesNotStartWith("lira"));
    }

    @Test
    void pruningExperimentSweepsPrunersAndSparsities() throws Exception {
        List<String> a = new ArrayList<>(List.of("experiment", "pruning", "--runs-dir", runs.toString(), "--name",
                "sweep"));
        a.addAll(Arrays.asList(TINY));
        a.addAll(List.of("--pruners", "l1-unstructured,l2-structured,iterative-l1-unstructured", "--sparsities",
                "0.5,0.8", "--prune-rounds", "2", "--attacks", "conf,rmia", "--references", "2"));
        Run r = mia4j(a.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode res = new ObjectMapper().readTree(runs.resolve("sweep/results.json").toFile());
        List<String> models = new ArrayList<>();
        res.get("models").forEach(m -> models.add(m.get("model").asText()));
        assertThat(models).containsExactly("original", "l1-unstructured@0.5", "l1-unstructured@0.8",
                "l2-structured@0.5", "l2-structured@0.8", "iterative-l1-unstructuredx2@0.5",
                "iterative-l1-unstructuredx2@0.8");
        assertThat(res.get("models").get(4).get("flop_reduction").asDouble()).isGreaterThan(0.8);
        assertThat(res.get("attacks")).hasSize(7 * 2);
        assertThat(res.get("divergence").toString()).contains("\"class\":\"all\"", "wasserstein");
        String html = Files.readString(runs.resolve("sweep/report.html"));
        assertThat(html).contains("Pruning: leakage and accuracy against sparsity", "Prediction divergence");
        // the sweep reused nothing it did not have, and every variant is checkpointed for resumption
        assertThat(runs.resolve("sweep/models/target/l2-structured@0.8/mask.params")).isRegularFile();
    }

    @Test
    void criticalWeightsExperimentAnalysesScoresAndAttacksEveryTreatment() throws Exception {
        List<String> a = new ArrayList<>(List.of("experiment", "critical-weights", "--runs-dir", runs.toString(),
                "--name", "cw"));
        a.addAll(Arrays.asList(TINY));
        a.addAll(List.of("--ratios", "0.01", "--treatments", "cwrf,a1-zero,finetune", "--pve-steps", "5",
                "--attacks", "conf,lira-fixed", "--references", "3"));
        Run r = mia4j(a.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode res = new ObjectMapper().readTree(runs.resolve("cw/results.json").toFile());
        List<String> models = new ArrayList<>();
        res.get("models").forEach(m -> models.add(m.get("model").asText()));
        assertThat(models).containsExactly("original", "taylor@0.9", "cwrf@0.01", "a1-zero@0.01", "finetune");
        JsonNode cw = res.get("critical_weights");
        assertThat(cw.get("weights").asInt()).isEqualTo(446 * 256 + 256 + 256 * 128 + 128 + 128 * 30 + 30);
        assertThat(cw.get("learnability_vs_pve").get(0).get("component").asText()).isEqualTo("all");
        assertThat(cw.get("pve_concentration").get("0.01").asDouble()).isBetween(0.01, 1.0);
        // treatments are applied to the target only: the adversary's shadows stay original
        assertThat(runs.resolve("cw/models/target/cwrf@0.01/mask.params")).isRegularFile();
        assertThat(runs.resolve("cw/models/shadow-0/cwrf@0.01")).doesNotExist();
        assertThat(res.get("attacks")).hasSize(5 * 2);
    }

    @Test
    void defensesAddDefendedTwinsThatTheNonAdaptiveAdversaryDoesNotKnow() throws Exception {
        Run r = mia4j(audit("defended", "--defenses", "ppb,relaxloss", "--attacks", "conf,lira-fixed",
                "--references", "3"));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode res = new ObjectMapper().readTree(runs.resolve("defended/results.json").toFile());
        List<String> models = new ArrayList<>();
        res.get("models").forEach(m -> models.add(m.get("model").asText()));
        assertThat(models).containsExactly("original", "l1-unstructured@0.7", "l1-unstructured@0.7+ppb",
                "relaxloss", "l1-unstructured@0.7+relaxloss");
        assertThat(res.get("attacks")).hasSize(5 * 2);
        // the adversary prunes its models but does not know the defense
        assertThat(runs.resolve("defended/models/shadow-0/l1-unstructured@0.7/mask.params")).isRegularFile();
        assertThat(runs.resolve("defended/models/shadow-0/l1-unstructured@0.7+ppb")).doesNotExist();
        assertThat(runs.resolve("defended/models/target/relaxloss/model.json")).isRegularFile();
        assertThat(res.get("provenance").get("config").get("defense_settings").get("ppb-lambda").asDouble())
                .isEqualTo(4.0);
        // the pruned model keeps its sparsity through the defended fine-tuning
        String html = Files.readString(runs.resolve("defended/report.html"));
        assertThat(html).contains("Accuracy against leakage", ">5 l1-unstructured@0.7+relaxloss<");
        assertThat(res.get("verdict").toString()).contains("l1-unstructured@0.7+ppb vs l1-unstructured@0.7:");
        JsonNode ppb = res.get("models").get(2);
        assertThat(ppb.get("sparsity").asDouble()).isCloseTo(0.7, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void theAdaptiveAdversaryTreatsItsOwnModelsWithScoresOfTheirOwn() throws Exception {
        List<String> a = new ArrayList<>(List.of("experiment", "critical-weights", "--runs-dir", runs.toString(),
                "--name", "cw-adaptive"));
        a.addAll(Arrays.asList(TINY));
        a.addAll(List.of("--ratios", "0.01", "--treatments", "cwrf", "--pve-steps", "3", "--attacks",
                "conf,lira-fixed", "--references", "3", "--adaptive-defense", "--defenses", "label-smoothing"));
        Run r = mia4j(a.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode res = new ObjectMapper().readTree(runs.resolve("cw-adaptive/results.json").toFile());
        List<String> models = new ArrayList<>();
        res.get("models").forEach(m -> models.add(m.get("model").asText()));
        assertThat(models).containsExactly("original", "taylor@0.9", "cwrf@0.01", "label-smoothing",
                "taylor@0.9+label-smoothing", "cwrf@0.01+label-smoothing");
        assertThat(runs.resolve("cw-adaptive/models/shadow-0/cwrf@0.01/mask.params")).isRegularFile();
        assertThat(runs.resolve("cw-adaptive/models/reference-2/cwrf@0.01+label-smoothing/mask.params"))
                .isRegularFile();
        assertThat(runs.resolve("cw-adaptive/models/shadow-0/label-smoothing/model.json")).isRegularFile();
    }

    @Test
    void aNewRunReusesCachedModelsInsteadOfRetraining() throws Exception {
        Path cache = runs.resolve(".cache");
        FileTime old = FileTime.fromMillis(1_100_000_000_000L);
        try (Stream<Path> s = Files.walk(cache)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(p, old);
            }
        }
        Run r = mia4j(audit("cached"));
        assertThat(r.code()).as(r.err()).isZero();
        for (String m : List.of("target/original", "shadow-0/original", "target/l1-unstructured@0.7",
                "reference-0/l1-unstructured@0.7")) {
            assertThat(Files.getLastModifiedTime(runs.resolve("cached/models/" + m + "/weights.params")))
                    .as(m + " came from the cache").isEqualTo(old);
        }
        JsonNode again = new ObjectMapper().readTree(runs.resolve("cached/results.json").toFile());
        assertThat(again.get("attacks")).isEqualTo(results.get("attacks"));
    }

    @Test
    void aCorruptedCachedModelIsNeverUsedButTrainedAgain() throws Exception {
        Path entry = cacheEntry("target", "original");
        Path weights = entry.resolve("weights.params");
        byte[] garbage = new byte[(int) Files.size(weights)];
        new java.util.Random(1).nextBytes(garbage);
        Files.write(weights, garbage);
        Run r = mia4j(audit("after-corruption"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllBytes(runs.resolve("after-corruption/models/target/original/weights.params")))
                .isNotEqualTo(garbage);
        assertThat(Files.readAllBytes(cacheEntry("target", "original").resolve("weights.params")))
                .isNotEqualTo(garbage);
        JsonNode again = new ObjectMapper().readTree(runs.resolve("after-corruption/results.json").toFile());
        assertThat(again.get("attacks")).isEqualTo(results.get("attacks"));
    }

    @Test
    void aChangedRecipeMissesTheCacheAndNoCacheLeavesItAlone() throws Exception {
        int before = cacheEntries().size();
        Run r = mia4j(audit("other-lr", "--lr", "0.002", "--attacks", "conf", "--references", "0"));
        assertThat(r.code()).as(r.err()).isZero();
        // target, shadow: original and pruned each, all new
        assertThat(cacheEntries().size()).isEqualTo(before + 4);
        r = mia4j(audit("no-cache", "--lr", "0.003", "--attacks", "conf", "--references", "0", "--no-cache"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(cacheEntries().size()).isEqualTo(before + 4);
        r = mia4j("cache", "list", "--runs-dir", runs.toString());
        assertThat(r.code()).isZero();
    }

    static List<Path> cacheEntries() throws Exception {
        try (Stream<Path> s = Files.list(runs.resolve(".cache"))) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
    }

    /** The cache entry of the base run's model ROLE/VARIANT. */
    static Path cacheEntry(String role, String variant) throws Exception {
        for (Path e : cacheEntries()) {
            JsonNode m = new ObjectMapper().readTree(e.resolve("model.json").toFile());
            if (m.get("role").asText().equals(role) && m.get("variant").asText().equals(variant)
                    && m.get("provenance").get("config").get("training").get("learning_rate").asDouble() == 0.001) {
                return e;
            }
        }
        throw new AssertionError("no cache entry for " + role + "/" + variant);
    }

    @Test
    void runsAreListedAndComparedWithPairedDifferencesOnSharedRecords() throws Exception {
        Run r = mia4j(audit("seed7", "--seed", "7", "--attacks", "conf,mentr", "--references", "0"));
        assertThat(r.code()).as(r.err()).isZero();
        r = mia4j("compare", "base", "seed7", "--runs-dir", runs.toString(), "--bootstrap", "50");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode c = new ObjectMapper().readTree(runs.resolve("compare-base-seed7/compare.json").toFile());
        assertThat(c.get("runs").toString()).isEqualTo("[\"base\",\"seed7\"]");
        List<String> shared = new ArrayList<>();
        c.get("rows").forEach(x -> shared.add(x.get("model").asText() + "/" + x.get("attack").asText()));
        assertThat(shared).containsExactly("original/conf", "original/mentr", "l1-unstructured@0.7/conf",
                "l1-unstructured@0.7/mentr");
        // another seed splits the pool differently: not the same records, so no paired difference
        assertThat(c.get("rows").get(0).get("auc_difference_ci95").get(1).isNull()).isTrue();
        assertThat(Files.readString(runs.resolve("compare-base-seed7/compare.html"))).contains("Runs compared");

        r = mia4j(audit("twin"));
        assertThat(r.code()).as(r.err()).isZero();
        r = mia4j("compare", "base", "twin", "--runs-dir", runs.toString(), "--bootstrap", "50", "--out",
                runs.resolve("cmp-same").toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode same = new ObjectMapper().readTree(runs.resolve("cmp-same/compare.json").toFile());
        JsonNode d = same.get("rows").get(0).get("auc_difference_ci95").get(1);
        assertThat(d.get("low").asDouble()).isZero(); // identical scores on identical records
        assertThat(d.get("high").asDouble()).isZero();

        Path lone = Files.createDirectories(runs.resolve("lone"));
        Files.writeString(lone.resolve("results.json"), "{\"attacks\":[{\"model\":\"m\",\"attack\":\"z\"}],"
                + "\"models\":[],\"dataset\":" + results.get("dataset") + "}"); // same data, nothing shared
        r = mia4j("compare", "base", lone.toString(), "--runs-dir", runs.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("share no model and attack");
        r = mia4j("runs", "--runs-dir", runs.toString());
        assertThat(r.code()).isZero();
    }

    @Test
    void anExistingRunIsNeverOverwritten() throws Exception {
        byte[] before = Files.readAllBytes(runs.resolve("base/results.json"));
        Run r = mia4j(audit("base"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("already exists");
        assertThat(Files.readAllBytes(runs.resolve("base/results.json"))).isEqualTo(before);
    }

    @Test
    void helpListsEachOptionOnceWithItsDefault() {
        CommandLine cl = Mia4jCommand.newCommandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute("audit", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: mia4j audit [OPTIONS]", "--model=", "(default: 42)");
        assertThat(out.toString().indexOf("--seed=")).isEqualTo(out.toString().lastIndexOf("--seed="));
    }

    @Test
    void datasetsCommandListsWhatIsKnown() {
        Run r = mia4j("datasets", "--no-verify");
        assertThat(r.code()).isZero();
    }
}
