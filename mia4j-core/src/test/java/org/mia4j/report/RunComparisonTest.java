package org.mia4j.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mia4j.metric.RocCurve;

class RunComparisonTest {
    @TempDir
    Path dir;

    /**
     * A finished run of one model with attack conf on 2,000 members and 2,000 non-members (judged at 1% FPR), its
     * scores a member signal of strength {@code shift}; {@code firstRecord} moves the record indices.
     */
    private Path run(String name, double shift, int firstRecord, long seed, boolean withScores) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        int n = 4000;
        Random rnd = new Random(seed);
        double[] s = new double[n];
        boolean[] m = new boolean[n];
        StringBuilder csv = new StringBuilder("record,label,class,member,conf\n");
        for (int i = 0; i < n; i++) {
            m[i] = i % 2 == 0;
            s[i] = rnd.nextGaussian() + (m[i] ? shift : 0);
            csv.append(firstRecord + i).append(",0,a,").append(m[i] ? 1 : 0).append(',').append(s[i]).append('\n');
        }
        RocCurve roc = RocCurve.of(s, m);
        if (withScores) {
            Files.createDirectories(d.resolve("scores"));
            Files.writeString(d.resolve("scores/original.csv"), csv);
        }
        Files.writeString(d.resolve("results.json"), String.format(java.util.Locale.ROOT, "{\"dataset\":{\"name\":"
                + "\"location\",\"checksums\":{\"bangkok.csv.gz\":\"233bfa0f00\"}},\"models\":[{\"model\":\"original\","
                + "\"test_accuracy\":0.6}],\"attacks\":[{\"model\":\"original\",\"attack\":\"conf\",\"auc\":%s,"
                + "\"tpr_at_0_1pct_fpr\":%s,\"tpr_at_1pct_fpr\":%s,\"non_members\":2000}]}", roc.auc(),
                roc.tprAtFpr(0.001), roc.tprAtFpr(0.01)));
        return d;
    }

    @Test
    void theSummarySaysWhichRunLeaksMoreAtTheJudgedPointAndByHowMuch() throws Exception {
        Path a = run("a", 0.3, 0, 1, true);
        Path b = run("b", 1.2, 0, 2, true);
        RunComparison c = RunComparison.of(List.of(a, b), 100, 7, false);
        assertThat(c.judgedMetric()).isEqualTo("tpr_at_1pct_fpr");
        assertThat(c.summary().get(0)).startsWith("Data set: location (bangkok.csv.gz 233bfa0f), in both runs");
        assertThat(c.summary().get(1)).startsWith("original: b leaks more than a at 1% FPR: TPR ")
                .contains("points [paired 95% CI +", "a significant difference");
        String html = c.html();
        assertThat(html.indexOf("id=summary")).isPositive().isLessThan(html.indexOf("<table>"));
        assertThat(html).contains("b leaks more than a");
        // the other way round, the first run leaks more
        assertThat(RunComparison.of(List.of(b, a), 100, 7, false).summary().get(1))
                .startsWith("original: b leaks more than a at 1% FPR");
    }

    @Test
    void rowsThatCannotBePairedSayWhy() throws Exception {
        Path a = run("a", 0.5, 0, 1, true);
        Path shifted = run("shifted", 0.5, 10_000, 1, true);
        Path bare = run("bare", 0.5, 0, 1, false);
        RunComparison c = RunComparison.of(List.of(a, shifted, bare), 50, 7, false);
        assertThat(c.rows().get(0).aucDifference().get(1)).isNull();
        assertThat(c.rows().get(0).unpairedBecause().get(1)).isEqualTo("the runs scored different records (another "
                + "split or seed)");
        assertThat(c.rows().get(0).unpairedBecause().get(2)).isEqualTo("bare has no per-record scores of original");
        assertThat(c.html()).contains("not paired: the runs scored different records");
        assertThat(c.summary().get(1)).contains("not paired: the runs scored different records");
        // identical scores on identical records: paired, and no difference
        RunComparison same = RunComparison.of(List.of(a, a), 50, 7, false);
        assertThat(same.rows().get(0).unpairedBecause().get(1)).isNull();
        assertThat(same.summary().get(1)).contains("leak the same", "no significant difference");
    }
}
