package org.mia4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mia4j experiment release} end to end on a small Location subset, from a run file; and its refusals. */
class ReleaseExperimentIT {
    @TempDir
    Path dir;

    @Test
    void plansTheReleaseOfThreeVersionsFromOneAudit() throws Exception {
        Path runs = dir.resolve("runs");
        // post-training compressions only (no fine-tuning), few records, epochs and attacks: seconds, not minutes
        Path f = Files.writeString(dir.resolve("release.yaml"), "command: experiment release\ndataset: location\n"
                + "max-records: 800\nepochs: 8\nshadows: 2\nreferences: 2\nbootstrap: 30\nseed: 5\n"
                + "pruners: [quantize-int8, quantize-int4]\n"
                + "attacks: conf,nn,compleak-sr,compleak-mr,compleak-mr-compressed\n"
                + "max-set-size: 2\nrelease-sets: original+quantize-int8+quantize-int4\n"
                + "max-tpr-at-1pct-fpr: 0.3\nno-progress: true\nruns-dir: " + runs + "\n");
        AuditCommandIT.Run r = AuditCommandIT.mia4j("run", f.toString(), "--name", "rel");
        assertThat(r.code()).as(r.err()).isZero();
        Path run = runs.resolve("rel");
        JsonNode j = new ObjectMapper().readTree(run.resolve("release.json").toFile());
        assertThat(j.get("operating_point").asText()).isEqualTo("tpr_at_1pct_fpr");
        Map<String, JsonNode> versions = new HashMap<>();
        j.get("versions").forEach(v -> versions.put(v.get("name").asText(), v));
        assertThat(versions).containsOnlyKeys("original", "quantize-int8", "quantize-int4");
        assertThat(versions.get("original").get("accuracy_drop").asDouble()).isZero();
        assertThat(versions.get("quantize-int4").get("size_reduction").asDouble()).isGreaterThan(
                versions.get("quantize-int8").get("size_reduction").asDouble()).isLessThan(1);
        List<String> sets = new ArrayList<>();
        for (JsonNode s : j.get("release_sets")) {
            sets.add(s.get("name").asText());
            JsonNode risk = s.get("risk");
            for (String k : new String[] {"tpr_at_1pct_fpr", "upper", "attack", "epsilon_lower_bound"}) {
                assertThat(risk.has(k)).as(k).isTrue();
            }
            assertThat(risk.get("upper").asDouble()).isGreaterThanOrEqualTo(risk.get("tpr_at_1pct_fpr").asDouble());
            boolean withOriginal = false;
            for (JsonNode v : s.get("versions")) {
                JsonNode alone = versions.get(v.asText()).get("risk");
                // never less risky than a version it holds
                assertThat(risk.get("tpr_at_1pct_fpr").asDouble()).isGreaterThanOrEqualTo(
                        alone.get("tpr_at_1pct_fpr").asDouble());
                assertThat(risk.get("upper").asDouble()).isGreaterThanOrEqualTo(alone.get("upper").asDouble());
                withOriginal |= v.asText().equals("original");
            }
            // an adversary without the original reads no original
            if (!withOriginal) {
                risk.get("reading").forEach(x -> assertThat(x.asText()).isNotEqualTo("original"));
            }
            assertThat(s.get("meets_budget").asBoolean()).isEqualTo(risk.get("upper").asDouble() <= 0.3);
            if (!s.get("meets_budget").asBoolean()) {
                JsonNode o = s.get("over_budget");
                assertThat(s.get("versions").toString()).contains(o.get("version").asText());
                assertThat(o.get("excess").asDouble()).isCloseTo(risk.get("upper").asDouble() - 0.3,
                        org.assertj.core.data.Offset.offset(1e-9));
            }
            assertThat(s.get("most_exposed").size()).isLessThanOrEqualTo(10);
            if (s.get("versions").size() > 1 && !s.get("versions").toString().contains("original")) {
                // the set's own multi-version attack: on one compressed version, reading the other
                JsonNode mv = s.get("multi_version").get("strongest_multi_version");
                assertThat(mv.get("attack").asText()).isEqualTo("compleak-mr-compressed");
                assertThat(mv.get("reading").size()).isEqualTo(1);
                assertThat(risk.get("tpr_at_1pct_fpr").asDouble()).isGreaterThanOrEqualTo(
                        mv.get("tpr_at_1pct_fpr").asDouble());
            }
            if (!risk.get("version").asText().equals("original")) { // an attack other than the original's own
                assertThat(s.get("most_exposed").size()).isPositive();
                assertThat(s.get("per_class").size()).isPositive();
            }
        }
        assertThat(sets).containsExactly("original", "quantize-int8", "quantize-int4", "original+quantize-int8",
                "original+quantize-int4", "quantize-int8+quantize-int4", "original+quantize-int8+quantize-int4");
        // int8+int4 is the one set whose multi-version attack the audit did not run: fitted anew (on each version)
        assertThat(j.get("cost").get("extra_attack_fits").asInt()).isEqualTo(2);
        assertThat(j.get("cost").get("reused_attack_results").asInt()).isPositive();
        JsonNode rec = j.get("recommendation");
        assertThat(rec.get("pareto_front").size()).isPositive();
        if (rec.has("set")) {
            assertThat(rec.get("meeting_budget").toString()).contains(rec.get("set").asText());
        } else {
            assertThat(rec.get("reason").asText()).startsWith("No release set meets the budget");
        }
        assertThat(j.get("provenance").get("seed").asLong()).isEqualTo(5);
        String html = Files.readString(run.resolve("report.html"));
        assertThat(html).contains("<section id=\"release\">", "Release sets: risk against accuracy",
                "Membership inference audit");
        assertThat(Files.readString(run.resolve("run.yaml"))).contains("command: experiment release",
                "max-tpr-at-1pct-fpr: 0.3");
    }

    @Test
    void badInputFailsInOneLineBeforeAnyFolder() {
        String[][] cases = {
            {"--release-sets", "original+quantize-int9", "'quantize-int9' is not a version"},
            {"--max-tpr-at-1pct-fpr", "1.5", "between 0 and 1"},
            {"--max-tpr-at-1pct-fpr", "0.3", "--max-epsilon-lower-bound", "2", "both given"},
            {"--pruners", "ppb", "unknown pruner 'ppb'"},
            {"--attacks", "compleak-sr,compleak-mr", "--attacks are all multi-version attacks"},
        };
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of("experiment", "release", "--dataset", "location",
                    "--pruners", "quantize-int8", "--runs-dir", dir.toString(), "--name", "bad", "--no-progress"));
            args.addAll(List.of(c).subList(0, c.length - 1));
            AuditCommandIT.Run r = AuditCommandIT.mia4j(args.toArray(String[]::new));
            assertThat(r.code()).as(String.join(" ", c) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).contains(c[c.length - 1]);
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(Files.exists(dir.resolve("bad"))).isFalse();
        }
    }
}
