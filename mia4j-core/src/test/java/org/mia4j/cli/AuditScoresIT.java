package org.mia4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mia4j.data.NpyWriter;

/** {@code mia4j audit-scores} end to end on output files the test writes (synthetic posteriors that leak). */
class AuditScoresIT {
    static final int C = 4;
    @TempDir
    static Path dir;

    /** Posteriors where members are more confident in their label; record i has label i % C. */
    static float[] posteriors(int n, boolean member, Random rnd) {
        float[] p = new float[n * C];
        for (int i = 0; i < n; i++) {
            double conf = member ? 0.55 + 0.4 * rnd.nextDouble() : 0.25 + 0.6 * rnd.nextDouble();
            for (int k = 0; k < C; k++) {
                p[i * C + k] = (float) (k == i % C ? conf : (1 - conf) / (C - 1));
            }
        }
        return p;
    }

    static int[] labels(int n) {
        int[] y = new int[n];
        Arrays.setAll(y, i -> i % C);
        return y;
    }

    static Path npy(String name, float[] p, int n) throws Exception {
        return NpyWriter.floats(dir.resolve(name + ".npy"), p, n, C);
    }

    @BeforeAll
    static void files() throws Exception {
        Random rnd = new Random(1);
        for (String m : List.of("t", "s0", "s1")) {
            npy(m + "_in", posteriors(200, true, rnd), 200);
            npy(m + "_out", posteriors(200, false, rnd), 200);
            NpyWriter.ints(dir.resolve(m + "_in_y.npy"), labels(200));
            NpyWriter.ints(dir.resolve(m + "_out_y.npy"), labels(200));
        }
        int models = 4;
        double[] refs = new double[models * 400 * C];
        double[] in = new double[models * 400];
        double[] pop = new double[models * 100 * C];
        for (int r = 0; r < models; r++) {
            for (int i = 0; i < 400; i++) {
                boolean member = rnd.nextBoolean();
                in[r * 400 + i] = member ? 1 : 0;
                float[] p = posteriors(1, member, rnd);
                for (int k = 0; k < C; k++) {
                    // record i has label i % C: rotate the single-record posterior onto it
                    refs[(r * 400 + i) * C + (k + i) % C] = p[k];
                }
            }
            float[] z = posteriors(100, false, rnd);
            for (int j = 0; j < z.length; j++) {
                pop[r * 100 * C + j] = z[j];
            }
        }
        NpyWriter.write(dir.resolve("refs.npy"), "<f4", new long[] {models, 400, C}, refs);
        NpyWriter.write(dir.resolve("refs_in.npy"), "<i8", new long[] {models, 400}, in);
        NpyWriter.write(dir.resolve("refs_pop.npy"), "<f4", new long[] {models, 100, C}, pop);
        npy("pop", posteriors(100, false, rnd), 100);
        NpyWriter.ints(dir.resolve("pop_y.npy"), labels(100));
    }

    static List<String> target(String name) {
        Path d = dir;
        return new ArrayList<>(List.of("audit-scores", "--runs-dir", d.resolve("runs").toString(), "--name", name,
                "--no-progress", "--bootstrap", "20", "--attack-epochs", "3",
                "--members", d.resolve("t_in.npy").toString(), "--non-members", d.resolve("t_out.npy").toString(),
                "--members-labels", d.resolve("t_in_y.npy").toString(),
                "--non-members-labels", d.resolve("t_out_y.npy").toString()));
    }

    static List<String> everything(String name) {
        List<String> a = target(name);
        for (String s : List.of("s0", "s1")) {
            a.addAll(List.of("--shadow-members", dir.resolve(s + "_in.npy").toString(), "--shadow-non-members",
                    dir.resolve(s + "_out.npy").toString(), "--shadow-members-labels",
                    dir.resolve(s + "_in_y.npy").toString(), "--shadow-non-members-labels",
                    dir.resolve(s + "_out_y.npy").toString()));
        }
        a.addAll(List.of("--references", dir.resolve("refs.npy").toString(), "--reference-membership",
                dir.resolve("refs_in.npy").toString(), "--population", dir.resolve("pop.npy").toString(),
                "--population-labels", dir.resolve("pop_y.npy").toString(), "--reference-population",
                dir.resolve("refs_pop.npy").toString()));
        return a;
    }

