package org.mia4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mia4j.Mounts;
import org.mia4j.json.Json;
import picocli.CommandLine;

/**
 * The machine failing under a run: a full disk, a read-only cache, a cache that cannot be cleared; and compare on
 * different data. Tiny runs (one epoch, one attack); the mounts need root (CI runs as root), else they are skipped.
 */
class MachineFaultsIT {
    static final String[] SMALL = {"--max-records", "600", "--epochs", "1", "--finetune-epochs", "1", "--shadows",
        "1", "--references", "0", "--attacks", "conf", "--bootstrap", "0", "--no-progress"};
    @TempDir
    Path dir;

    record Run(int code, String out, String err, String log) {}

    /** Runs the CLI in process, with its own out and err and what the loggers print (System.err). */
    static Run mia4j(String... args) {
        CommandLine cl = Mia4jCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream systemErr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            int code = cl.execute(args);
            return new Run(code, out.toString(), err.toString(), log.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(systemErr);
        }
    }

    static String[] audit(Path runs, String name, String... extra) {
        List<String> a = new ArrayList<>(List.of("audit", "--runs-dir", runs.toString(), "--name", name));
        a.addAll(Arrays.asList(SMALL));
        a.addAll(Arrays.asList(extra));
        return a.toArray(String[]::new);
    }

    static List<Path> temps(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().contains(".tmp")).toList();
        }
    }

    @Test
    void aFullDiskExitsWith3NamingTheReasonAndThePathAndLeavesNoTemp() throws Exception {
        try (Mounts m = new Mounts()) {
            Path runs = m.tmpfs(dir.resolve("small-disk"), "3m");
            Run r = mia4j(audit(runs, "full"));
            assertThat(r.code()).as(r.err() + r.log()).isEqualTo(3);
            assertThat(r.err()).startsWith("error: no space left on device ").contains(runs.toString())
                    .doesNotContain("bug in mia4j");
            assertThat(r.err().lines().count()).isEqualTo(1);
            assertThat(temps(runs)).isEmpty();
        }
    }

    @Test
    void aReadOnlyCacheIsAWarningTheRunSucceedsAndCacheClearSaysWhatItCouldNotRemove() throws Exception {
        Path runs = dir.resolve("runs");
        Run first = mia4j(audit(runs, "first"));
        assertThat(first.code()).as(first.err()).isZero();
        List<String> cached;
        try (Stream<Path> s = Files.list(runs.resolve(".cache"))) {
            cached = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(cached).isNotEmpty();
        try (Mounts m = new Mounts()) {
            m.readOnly(runs.resolve(".cache"));
            Run r = mia4j(audit(runs, "second", "--seed", "7")); // other models: each store fails
            assertThat(r.code()).as(r.err() + r.log()).isZero();
            assertThat(r.log()).contains("cannot keep the model in the cache (read-only file system");
            assertThat(runs.resolve("second/results.json")).isRegularFile();

            Run clear = mia4j("cache", "clear", "--runs-dir", runs.toString());
            assertThat(clear.code()).isEqualTo(3);
            assertThat(clear.out()).contains("removed 0 models (0.0 MB); could not remove " + cached.size());
            assertThat(clear.err().lines()).hasSize(cached.size())
                    .allSatisfy(l -> assertThat(l).contains("cannot remove").containsIgnoringCase("read-only"));
        }
        try (Stream<Path> s = Files.list(runs.resolve(".cache"))) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).isEqualTo(cached);
        }
        Run clear = mia4j("cache", "clear", "--runs-dir", runs.toString());
        assertThat(clear.code()).as(clear.err()).isZero();
        assertThat(clear.out()).startsWith("removed " + cached.size() + " models");

        // compare: the same data compares; another data set is refused unless allowed, and named in the outputs
        Path other = runs.resolve("other");
        copy(runs.resolve("second"), other);
        ObjectNode results = (ObjectNode) Json.MAPPER.readTree(other.resolve("results.json").toFile());
        ((ObjectNode) results.get("dataset")).put("name", "three");
        ((ObjectNode) results.get("dataset")).putObject("checksums").put("three.csv", "ab12cd34ef");
        Json.write(other.resolve("results.json"), results);
        Run same = mia4j("compare", "first", "second", "--runs-dir", runs.toString(), "--bootstrap", "20");
        assertThat(same.code()).as(same.err()).isZero();
        Run refused = mia4j("compare", "first", "other", "--runs-dir", runs.toString(), "--bootstrap", "20");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("different data", "first location (bangkok.csv.gz",
                "other three (three.csv ab12cd34)", "--allow-different-data");
        assertThat(runs.resolve("compare-first-other")).doesNotExist();
        Run allowed = mia4j("compare", "first", "other", "--runs-dir", runs.toString(), "--bootstrap", "20",
                "--allow-different-data");
        assertThat(allowed.code()).as(allowed.err()).isZero();
        JsonNode c = Json.MAPPER.readTree(runs.resolve("compare-first-other/compare.json").toFile());
        assertThat(c.get("datasets").get(0).get("name").asText()).isEqualTo("location");
        assertThat(c.get("datasets").get(1).get("name").asText()).isEqualTo("three");
        c.get("rows").forEach(row -> assertThat(row.get("auc_difference_ci95").get(1).isNull()).isTrue());
        assertThat(Files.readString(runs.resolve("compare-first-other/compare.html"))).contains("three.csv");
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
