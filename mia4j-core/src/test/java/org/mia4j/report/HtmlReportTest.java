package org.mia4j.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mia4j.Provenance;
import org.mia4j.metric.Interval;
import org.mia4j.metric.RocCurve;
import org.mia4j.model.Variant;
import org.mia4j.report.AuditResults.AttackRow;
import org.mia4j.report.AuditResults.ChangeRow;
import org.mia4j.report.AuditResults.ModelRow;

/**
 * The page as a reader meets it, on a pruning run with DP-SGD (Location-sized: 1,127 non-members, judged at 1%
 * FPR): the original, a pruning that leaks more, DP-SGD from theta0 and the pruning's DP twin, both of which no
 * longer work.
 */
class HtmlReportTest {
    static final String[] ATTACKS = {"conf", "mentr", "nn", "samia", "lira-fixed", "lira-online", "rmia", "qmia"};
    static final ModelRow ORIGINAL = row("original", Variant.ORIGINAL, 1.0, 0.93);
    static final ModelRow PRUNED = row("l1-unstructured@0.5", Variant.pruning("l1-unstructured", 0.5), 1.0, 0.92);
    static final ModelRow DP = row("dp-sgd@eps=4", Variant.scratch("dp-sgd@eps=4"), 0.42, 0.391);
    static final ModelRow PRUNED_DP = row("l1-unstructured@0.5+dp-sgd@eps=4", Variant.pruning("l1-unstructured", 0.5)
            .withDefense("dp-sgd@eps=4"), 0.40, 0.35);

    static ModelRow row(String name, Variant v, double train, double test) {
        return new ModelRow(name, v, "target", train, test, 0, 0, 0, 1, 1, test, 1);
    }

    /** Attack k on a model: TPR at 1% FPR base + 0.01 k, so the strongest are the last ones. */
    static List<AttackRow> attacks(String model, double base) {
        List<AttackRow> out = new ArrayList<>();
        for (int k = 0; k < ATTACKS.length; k++) {
            double tpr = base + 0.01 * k;
            out.add(new AttackRow(ATTACKS[k], model, "", 0.6 + 0.01 * k, 0.6, tpr, tpr / 3, 0, 0.2, 1127, 1127,
                    Map.of("auc", new Interval(0.58, 0.7), "tpr_at_1pct_fpr", new Interval(tpr - 0.02, tpr + 0.02)),
                    Map.of()));
        }
        return out;
    }

    static AuditResults results() {
        List<AttackRow> rows = new ArrayList<>();
        rows.addAll(attacks("original", 0.25));
        rows.addAll(attacks("l1-unstructured@0.5", 0.30));
        rows.addAll(attacks("dp-sgd@eps=4", 0.0));
        rows.addAll(attacks("l1-unstructured@0.5+dp-sgd@eps=4", 0.0));
        List<ChangeRow> changes = List.of(
                new ChangeRow("l1-unstructured@0.5", "original", "tpr_at_1pct_fpr", "qmia", "qmia", 0.32, 0.37,
                        new Interval(0.01, 0.09), true),
                new ChangeRow("dp-sgd@eps=4", "original", "tpr_at_1pct_fpr", "qmia", "qmia", 0.32, 0.07,
                        new Interval(-0.3, -0.2), true),
                new ChangeRow("l1-unstructured@0.5+dp-sgd@eps=4", "l1-unstructured@0.5", "tpr_at_1pct_fpr", "qmia",
                        "qmia", 0.37, 0.07, new Interval(-0.35, -0.25), true));
        List<ModelRow> models = List.of(ORIGINAL, PRUNED, DP, PRUNED_DP);
        return new AuditResults(Provenance.of(42, Map.of(), Map.of()), new AuditResults.DatasetInfo("location", 5010,
                30, new int[] {446}, 1127, 100, 1127, Map.of()), models, List.of(), rows, List.of(), List.of(),
                List.of(), List.of(), null, changes, Verdict.of(rows, models, changes, "standard"),
                Notes.of(List.of("lira-online ran with 4 reference models"), List.of(), List.of("a data note",
                        "another")), 12.0);
    }

    static Map<String, Map<String, RocCurve>> rocs() {
        Map<String, Map<String, RocCurve>> out = new LinkedHashMap<>();
        Random rnd = new Random(3);
        for (String model : List.of("original", "l1-unstructured@0.5")) {
            Map<String, RocCurve> curves = new LinkedHashMap<>();
            for (int k = 0; k < ATTACKS.length; k++) {
                double[] s = new double[400];
                boolean[] m = new boolean[400];
                for (int i = 0; i < s.length; i++) {
                    m[i] = i % 2 == 0;
                    s[i] = rnd.nextGaussian() + (m[i] ? 0.1 * k : 0);
                }
                curves.put(ATTACKS[k], RocCurve.of(s, m));
            }
            out.put(model, curves);
        }
        return out;
    }

    static String page() {
        return HtmlReport.render(results(), rocs(), List.of(new ScoreHistogram("original", "rmia",
                new double[] {0.31, 0.52, 0.77, 0.9}, new double[] {0.12, 0.33, 0.41, 0.6})));
    }

