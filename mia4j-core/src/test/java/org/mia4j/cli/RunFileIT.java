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

/** {@code mia4j run FILE.yaml}: run files, the run.yaml every run writes, and bad run files. */
class RunFileIT {
    @TempDir
    Path dir;

    static final String TINY = """
            epochs: 3
            finetune-epochs: 2
            shadows: 1
            bootstrap: 20
            references: 3
            population: 200
            attack-epochs: 2
            attacks: conf,lira-fixed,rmia
            no-progress: true
            """;

    @Test
    void aRunFileRunsItsCommandAndEveryRunCanBeRepeatedFromItsRunYaml() throws Exception {
        Path f = Files.writeString(dir.resolve("sweep.yaml"), "command: experiment pruning\n" + TINY
                + "pruners: [l1-unstructured]\nsparsities: [0.5, 0.8]\nruns-dir: " + dir.resolve("runs") + "\n");
        AuditCommandIT.Run r = AuditCommandIT.mia4j("run", f.toString(), "--name", "first", "--seed", "5");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode first = new ObjectMapper().readTree(dir.resolve("runs/first/results.json").toFile());
        List<String> models = new ArrayList<>();
        first.get("models").forEach(m -> models.add(m.get("model").asText()));
        assertThat(models).containsExactly("original", "l1-unstructured@0.5", "l1-unstructured@0.8");
        assertThat(first.get("provenance").get("seed").asLong()).isEqualTo(5); // the command line wins
        String runYaml = Files.readString(dir.resolve("runs/first/run.yaml"));
        assertThat(runYaml).contains("command: experiment pruning", "seed: 5", "- 0.8");

        r = AuditCommandIT.mia4j("run", dir.resolve("runs/first/run.yaml").toString(), "--name", "again");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode again = new ObjectMapper().readTree(dir.resolve("runs/again/results.json").toFile());
        assertThat(again.get("attacks")).isEqualTo(first.get("attacks"));
        assertThat(again.get("provenance").get("config")).isEqualTo(first.get("provenance").get("config"));
    }

    @Test
    void badRunFilesNameTheFileTheLineAndTheKey() throws Exception {
        String[][] cases = {
            {"epochs: 3\nsparsities: [0.5\n", "not valid YAML"},
            {"epochs: 3\nepocs: 4\n", "line 2 key 'epocs': not an option of mia4j audit"},
            {"shadows: two\n", "line 1 key 'shadows': 'two', expected an integer"},
            {"quick: yes please\n", "line 1 key 'quick': 'yes please', expected true or false"},
            {"seed: 1\ndata-dir: /no/such/folder\n", "line 2 key 'data-dir': /no/such/folder does not exist"},
            {"command: train\n", "line 1: command 'train' is not a mia4j command"},
            {"- epochs\n", "line 1: expected a mapping"},
            {"epochs: 3\nepochs: 4\n", "line 2 key 'epochs': given twice"},
            {"command: experiment pruning\nshadow-members: x.npy\n", "not an option of mia4j experiment pruning"},
            {"epochs: 1\nseed: 99999999999999999999\n", "line 2 key 'seed': 99999999999999999999 is out of range"},
            {"epochs: 3000000000\n", "line 1 key 'epochs': 3000000000 is out of range, expected an integer from"},
        };
        for (int i = 0; i < cases.length; i++) {
            Path f = Files.writeString(dir.resolve("bad" + i + ".yaml"), cases[i][0]);
            AuditCommandIT.Run r = AuditCommandIT.mia4j("run", f.toString(), "--runs-dir",
                    dir.resolve("runs").toString());
            assertThat(r.code()).as(cases[i][0] + " -> " + r.err()).isEqualTo(2);
            assertThat(r.err()).contains("bad" + i + ".yaml").contains(cases[i][1]).doesNotContain("\tat ");
            assertThat(r.err().lines().count()).isEqualTo(1);
        }
        assertThat(dir.resolve("runs")).doesNotExist();
        AuditCommandIT.Run r = AuditCommandIT.mia4j("run", dir.resolve("missing.yaml").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("run file not found");
        // a bad option on the command line: one line and where to look, never the whole usage
        for (String[] bad : new String[][] {{"audit", "--epochs", "lots"}, {"audit", "--bogus"},
            {"compare", "a"}}) {
            r = AuditCommandIT.mia4j(bad);
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).contains("see `mia4j " + bad[0] + " --help`");
        }
    }
}
