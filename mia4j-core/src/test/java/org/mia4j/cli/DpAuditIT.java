package org.mia4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mia4j experiment dp-audit} end to end on Location, from a run file, and its refusals of bad input. */
class DpAuditIT {
    @TempDir
    Path dir;

    @Test
    void theOneRunBoundStaysWithinTheAccountantForDpSgdAndIsPositiveWithoutIt() throws Exception {
        Path runs = dir.resolve("runs");
        Path f = Files.writeString(dir.resolve("audit.yaml"), "command: experiment dp-audit\ndataset: location\n"
                + "dp-epsilon: 8\ndp-epochs: 50\ncanaries: 500\nseed: 3\nno-progress: true\nruns-dir: " + runs + "\n");
        AuditCommandIT.Run r = AuditCommandIT.mia4j("run", f.toString(), "--name", "audit");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode a = new ObjectMapper().readTree(runs.resolve("audit/dp-audit.json").toFile());
        assertThat(a.get("canaries").asInt()).isEqualTo(500);
        assertThat(a.get("confidence").asDouble()).isEqualTo(0.95);
        assertThat(a.get("delta").asDouble()).isEqualTo(1e-4); // 1/n, n = 1,127 members and ~250 canaries
        double accountant = a.get("accountant_epsilon").asDouble();
        // sigma was chosen for exactly the 50 epochs' steps, all of which ran: the target is met and nearly spent
        assertThat(accountant).isGreaterThan(7.5).isLessThanOrEqualTo(8.0);
        assertThat(a.get("private_model").get("epochs_run").asInt()).isEqualTo(50);
        assertThat(a.get("epsilon_one_run").asDouble()).isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(accountant);
        assertThat(a.get("correct").asInt()).isLessThanOrEqualTo(a.get("guesses").asInt());
        assertThat(a.get("training_records").asInt()).isEqualTo(1127 + a.get("canaries_in").asInt());
        JsonNode open = a.get("non_private");
        // measured at seed 3: the non-private model fits about 40% of its canaries' random labels and the guesses
        // prove epsilon >= ~2 (chance would be 1/29 of them, and 0)
        assertThat(open.get("canaries_in_fit").asDouble()).isGreaterThan(0.2);
        assertThat(open.get("epsilon_one_run").asDouble()).isGreaterThan(1.0);
        assertThat(open.get("epsilon_one_run").asDouble()).isGreaterThan(a.get("epsilon_one_run").asDouble());
        JsonNode p = a.get("provenance");
        assertThat(p.get("seed").asLong()).isEqualTo(3);
        assertThat(p.get("data_checksums").size()).isPositive();
        assertThat(p.get("config").get("canaries").asInt()).isEqualTo(500);
        assertThat(Files.readString(runs.resolve("audit/report.html"))).contains("<section id=\"dp-audit\">",
                "One-run privacy audit", "accountant");
        assertThat(Files.readString(runs.resolve("audit/run.yaml"))).contains("command: experiment dp-audit",
                "canaries: 500");
        java.io.ByteArrayOutputStream listed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(listed, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertThat(AuditCommandIT.mia4j("runs", "--runs-dir", runs.toString()).code()).isZero();
        } finally {
            System.setOut(stdout);
        }
        assertThat(listed.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("audit", "one-run audit: eps >= ",
                String.format(java.util.Locale.ROOT, "(accountant %.2f)", accountant));
    }

    @Test
    void badInputFailsInOneLineBeforeAnyFolder() {
        String[][] cases = {
            {"--canaries", "1", "--canaries must be >= 2"},
            {"--canaries", "100000", "--canaries is 100000, but location has 3632 records outside the training"},
            {"--dp-epsilon", "4", "--dp-noise", "1", "--dp-epsilon and --dp-noise are both given"},
            {"--dp-epsilon", "0.00001", "cannot be met"},
            {"--dp-noise", "0", "--dp-noise must be > 0"},
            {"--engine", "spark", "--engine does not apply here"},
            {"--dp-epochs", "0", "--dp-epochs must be >= 1"},
        };
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of("experiment", "dp-audit", "--dataset", "location",
                    "--runs-dir", dir.toString(), "--name", "bad", "--no-progress"));
            args.addAll(List.of(c).subList(0, c.length - 1));
            AuditCommandIT.Run r = AuditCommandIT.mia4j(args.toArray(String[]::new));
            assertThat(r.code()).as(String.join(" ", c) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).contains(c[c.length - 1]);
            assertThat(r.err().strip().lines()).hasSize(1);
            assertThat(dir.resolve("bad")).doesNotExist();
            assertThat(dir.resolve(".bad.partial")).doesNotExist();
        }
    }

    @Test
    void batchNormIsRefusedBeforeAnyFolder() {
        Path mnist = org.mia4j.data.SharedData.dir().resolve("mnist");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(mnist), "shared MNIST not present");
        AuditCommandIT.Run r = AuditCommandIT.mia4j("experiment", "dp-audit", "--runs-dir", dir.toString(), "--name",
                "bn", "--dataset", "mnist", "--data-dir", mnist.toString(), "--max-records", "2000", "--arch",
                "small-cnn-bn", "--canaries", "100", "--no-progress");
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("BatchNorm").doesNotContain("--defenses");
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(dir.resolve("bn")).doesNotExist();
    }
}
