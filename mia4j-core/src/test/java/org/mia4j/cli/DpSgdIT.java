package org.mia4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model trained with DP-SGD from initialisation, audited end to end: no attack may prove more than its epsilon. */
class DpSgdIT {
    @TempDir
    Path runs;

    @Test
    void noAttackProvesMoreThanTheAccountantAllows() throws Exception {
        AuditCommandIT.Run r = AuditCommandIT.mia4j("audit", "--runs-dir", runs.toString(), "--name", "dp",
                "--epochs", "10", "--finetune-epochs", "3", "--shadows", "1", "--references", "4", "--bootstrap", "20",
                "--attacks", "conf,xent,mentr,top1-conf-gt,nn,lira-fixed,rmia", "--attack-epochs", "3",
                "--defenses", "dp-sgd", "--dp-epsilon", "1", "--dp-epochs", "10", "--dp-finetune-epochs", "3",
                "--dp-batch", "256", "--dp-micro-batch", "100", "--no-progress");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode results = new ObjectMapper().readTree(runs.resolve("dp/results.json").toFile());
        Map<String, JsonNode> dp = new HashMap<>();
        Map<String, JsonNode> rows = new HashMap<>();
        results.get("models").forEach(m -> {
            if (m.has("dp") && m.get("role").asText().equals("target")) {
                dp.put(m.get("model").asText(), m.get("dp"));
                rows.put(m.get("model").asText(), m);
            }
        });
        assertThat(dp).containsOnlyKeys("dp-sgd", "l1-unstructured@0.7+dp-sgd");
        JsonNode whole = dp.get("l1-unstructured@0.7+dp-sgd");
        assertThat(whole.get("scope").asText()).isEqualTo("whole-training");
        assertThat(whole.get("phases")).hasSize(2); // training from theta0, then the private fine-tuning
        // sigma was chosen for every step of the chain (10 training epochs + 3 fine-tuning epochs of
        // ceil(members / 256) steps), all of which ran: the pruned twin spends the target, not a fraction of it
        int members = results.get("dataset").get("target_members").asInt();
        long perEpoch = (long) Math.ceil(members / 256.0);
        assertThat(whole.get("noise_steps").asLong()).isEqualTo(13 * perEpoch);
        assertThat(whole.get("steps").asLong()).isEqualTo(13 * perEpoch);
        assertThat(whole.get("target_epsilon").asDouble()).isEqualTo(1.0);
        assertThat(whole.get("epsilon").asDouble()).isBetween(0.97, 1.0);
        assertThat(whole.get("sampling_rate").asDouble()).isEqualTo(256.0 / members);
        JsonNode scratch = dp.get("dp-sgd");
        assertThat(scratch.get("steps").asLong()).isEqualTo(10 * perEpoch);
        assertThat(scratch.get("epsilon").asDouble()).isLessThan(whole.get("epsilon").asDouble());
        assertThat(rows.get("dp-sgd").get("epochs_run").asInt()).isEqualTo(10); // no early stopping
        for (JsonNode row : rows.values()) {
            assertThat(row.get("steps_run").asLong()).isEqualTo(row.get("steps_planned").asLong());
        }
        assertThat(rows.get("l1-unstructured@0.7+dp-sgd").get("steps_run").asLong()).isEqualTo(3 * perEpoch);
        for (JsonNode m : results.get("models")) {
            // the model's bound: one (attack, threshold) chosen over all attacks, named
            JsonNode b = m.get("epsilon_lower_bound");
            assertThat(b.get("attack").asText()).isNotEmpty();
            if (dp.containsKey(m.get("model").asText())) {
                assertThat(b.get("epsilon").asDouble()).as(m.get("model").asText())
                        .isLessThanOrEqualTo(dp.get(m.get("model").asText()).get("epsilon").asDouble());
            }
        }
        double originalBest = 0;
        for (JsonNode a : results.get("attacks")) {
            double lb = a.get("per_attack_epsilon_lower_bound").get("epsilon").asDouble();
            String model = a.get("model").asText();
            if (dp.containsKey(model)) {
                assertThat(lb).as(a.get("attack").asText() + " on " + model)
                        .isLessThanOrEqualTo(dp.get(model).get("epsilon").asDouble());
            } else if (model.equals("original")) {
                originalBest = Math.max(originalBest, lb);
            }
        }
        // the bound is not vacuous: on the non-private original the same attacks prove a clear epsilon
        assertThat(originalBest).isGreaterThan(1.0);
        String report = Files.readString(runs.resolve("dp/report.html"));
        assertThat(report).contains("Differential privacy", "accountant epsilon");
    }

    @Test
    void badPrivacySettingsFailBeforeAnyFolderOrTraining() {
        String[][] cases = {
            {"--dp-noise", "0", "--dp-noise must be > 0"},
            {"--dp-clip", "-1", "--dp-clip must be > 0"},
            {"--dp-delta", "1.5", "--dp-delta must be in (0,1)"},
            {"--pruners", "taylor", "cannot cover pruner taylor"},
            {"--dp-epsilon", "0.00001", "cannot be met"},
        };
        for (String[] c : cases) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("audit", "--runs-dir",
                    runs.toString(), "--name", "bad", "--defenses", "dp-sgd", "--no-progress"));
            args.addAll(java.util.Arrays.asList(c).subList(0, c.length - 1));
            AuditCommandIT.Run r = AuditCommandIT.mia4j(args.toArray(String[]::new));
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).contains(c[c.length - 1]);
            assertThat(r.err().strip().lines()).hasSize(1);
            assertThat(runs.resolve("bad")).doesNotExist();
        }
    }

    @Test
    void batchNormIsRefusedBeforeTraining() {
        Path mnist = org.mia4j.data.SharedData.dir().resolve("mnist");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(mnist), "shared MNIST not present");
        AuditCommandIT.Run r = AuditCommandIT.mia4j("audit", "--runs-dir", runs.toString(), "--name", "bn",
                "--dataset", "mnist", "--data-dir", mnist.toString(), "--arch", "small-cnn-bn", "--defenses", "dp-sgd",
                "--no-progress");
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("BatchNorm", "--arch small-cnn");
        assertThat(runs.resolve("bn")).doesNotExist();
    }
}
