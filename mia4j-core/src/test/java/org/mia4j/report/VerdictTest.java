package org.mia4j.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mia4j.metric.Interval;
import org.mia4j.metric.PairedComparison;
import org.mia4j.metric.RocCurve;
import org.mia4j.model.Variant;
import org.mia4j.report.AuditResults.AttackRow;
import org.mia4j.report.AuditResults.ChangeRow;
import org.mia4j.report.AuditResults.ModelRow;

class VerdictTest {
    static final ModelRow ORIGINAL = model(Variant.ORIGINAL, 0.83);
    static final ModelRow PRUNED = model(Variant.pruning("l1-unstructured", 0.5), 0.82);

    static ModelRow model(Variant v, double testAcc) {
        return new ModelRow(v.label(), v, "target", 0.9, testAcc, 0, 0, 0, 1, 1, 0.8, 1);
    }

    static AttackRow row(String attack, String model, double auc, double tpr01, Interval tprCi, int nonMembers) {
        return new AttackRow(attack, model, "", auc, 0.6, 0.05, tpr01, 0, 0.2, 1000, nonMembers,
                Map.of("auc", new Interval(auc - 0.02, auc + 0.02), "tpr_at_0_1pct_fpr", tprCi), Map.of());
    }

    @Test
    void theLevelComesFromTheStrongestAttackAtLowFprNotFromTheBestAuc() {
        List<AttackRow> rows = List.of(row("lira-fixed", "original", 0.70, 0.053, new Interval(0.04, 0.07), 20_000),
                row("rmia", "original", 0.68, 0.217, new Interval(0.19, 0.24), 20_000));
        String v = Verdict.of(rows, List.of(ORIGINAL), List.of(), "standard").get(1);
        assertThat(v).contains("high membership leakage at 0.1% FPR", "strongest at 0.1% FPR rmia, TPR 21.70%",
                "by AUC lira-fixed, AUC 0.700", "test accuracy 0.830");
    }

    @Test
    void anIntervalThatIncludesChanceIsNoEvidenceWhateverTheBestAuc() {
        List<AttackRow> rows = List.of(row("conf", "original", 0.55, 0.004, new Interval(0.0, 0.012), 20_000),
                row("nn", "original", 0.52, 0.002, new Interval(0.0, 0.006), 20_000));
        String v = Verdict.of(rows, List.of(ORIGINAL), List.of(), "standard").get(1);
        assertThat(v).contains("no evidence of membership leakage at 0.1% FPR").doesNotContain("moderate");
        // a CSV audit of 128 non-members: no low-FPR level is meaningful, and the best AUC's interval includes 0.5
        AttackRow chanceAuc = new AttackRow("rmia", "original", "", 0.558, 0.5, 0.0234, 0.0234, 0, 0.1, 128, 128,
                Map.of("auc", new Interval(0.483, 0.614), "tpr_at_0_1pct_fpr", new Interval(0.0156, 0.078)),
                Map.of());
        assertThat(Verdict.of(List.of(chanceAuc), List.of(ORIGINAL), List.of(), "standard").get(1))
                .contains("no evidence of membership leakage (judged by AUC: 128 non-members are too few",
                        "includes 0.5 (chance)").doesNotContain("moderate");
        // 1,127 non-members (Location): judged at 1% FPR
        AttackRow location = row("rmia", "original", 0.95, 0.21, new Interval(0.19, 0.29), 1127);
        assertThat(Verdict.of(List.of(location), List.of(ORIGINAL), List.of(), "standard").get(1))
                .contains("membership leakage at 1% FPR");
    }

    @Test
    void fewNonMembersGetACautionAboutTheLowFprLevel() {
        List<AttackRow> rows = List.of(row("conf", "original", 0.7, 0.02, new Interval(0.01, 0.03), 1127));
        assertThat(Verdict.of(rows, List.of(ORIGINAL), List.of(), "standard").get(1))
                .contains("0.1% FPR of 1127 non-members is 1.1 records");
        rows = List.of(row("conf", "original", 0.7, 0.02, new Interval(0.01, 0.03), 20_000));
        assertThat(Verdict.of(rows, List.of(ORIGINAL), List.of(), "standard").get(1)).doesNotContain("Caution");
    }

