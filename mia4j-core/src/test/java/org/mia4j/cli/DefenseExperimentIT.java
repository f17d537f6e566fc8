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

/** {@code experiment defense} end to end on a tiny config: two audits, one table, resumable. */
class DefenseExperimentIT {
    @TempDir
    Path runs;

    private AuditCommandIT.Run sweep() {
        return AuditCommandIT.mia4j("experiment", "defense", "--runs-dir", runs.toString(), "--name", "d",
                "--epochs", "3", "--finetune-epochs", "2", "--shadows", "1", "--references", "4", "--bootstrap", "0",
                "--attacks", "conf,xent,lira-fixed", "--defenses", "ppb@16,adv-reg@3,dp-sgd@eps=8", "--adv-steps", "2",
                "--dp-epochs", "3", "--dp-finetune-epochs", "2", "--no-progress");
    }

    @Test
    void bothAdversariesAuditEveryDefendedModel() throws Exception {
        AuditCommandIT.Run r = sweep();
        assertThat(r.code()).as(r.err()).isZero();
        Path d = runs.resolve("d");
        assertThat(d.resolve("standard/results.json")).exists();
        assertThat(d.resolve("adaptive/results.json")).exists();
        JsonNode table = new ObjectMapper().readTree(d.resolve("defenses.json").toFile());
        List<String> models = new ArrayList<>();
        table.get("rows").forEach(row -> {
            models.add(row.get("model").asText());
            assertThat(row.has("standard")).isTrue();
        });
        assertThat(models).containsExactly("original", "l1-unstructured@0.7", "l1-unstructured@0.7+ppb@16",
                "l1-unstructured@0.7+adv-reg@3", "dp-sgd@eps=8", "l1-unstructured@0.7+dp-sgd@eps=8");
        JsonNode dp = table.get("rows").get(5);
        assertThat(dp.get("accountant_epsilon").asDouble()).isBetween(0.0, 8.0);
        assertThat(dp.get("strength").asText()).isEqualTo("eps=8");
        // the adaptive adversary trains its shadows with the defense: its audit holds defended shadow models
        JsonNode adaptive = new ObjectMapper().readTree(d.resolve("adaptive/results.json").toFile());
        List<String> shadowVariants = new ArrayList<>();
        adaptive.get("shadow_models").forEach(m -> shadowVariants.add(m.get("model").asText()));
        assertThat(shadowVariants).contains("l1-unstructured@0.7+ppb@16");
        JsonNode standard = new ObjectMapper().readTree(d.resolve("standard/results.json").toFile());
        List<String> standardShadows = new ArrayList<>();
        standard.get("shadow_models").forEach(m -> standardShadows.add(m.get("model").asText()));
        assertThat(standardShadows).doesNotContain("l1-unstructured@0.7+ppb@16");
        assertThat(Files.readString(d.resolve("defenses.html"))).contains("privacy-utility, adaptive adversary");
        // a rerun reads both audits back instead of redoing them
        long before = Files.getLastModifiedTime(d.resolve("standard/results.json")).toMillis();
        AuditCommandIT.Run again = sweep();
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(Files.getLastModifiedTime(d.resolve("standard/results.json")).toMillis()).isEqualTo(before);
    }
}
