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

    /** The verdict's bullet on {@code model}. */
    static String bullet(List<String> verdict, String model) {
        return verdict.stream().filter(v -> v.startsWith(model + ": ")).findFirst().orElseThrow();
    }

    @Test
    void theLevelComesFromTheStrongestAttackAtLowFprNotFromTheBestAuc() {
        List<AttackRow> rows = List.of(row("lira-fixed", "original", 0.70, 0.053, new Interval(0.04, 0.07), 20_000),
                row("rmia", "original", 0.68, 0.217, new Interval(0.19, 0.24), 20_000));
        String v = Verdict.of(rows, List.of(ORIGINAL), List.of(), "standard").get(1);
        assertThat(v).contains("high leakage at 0.1% FPR (rmia, TPR 21.70%",
                "best AUC 0.700 [0.680-0.720] (lira-fixed)", "test accuracy 0.830");
        assertThat(Verdict.judge(rows, "original")).extracting(Verdict.Level::word, Verdict.Level::metric)
                .containsExactly("high", "tpr_at_0_1pct_fpr");
    }

    @Test
    void anIntervalThatIncludesChanceIsNoEvidenceWhateverTheBestAuc() {
        List<AttackRow> rows = List.of(row("conf", "original", 0.55, 0.004, new Interval(0.0, 0.012), 20_000),
                row("nn", "original", 0.52, 0.002, new Interval(0.0, 0.006), 20_000));
        String v = Verdict.of(rows, List.of(ORIGINAL), List.of(), "standard").get(1);
        assertThat(v).contains("no evidence of leakage at 0.1% FPR").doesNotContain("moderate");
        // a CSV audit of 128 non-members: no low-FPR level is meaningful, and the best AUC's interval includes 0.5
        AttackRow chanceAuc = new AttackRow("rmia", "original", "", 0.558, 0.5, 0.0234, 0.0234, 0, 0.1, 128, 128,
                Map.of("auc", new Interval(0.483, 0.614), "tpr_at_0_1pct_fpr", new Interval(0.0156, 0.078)),
                Map.of());
        List<String> small = Verdict.of(List.of(chanceAuc), List.of(ORIGINAL), List.of(), "standard");
        assertThat(bullet(small, "original")).contains("no evidence of leakage by AUC (rmia, AUC 0.558 "
                + "[95% CI 0.483-0.614]: includes chance)").doesNotContain("moderate");
        assertThat(small.get(1)).contains("128 non-members", "judged by AUC");
        // 1,127 non-members (Location): judged at 1% FPR
        AttackRow location = row("rmia", "original", 0.95, 0.21, new Interval(0.19, 0.29), 1127);
        assertThat(bullet(Verdict.of(List.of(location), List.of(ORIGINAL), List.of(), "standard"), "original"))
                .contains("leakage at 1% FPR");
    }

    @Test
    void theSampleSizeCautionComesOnceAtTheTopNotPerModel() {
        List<AttackRow> rows = List.of(row("conf", "original", 0.7, 0.02, new Interval(0.01, 0.03), 1127),
                row("conf", "l1-unstructured@0.5", 0.7, 0.02, new Interval(0.01, 0.03), 1127));
        List<String> v = Verdict.of(rows, List.of(ORIGINAL, PRUNED), List.of(), "standard");
        assertThat(v.get(1)).startsWith("Caution: 0.1% FPR of 1127 non-members is 1.1 records")
                .contains("judged at 1% FPR");
        assertThat(v.stream().filter(x -> x.contains("non-members is"))).hasSize(1);
        rows = List.of(row("conf", "original", 0.7, 0.02, new Interval(0.01, 0.03), 20_000));
        assertThat(String.join("\n", Verdict.of(rows, List.of(ORIGINAL), List.of(), "standard")))
                .doesNotContain("Caution");
    }

    @Test
    void aModelThatNoLongerWorksIsNotPraisedForLeakingLittle() {
        ModelRow broken = model(Variant.pruning("taylor", 0.9), 0.178);
        List<AttackRow> rows = List.of(row("conf", "original", 0.7, 0.02, new Interval(0.01, 0.03), 5000),
                row("conf", "taylor@0.9", 0.51, 0.001, new Interval(0, 0.003), 5000));
        String v = bullet(Verdict.of(rows, List.of(ORIGINAL, broken), List.of(), "standard"), "taylor@0.9");
        assertThat(v).contains("0.178 against 0.830 for original", "No longer works");
        // more than the stated share below its base: Fang & Kim's permutation at 0.520 against 0.796
        ModelRow base = model(Variant.ORIGINAL, 0.796);
        ModelRow permuted = model(Variant.treatment("permute", 0.05), 0.520);
        ModelRow slight = model(Variant.treatment("cwrf", 0.05), 0.61);
        assertThat(Verdict.noLongerWorks(permuted, List.of(base, permuted))).isPresent();
        assertThat(Verdict.noLongerWorks(slight, List.of(base, slight))).isEmpty(); // 23% below: still works
        assertThat(Verdict.noLongerWorks(base, List.of(base, permuted))).isEmpty();
    }

    @Test
    void everyModelBulletFitsTwoLines() {
        ModelRow dp = new ModelRow("l1-unstructured@0.8+dp-sgd@eps=4", Variant.pruning("l1-unstructured", 0.8)
                .withDefense("dp-sgd@eps=4"), "target", 0.42, 0.391, 0.8, 0.8, 0.8, 1, 1, 0.4, 1,
                new AuditResults.DpGuarantee(1.1, 1, 0.01, 100, 1e-5, 4.0, "rdp", "whole-training", List.of(), 4.0,
                        100L), null, 0, 0).withEpsilonLowerBound(new org.mia4j.metric.EpsilonLowerBound(3.81,
                                1e-5, 0.95, 0.1, 0.001, 0.9, 500, 500, "lira-online"));
        List<AttackRow> rows = List.of(row("conf", "original", 0.7, 0.02, new Interval(0.01, 0.03), 1127),
                new AttackRow("lira-online", dp.model(), "", 0.66, 0.6, 0.075, 0.02, 0, 0.2, 1000, 1127, Map.of("auc",
                        new Interval(0.64, 0.68), "tpr_at_1pct_fpr", new Interval(0.041, 0.112)), Map.of()));
        String v = bullet(Verdict.of(rows, List.of(ORIGINAL, dp), List.of(), "standard"), dp.model());
        assertThat(v).contains("epsilon >= 3.81 (accountant 4.00)", "No longer works");
        // two lines of the report's 1100-pixel column hold about 290 characters
        assertThat(v.length()).as(v).isLessThanOrEqualTo(290);
    }

    @Test
    void theAdversaryIsStatedFirst() {
        assertThat(Verdict.of(List.of(), List.of(ORIGINAL), List.of(), "adaptive: it knows the defenses").get(0))
                .isEqualTo("Adversary: adaptive: it knows the defenses");
    }

    @Test
    void aVariantThatTrainedMoreIsNotCreditedWithTheWholeRise() {
        ModelRow base = new ModelRow("original", Variant.ORIGINAL, "target", 0.886, 0.80, 0, 0, 0, 1, 1, 0.8, 1);
        ModelRow pruned = new ModelRow("l1-unstructured@0.5", Variant.pruning("l1-unstructured", 0.5), "target",
                0.923, 0.79, 0.5, 0.5, 0.5, 1, 1, 0.8, 1);
        ChangeRow c = new ChangeRow("l1-unstructured@0.5", "original", "auc", "conf", "conf", 0.60, 0.64,
                new Interval(0.01, 0.07), true);
        String v = Verdict.of(List.of(), List.of(base, pruned), List.of(c), "standard").get(1);
        assertThat(v).contains("a significant rise", "train 0.886 -> 0.923", "Caution: it fits its members more");
        ModelRow same = new ModelRow("l1-unstructured@0.5", Variant.pruning("l1-unstructured", 0.5), "target",
                0.89, 0.79, 0.5, 0.5, 0.5, 1, 1, 0.8, 1);
        assertThat(Verdict.of(List.of(), List.of(base, same), List.of(c), "standard").get(1))
                .doesNotContain("Caution");
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
                + "change; test accuracy 0.830 -> 0.820, train 0.900 -> 0.900.");
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
        // and only there: the AUC change is in results.json, not one more bullet
        assertThat(String.join("\n", v)).contains("TPR at 1% FPR of the strongest attack 30.00% -> 32.00%")
                .doesNotContain("TPR at 0.1% FPR of", "AUC of the strongest attack");
        assertThat(Verdict.judgedMetric(20_000)).isEqualTo("tpr_at_0_1pct_fpr");
        assertThat(Verdict.judgedMetric(1127)).isEqualTo("tpr_at_1pct_fpr");
        assertThat(Verdict.judgedMetric(128)).isEqualTo("auc");
    }
}
