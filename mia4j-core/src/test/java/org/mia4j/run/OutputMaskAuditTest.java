package org.mia4j.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mia4j.attack.BoundaryAttack;
import org.mia4j.data.CsvLoader;
import org.mia4j.plan.AuditPlan;
import org.mia4j.report.AuditResults.AttackRow;
import org.mia4j.report.AuditResults;

/** An audit of models behind output masks: score attacks skipped on a labels-only model, kept on rounded ones. */
class OutputMaskAuditTest {
    @TempDir
    Path dir;

    @Test
    void labelsOnlyModelsAreJudgedByLabelAttacksAlone() throws Exception {
        Path csv = dir.resolve("t.csv");
        StringBuilder sb = new StringBuilder("a,b,c,y\n");
        Random rnd = new Random(3);
        for (int i = 0; i < 240; i++) {
            double a = rnd.nextGaussian();
            double b = rnd.nextGaussian();
            sb.append(String.format(Locale.ROOT, "%.3f,%.3f,%.3f,%s%n", a, b, rnd.nextGaussian(),
                    a + b + rnd.nextGaussian() > 0 ? "p" : "n"));
        }
        Files.writeString(csv, sb.toString());
        AuditPlan plan = AuditPlan.builder().setData(CsvLoader.load(csv, "y")).quick().optEpochs(5).optShadows(1)
                .optPruners(List.of()).opt(BoundaryAttack.QUERIES, 100)
                .optDefenses(List.of("labels-only", "round@1")).optAttacks("conf,correctness,label-only,boundary")
                .optBootstrap(0).build();
        AuditResults r = new Auditor(plan).run();
        assertThat(r.models()).extracting(AuditResults.ModelRow::model)
                .containsExactly("original", "original+labels-only", "original+round@1");
        assertThat(attacks(r, "original")).containsExactly("conf", "correctness", "label-only", "boundary");
        assertThat(attacks(r, "original+labels-only")).containsExactly("correctness", "label-only", "boundary");
        assertThat(attacks(r, "original+round@1")).containsExactly("conf", "correctness", "label-only", "boundary");
        assertThat(r.skippedAttacks()).containsExactly("on original+labels-only: conf (they read scores, and the model "
                + "releases only its label; judged by correctness, label-only, boundary)");
        // the labels are the same behind the mask, and so are the label-only attacks' scores
        assertThat(row(r, "original+labels-only", "boundary").auc()).isEqualTo(row(r, "original", "boundary").auc());
        assertThat(row(r, "original+labels-only", "label-only").auc())
                .isEqualTo(row(r, "original", "label-only").auc());
        assertThat(r.verdict()).anyMatch(v -> v.startsWith("original+labels-only: "));
    }

    private static List<String> attacks(AuditResults r, String model) {
        return r.attacks().stream().filter(a -> a.model().equals(model)).map(AttackRow::attack).toList();
    }

    private static AttackRow row(AuditResults r, String model, String attack) {
        return r.attacks().stream().filter(a -> a.model().equals(model) && a.attack().equals(attack)).findFirst()
                .orElseThrow();
    }
}