    @Test
    void aModelThatNoLongerWorksIsNotPraisedForLeakingLittle() {
        ModelRow broken = model(Variant.pruning("taylor", 0.9), 0.178);
        List<AttackRow> rows = List.of(row("conf", "original", 0.7, 0.02, new Interval(0.01, 0.03), 5000),
                row("conf", "taylor@0.9", 0.51, 0.001, new Interval(0, 0.003), 5000));
        String v = Verdict.of(rows, List.of(ORIGINAL, broken), List.of(), "standard").get(2);
        assertThat(v).contains("0.178 against the original's 0.830", "no longer works");
    }

    @Test
    void theAdversaryIsStatedFirst() {
        assertThat(Verdict.of(List.of(), List.of(ORIGINAL), List.of(), "adaptive: it knows the defenses").get(0))
                .isEqualTo("Adversary: adaptive: it knows the defenses");
    }

    @Test
    void changesComeFromAPairedBootstrapOnTheSameRecords() {
        Random rnd = new Random(1);
        int n = 4000;
        boolean[] member = new boolean[n];
        double[] a = new double[n];
        double[] same = new double[n];
        double[] stronger = new double[n];
        for (int i = 0; i < n; i++) {
            member[i] = i % 2 == 0;
            a[i] = rnd.nextGaussian() + (member[i] ? 0.5 : 0);
            same[i] = a[i] + 0.01 * rnd.nextGaussian(); // the same attack on a near-identical model
            stronger[i] = a[i] + (member[i] ? 0.4 : 0);
        }
        PairedComparison.Metric auc = (s, t) -> RocCurve.of(s, t).auc();
        PairedComparison flat = PairedComparison.of(a, same, member, auc, 200, 3);
        PairedComparison rise = PairedComparison.of(a, stronger, member, auc, 200, 3);
        assertThat(flat.significant()).isFalse();
        assertThat(flat.ci95().high() - flat.ci95().low()).isLessThan(0.01); // pairing removes the shared noise
        assertThat(rise.significant()).isTrue();
        assertThat(rise.ci95().low()).isGreaterThan(0);
        assertThat(PairedComparison.of(a, stronger, member, auc, 0, 3).ci95()).isNull();

        ChangeRow c = new ChangeRow("l1-unstructured@0.5", "original", "tpr_at_0_1pct_fpr", "lira-fixed", "rmia",
                0.217, 0.207, new Interval(-0.031, 0.012), false);
        String v = Verdict.of(List.of(), List.of(ORIGINAL, PRUNED), List.of(c), "standard").get(1);
        assertThat(v).isEqualTo("l1-unstructured@0.5 vs original: TPR at 0.1% FPR of the strongest attack 21.70% -> "
                + "20.70% (lira-fixed -> rmia), paired difference -1.0 points [95% CI -3.1, +1.2]: no significant "
                + "change; test accuracy 0.830 -> 0.820 (-1.0 points).");
    }

    @Test
    void changesAreStatedAtTheOperatingPointTheLevelIsJudgedAt() {
        // 1,127 non-members: the level is judged at 1% FPR, so the 0.1% change (about one record) is not stated
        List<AttackRow> rows = List.of(row("rmia", "original", 0.9, 0.05, new Interval(0.01, 0.09), 1127),
                row("rmia", "l1-unstructured@0.5", 0.9, 0.2, new Interval(0.1, 0.3), 1127));
        List<ChangeRow> changes = List.of(
                new ChangeRow("l1-unstructured@0.5", "original", "tpr_at_0_1pct_fpr", "rmia", "rmia", 0.05, 0.2,
                        new Interval(0.1, 0.2), true),
                new ChangeRow("l1-unstructured@0.5", "original", "tpr_at_1pct_fpr", "rmia", "rmia", 0.3, 0.32,
                        new Interval(-0.01, 0.05), false),
                new ChangeRow("l1-unstructured@0.5", "original", "auc", "rmia", "rmia", 0.9, 0.9,
                        new Interval(-0.01, 0.01), false));
        List<String> v = Verdict.of(rows, List.of(ORIGINAL, PRUNED), changes, "standard");
        assertThat(String.join("\n", v)).contains("TPR at 1% FPR of the strongest attack 30.00% -> 32.00%",
                "AUC of the strongest attack").doesNotContain("TPR at 0.1% FPR of");
        assertThat(Verdict.judgedMetric(20_000)).isEqualTo("tpr_at_0_1pct_fpr");
        assertThat(Verdict.judgedMetric(1127)).isEqualTo("tpr_at_1pct_fpr");
        assertThat(Verdict.judgedMetric(128)).isEqualTo("auc");
    }
}