    @Test
    void everyAttackTheFilesAllowRunsAndTheRestAreListedWithTheReason() throws Exception {
        AuditCommandIT.Run r = AuditCommandIT.mia4j(everything("all").toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode res = new ObjectMapper().readTree(dir.resolve("runs/all/results.json").toFile());
        List<String> ran = new ArrayList<>();
        res.get("attacks").forEach(a -> ran.add(a.get("attack").asText()));
        assertThat(ran).contains("conf", "mentr", "nn", "nn-cls", "correctness", "lira-online", "lira-fixed", "rmia")
                .doesNotContain("samia", "label-only");
        assertThat(res.get("skipped_attacks").toString()).contains("samia queries the model again",
                "label-only queries the model again");
        JsonNode conf = res.get("attacks").get(0);
        assertThat(conf.get("auc").asDouble()).isGreaterThan(0.6); // the synthetic members are more confident
        assertThat(res.get("dataset").get("target_members").asInt()).isEqualTo(200);
        assertThat(res.get("provenance").get("data_checksums").toString()).contains("t_in.npy");
        assertThat(res.get("provenance").get("engine_threads").asInt()).isPositive();
        assertThat(res.get("models").get(0).get("variant").get("kind").asText()).isEqualTo("ORIGINAL");
        res.get("attacks").forEach(a -> {
            if (a.get("attack").asText().equals("rmia")) {
                assertThat(a.get("settings").get("rmia-gamma").asDouble()).isEqualTo(2.0);
            }
            if (a.get("attack").asText().equals("nn")) {
                assertThat(a.get("settings").get("training").get("epochs").asInt()).isEqualTo(3);
            }
        });
        List<String> csv = Files.readAllLines(dir.resolve("runs/all/scores/original.csv"));
        assertThat(csv).hasSize(401);
        assertThat(Files.readString(dir.resolve("runs/all/report.html"))).contains("Verdict",
                "samia queries the model again");
    }

    /** A 2 GB file (sparse) or a gzip bomb: exit 2 with one line naming it, nothing created, read no further. */
    @Test
    void hugeInputsAreRefusedWithOneLineBeforeAnythingIsCreated() throws Exception {
        Path blob = dir.resolve("huge.npy");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(blob.toFile(), "rw")) {
            f.write(NpyWriter.bytes("<f4", new long[] {268_435_456, 2}, new double[0], false, 1));
            f.setLength(128 + (2L << 30));
        }
        List<String> a = target("huge");
        a.set(a.indexOf("--members") + 1, blob.toString());
        AuditCommandIT.Run r = AuditCommandIT.mia4j(a.toArray(String[]::new));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("error: " + blob + ": 2.0 GiB of data, more than the 256 MiB mia4j "
                + "reads from one input file (raise --max-input-size if the file is right)");
        assertThat(dir.resolve("runs/huge")).doesNotExist();
        assertThat(dir.resolve("runs/.huge.partial")).doesNotExist();

        Path bomb = dir.resolve("bomb.csv.gz");
        ByteArrayOutputStream one = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream g = new java.util.zip.GZIPOutputStream(one)) {
            g.write("0.5,0.5\n".repeat(1 << 17).getBytes(java.nio.charset.StandardCharsets.US_ASCII)); // 1 MiB
        }
        try (var out = Files.newOutputStream(bomb)) {
            for (int i = 0; i < 8; i++) {
                one.writeTo(out); // concatenated gzip members read as one stream: 8 MiB of rows
            }
        }
        a = target("bomb");
        a.set(a.indexOf("--members") + 1, bomb.toString());
        a.addAll(List.of("--max-input-size", "2M"));
        r = AuditCommandIT.mia4j(a.toArray(String[]::new));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("error: " + bomb + " line ").contains("rows so far take about 2.0 MiB "
                + "of memory once parsed, more than the 2.0 MiB").doesNotContain("\n");
        assertThat(dir.resolve("runs/.bomb.partial")).doesNotExist();
        // the cap is per run: the next run without the option has the default again
        a = target("capped-again");
        a.set(a.indexOf("--members") + 1, bomb.toString());
        r = AuditCommandIT.mia4j(a.toArray(String[]::new));
        assertThat(r.err()).doesNotContain("more than");
    }

    @Test
    void theTargetAloneRunsTheShadowFreeAttackAndSaysWhyTheOthersCannot() throws Exception {
        Path in = dir.resolve("in.csv");
        Path out = dir.resolve("out.csv");
        Files.writeString(in, "a,b,label\n0.9,0.1,0\n0.2,0.8,1\n0.7,0.3,0\n");
        Files.writeString(out, "a,b,label\n0.4,0.6,0\n0.6,0.4,1\n");
        AuditCommandIT.Run r = AuditCommandIT.mia4j("audit-scores", "--runs-dir", dir.resolve("runs").toString(),
                "--name", "alone", "--no-progress", "--members", in.toString(), "--non-members", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode res = new ObjectMapper().readTree(dir.resolve("runs/alone/results.json").toFile());
        assertThat(res.get("attacks")).hasSize(1);
        assertThat(res.get("attacks").get(0).get("attack").asText()).isEqualTo("correctness");
        assertThat(res.get("attacks").get(0).get("auc").asDouble()).isEqualTo(1.0); // 3/3 vs 0/2 correct
        assertThat(res.get("skipped_attacks").toString()).contains("conf is calibrated on shadow models' outputs",
                "lira-online needs at least", "qmia needs the target's outputs on population records (known "
                + "non-members) and every record's input features");
    }

    @Test
    void badFilesExitWithTwoAndOneMessageAndLeaveNoFolder() throws Exception {
        Path trunc = dir.resolve("trunc.npy");
        byte[] ok = Files.readAllBytes(dir.resolve("t_in.npy"));
        Files.write(trunc, Arrays.copyOf(ok, ok.length - 3));
        NpyWriter.ints(dir.resolve("short_y.npy"), labels(150));
        NpyWriter.ints(dir.resolve("big_y.npy"), Arrays.stream(labels(200)).map(y -> y + 2).toArray());
        NpyWriter.write(dir.resolve("logits.npy"), "<f4", new long[] {200, C}, new Random(3).doubles(200 * C, -3, 3)
                .toArray());
        float[] third = new float[200 * 3];
        Arrays.fill(third, 1f / 3);
        NpyWriter.floats(dir.resolve("three.npy"), third, 200, 3);
        String[][] swaps = {{"t_in.npy", "trunc.npy"}, {"t_in_y.npy", "short_y.npy"}, {"t_out_y.npy", "big_y.npy"},
            {"t_out.npy", "logits.npy"}, {"t_out.npy", "three.npy"}, {"t_in.npy", "missing.npy"}};
        String[] expected = {"truncated", "150 labels, expected 200", "outside the classes 0..3",
            "--outputs logits", "three.npy holds outputs of 3 classes, but " + dir.resolve("t_in.npy") + " holds 4",
            "not found"};
        for (int i = 0; i < swaps.length; i++) {
            List<String> a = target("bad" + i);
            for (int j = 0; j < a.size(); j++) {
                if (a.get(j).equals(dir.resolve(swaps[i][0]).toString())) {
                    a.set(j, dir.resolve(swaps[i][1]).toString());
                }
            }
            AuditCommandIT.Run r = AuditCommandIT.mia4j(a.toArray(String[]::new));
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).contains(expected[i]).contains(swaps[i][1]).doesNotContain("\tat ");
            assertThat(dir.resolve("runs/bad" + i)).doesNotExist();
            assertThat(dir.resolve("runs/.bad" + i + ".partial")).doesNotExist();
        }
        List<String> noMembership = target("bad-refs");
        noMembership.addAll(List.of("--references", dir.resolve("refs.npy").toString()));
        AuditCommandIT.Run r = AuditCommandIT.mia4j(noMembership.toArray(String[]::new));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--reference-membership");
        List<String> wrongRefs = target("bad-refs2");
        wrongRefs.addAll(List.of("--references", dir.resolve("refs_pop.npy").toString(), "--reference-membership",
                dir.resolve("refs_in.npy").toString()));
        r = AuditCommandIT.mia4j(wrongRefs.toArray(String[]::new));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("refs_pop.npy: shape [4, 100, 4], expected (models, 400, 4)");
    }
}