    @Test
    void theScorecardComesRightUnderTheTitleWithALevelBadgePerModel() {
        String h = page();
        int card = h.indexOf("<section id=scorecard>");
        assertThat(card).isGreaterThan(h.indexOf("</h1>")).isLessThan(h.indexOf("In short"));
        assertThat(h.substring(h.indexOf("</h1>"), card)).doesNotContain("<p", "<div");
        String sc = h.substring(card, h.indexOf("</section>", card));
        assertThat(sc.split("<tr").length - 2).isEqualTo(4); // a header and one row per model
        assertThat(sc).contains("strongest at 1% FPR", "<span class=\"lv lv-", "<b>32.0%</b> <span class=nw>qmia</span>",
                "+5.0 points, <b>significant rise</b>", "vs <span class=nw>l1-unstructured@0.5</span>", "How to read it", "below 10&times; the FPR (TPR under 10.0%)");
        // the two DP models no longer work (0.391 against 0.93; 0.35 against 0.92), and are marked so
        assertThat(sc.split("<tr class=broken>").length - 1).isEqualTo(2);
        assertThat(sc).contains("No longer works</b>: test accuracy more than 25% below");
    }

    @Test
    void inShortSaysWhatPruningDidFirstAndNeverHeadlinesAModelThatNoLongerWorks() {
        String s = HtmlReport.summary(results());
        String text = s.replaceAll("<[^>]+>", "").replace("In short. ", "").trim();
        assertThat(text).startsWith("Pruning against the original (moderate leakage at 1% FPR, qmia TPR 32.0%): "
                + "l1-unstructured@0.5 leaks significantly more (32.0% &rarr; 37.0% at 1% FPR");
        assertThat(text).contains("Defenses against their undefended models", "but it no longer works")
                .doesNotContain("largest significant change at 1% FPR: dp-sgd");
        Matcher end = Pattern.compile("[.](?= [A-Z]|$)").matcher(text);
        int sentences = 0;
        while (end.find()) {
            sentences++;
        }
        assertThat(sentences).as(text).isBetween(1, 3);
    }

    @Test
    void theVerdictIsShortAndTheNotesAreFoldedByKind() {
        String h = page();
        String verdict = h.substring(h.indexOf("<ul class=verdict>"), h.indexOf("</ul>", h.indexOf("<ul class=verdict>")));
        assertThat(verdict.split("Caution: 0.1% FPR").length - 1).isEqualTo(1);
        assertThat(h).contains("<details class=notes><summary>3 notes: attacks, data and models</summary>",
                "<h3>Attacks</h3>").doesNotContain("<b>Note:</b>");
    }

    @Test
    void everyChartScalesAndRocShowsTheStrongestSixWithTheRestFolded() {
        String h = page();
        Matcher svg = Pattern.compile("<svg [^>]*>").matcher(h);
        int charts = 0;
        while (svg.find()) {
            charts++;
            assertThat(svg.group()).contains("viewBox=\"0 0 ");
        }
        assertThat(charts).isGreaterThan(5);
        String roc = h.substring(h.indexOf("aria-label=\"ROC original\""));
        roc = roc.substring(0, roc.indexOf("</svg>"));
        // the six strongest by TPR at 1% FPR: qmia (k = 7) down to samia (k = 2); conf and mentr are folded
        assertThat(roc).contains(">qmia (AUC", ">samia (AUC").doesNotContain(">conf (AUC", ">mentr (AUC");
        assertThat(h).contains("<summary>2 weaker attacks on original</summary>");
    }

    @Test
    void aDefendedSweepLineStartsAtItsOwnUnprunedDefendedModel() {
        Map<String, List<double[]>> acc = HtmlReport.sweepLines(results(), ModelRow::testAccuracy);
        assertThat(acc.get("l1-unstructured").get(0)).containsExactly(0, 0.93);
        assertThat(acc.get("l1-unstructured+dp-sgd@eps=4").get(0)).containsExactly(0, 0.391);
        assertThat(acc.get("l1-unstructured+dp-sgd@eps=4").get(1)).containsExactly(0.5, 0.35);
    }

    @Test
    void longLegendsAreShortenedNotCut() {
        String name = "l1-unstructured-global@0.95+cluster-16-ft+dp-sgd-finetune@eps=8+label-smoothing@0.2";
        String svg = SvgCharts.lines("t", "x", "y", Map.of(name, List.of(new double[] {0, 1}, new double[] {1, 2})));
        Matcher w = Pattern.compile("viewBox=\"0 0 (\\d+) ").matcher(svg);
        assertThat(w.find()).isTrue();
        int width = Integer.parseInt(w.group(1));
        Matcher t = Pattern.compile("<text x=\"(\\d+)\" y=\"\\d+\"><title>([^<]+)</title>([^<]+)</text>").matcher(svg);
        assertThat(t.find()).isTrue();
        assertThat(t.group(2)).isEqualTo(name); // the full name as a tooltip
        assertThat(t.group(3)).contains("\u2026").startsWith("l1-unstructured").endsWith("smoothing@0.2");
        // at a generous 6.5 px a character the shortened name ends inside the chart
        assertThat(Integer.parseInt(t.group(1)) + 6.5 * t.group(3).length()).isLessThanOrEqualTo(width);
    }

    @Test
    void histogramTicksFallOnRoundNumbers() {
        String svg = SvgCharts.histogram("h", new double[] {0.303, 0.41, 0.5, 0.579}, new double[] {0.31, 0.35, 0.4});
        Matcher tick = Pattern.compile("text-anchor=\"middle\">([-0-9.]+)</text>").matcher(svg);
        List<Double> ticks = new ArrayList<>();
        while (tick.find()) {
            ticks.add(Double.parseDouble(tick.group(1)));
        }
        assertThat(ticks).containsExactly(0.3, 0.4, 0.5, 0.6, 0.7);
    }
}
