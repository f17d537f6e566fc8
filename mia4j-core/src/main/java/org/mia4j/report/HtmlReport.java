package org.mia4j.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mia4j.metric.Interval;
import org.mia4j.metric.RocCurve;
import org.mia4j.report.AuditResults.AttackRow;
import org.mia4j.report.AuditResults.ModelRow;

/**
 * {@code report.html}: one self-contained page (no scripts, fonts or images fetched) with the verdict, the model
 * and attack tables, and log-log ROC curves drawn as inline SVG. We draw the SVG ourselves: a Java charting
 * library (JFreeChart) would pull in AWT and need system fonts on headless servers for a few polylines.
 */
public final class HtmlReport {
    private static final int W = 480;
    private static final int H = 380;
    private static final int ML = 56;
    private static final int MR = 170;
    private static final int MT = 20;
    private static final int MB = 44;

    private HtmlReport() {}

    /** {@code rocs}: model name to attack name to curve. */
    public static String render(AuditResults r, Map<String, Map<String, RocCurve>> rocs) {
        return render(r, rocs, List.of());
    }

    /**
     * {@code rocs}: model name to attack name to curve; {@code histograms}: the strongest attack's member and
     * non-member scores per model. The page reads top-down as a reader needs it: summary and contents, verdict,
     * charts, then the long tables (the attack table folded) and the provenance.
     */
    public static String render(AuditResults r, Map<String, Map<String, RocCurve>> rocs,
            List<ScoreHistogram> histograms) {
        StringBuilder h = new StringBuilder(1 << 16);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width\">")
                .append("<title>mia4j audit: ").append(esc(r.dataset().name())).append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em auto;padding:0 1em;max-width:1100px;")
                .append("color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;")
                .append("padding:3px 8px;text-align:right}th{background:#f3f3f3}td.l,th.l{text-align:left}")
                .append("td.l{white-space:nowrap}.tw{overflow-x:auto;max-width:100%}svg{max-width:100%;height:auto}")
                .append(".ci{color:#777;font-size:85%}.charts{display:flex;flex-wrap:wrap;gap:1em}")
                .append("nav ul{columns:2;list-style:none;padding-left:0}summary{cursor:pointer;font-weight:bold}")
                .append(".summary{background:#f7f7f7;padding:.5em 1em;border-left:4px solid #1f77b4}")
                .append("pre{background:#f7f7f7;padding:1em;overflow:auto;font-size:80%;white-space:pre-wrap}")
                .append("</style></head><body>\n");
        h.append("<h1>Membership inference audit</h1>\n");
        h.append("<p>Data set <b>").append(esc(r.dataset().name())).append("</b>: ").append(r.dataset().records())
                .append(" records, ").append(r.dataset().classes()).append(" classes; target members ")
                .append(r.dataset().targetMembers()).append(", non-members ").append(r.dataset().targetNonMembers())
                .append(". Seed ").append(r.provenance().seed()).append(". Wall time ")
                .append(String.format(Locale.ROOT, "%.1f s", r.wallSeconds())).append(".</p>\n");
        h.append(summary(r));
        String trade = tradeOff(r);
        String sweep = sweep(r);
        String div = divergence(r);
        String crit = critical(r);
        String privacy = privacy(r);
        h.append("<nav><h2>Contents</h2><ul>").append(link("verdict", "Verdict"))
                .append(privacy.isEmpty() ? "" : link("privacy", "Differential privacy"))
                .append(trade.isEmpty() ? "" : link("tradeoff", "Accuracy against leakage"))
                .append(sweep.isEmpty() ? "" : link("sweep", "Pruning sweep"))
                .append(histograms.isEmpty() ? "" : link("histograms", "Score distributions"))
                .append(link("roc", "ROC curves")).append(div.isEmpty() ? "" : link("divergence", "Prediction divergence"))
                .append(crit.isEmpty() ? "" : link("critical", "Critical weights")).append(link("models", "Models"))
                .append(link("attacks", "All attacks")).append(link("slices", "Slices and exposed records"))
                .append(link("provenance", "Provenance")).append("</ul></nav>\n");
        h.append("<h2 id=verdict>Verdict</h2>\n<ul>\n");
        r.verdict().forEach(v -> h.append("<li>").append(esc(v)).append("</li>\n"));
        h.append("</ul>\n");
        r.notes().forEach(n -> h.append("<p><b>Note:</b> ").append(esc(n)).append("</p>\n"));
        if (!r.skippedAttacks().isEmpty()) {
            h.append("<p>Skipped: ").append(esc(String.join("; ", r.skippedAttacks()))).append(".</p>\n");
        }
        h.append(anchor(privacy, "privacy")).append(anchor(trade, "tradeoff")).append(anchor(sweep, "sweep"));
        if (!histograms.isEmpty()) {
            h.append("<h2 id=histograms>Score distributions of the strongest attacks</h2>\n<p>Members against ")
                    .append("non-members, for each model's strongest attack at 0.1% FPR: the further apart, the more ")
                    .append("the model gives its members away.</p>\n<div class=charts>\n");
            for (ScoreHistogram g : histograms) {
                h.append(SvgCharts.histogram(g.model() + ": " + g.attack(), g.members(), g.nonMembers()));
            }
            h.append("</div>\n");
        }
        h.append("<h2 id=roc>ROC curves (log-log)</h2>\n<p>A curve above the dashed diagonal at low FPR means ")
                .append("the attack identifies some members with confidence.</p>\n<div class=charts>\n");
        for (Map.Entry<String, Map<String, RocCurve>> e : rocs.entrySet()) {
            h.append(rocSvg(e.getKey(), e.getValue(), r.dataset().targetNonMembers()));
        }
        h.append("</div>\n").append(anchor(div, "divergence")).append(anchor(crit, "critical"));

        h.append("<h2 id=models>Models</h2>\n<table><tr><th class=l>model</th><th>train acc</th>")
                .append("<th>test acc</th><th>gap</th><th>sparsity</th><th>params removed</th><th>FLOPs removed</th>")
                .append("<th>size reduction</th><th>epochs</th><th>best epoch</th><th>dev acc</th></tr>\n");
        for (ModelRow m : r.models()) {
            h.append(String.format(Locale.ROOT, "<tr><td class=l>%s</td><td>%.3f</td><td>%.3f</td><td>%.3f</td>"
                    + "<td>%.3f</td><td>%.3f</td><td>%.3f</td><td>%s</td><td>%d</td><td>%d</td><td>%s</td></tr>%n",
                    esc(m.model()), m.trainAccuracy(), m.testAccuracy(), m.trainAccuracy() - m.testAccuracy(),
                    m.sparsity(), m.parameterReduction(), m.flopReduction(), m.sizeReduction() == null ? ""
                            : String.format(Locale.ROOT, "%.3f", m.sizeReduction()), m.epochsRun(), m.bestEpoch(),
                    Double.isNaN(m.devAccuracy()) ? "" : String.format(Locale.ROOT, "%.3f", m.devAccuracy())));
        }
        h.append("</table>\n<p>Shadow models (").append(r.shadowModels().size()).append(" rows) are listed in ")
                .append("results.json.");
        if (r.models().stream().anyMatch(m -> m.sizeReduction() != null)) {
            h.append(" Quantized and clustered weights are stored as their dequantized fp32 values, so every engine ")
                    .append("op still works; the size reduction is that of the format (int-B weights plus an fp32 ")
                    .append("scale per row; log2 K-bit indices plus K fp32 centroids per layer), checked against ")
                    .append("the weights.");
        }
        h.append("</p>\n");

        h.append("<h2 id=attacks>All attacks</h2>\n<details><summary>").append(r.attacks().size())
                .append(" rows: every attack on every model (intervals: seeded stratified-bootstrap 95% percentile)")
                .append("</summary>\n<table><tr><th class=l>attack</th><th class=l>model</th>")
                .append("<th>balanced acc</th><th>AUC</th><th>TPR@1%FPR</th><th>TPR@0.1%FPR</th><th>TPR@0%FPR</th>")
                .append("<th title=\"max |TPR-FPR| at the best threshold chosen with the membership labels: an upper ")
                .append("bound no attacker can pick\">max advantage (oracle)</th>")
                .append("<th title=\"epsilon this attack alone proves at the model's delta: threshold from one half of ")
                .append("the records, Clopper-Pearson 95% error bounds on the other. Per attack: the largest of them ")
                .append("is not a 95% statement; the model's bound (verdict) is one test chosen over all attacks\">")
                .append("epsilon lower bound (per attack)</th></tr>\n");
        for (AttackRow a : r.attacks()) {
            h.append("<tr><td class=l>").append(esc(a.attack())).append("</td><td class=l>").append(esc(a.model()))
                    .append("</td>")
                    .append(cell(a.balancedAccuracy(), a.ci95().get("balanced_accuracy")))
                    .append(cell(a.auc(), a.ci95().get("auc")))
                    .append(cell(a.tprAt1PctFpr(), a.ci95().get("tpr_at_1pct_fpr")))
                    .append(cell(a.tprAt01PctFpr(), a.ci95().get("tpr_at_0_1pct_fpr")))
                    .append(cell(a.tprAt0Fpr(), null)).append(cell(a.advantage(), null))
                    .append(a.epsilonLowerBound() == null ? "<td></td>" : String.format(Locale.ROOT, "<td>%.2f</td>",
                            a.epsilonLowerBound().epsilon())).append("</tr>\n");
        }
        h.append("</table></details>\n<ul>\n");
        Map<String, String> described = new LinkedHashMap<>();
        r.attacks().forEach(a -> described.putIfAbsent(a.attack(), a.description()));
        described.forEach((k, v) -> h.append("<li><b>").append(esc(k)).append("</b>: ").append(esc(v))
                .append("</li>\n"));
        h.append("</ul>\n<p>Yuan &amp; Zhang's eight baselines are ")
                .append(esc(String.join(", ", org.mia4j.attack.AttackRegistry.PAPER_BASELINES)))
                .append(" (the paper does not name its eighth in our sources; mia4j counts label-only). ")
                .append("<i>entropy</i> and <i>top1-conf-gt</i> are what the paper's code runs under the names ")
                .append("Xent and Top1-conf.</p>\n");
        h.append("<div id=slices></div>").append(slicesTable(r)).append(exposedTable(r));
        h.append("<h2 id=provenance>Provenance</h2>\n<pre>");
        try {
            h.append(esc(Json.MAPPER.writeValueAsString(r.provenance())));
        } catch (JsonProcessingException ex) {
            h.append(esc(ex.toString()));
        }
        h.append("</pre>\n</body></html>\n");
        // every table scrolls inside the page rather than widening it
        return h.toString().replace("<table>", "<div class=tw><table>").replace("</table>", "</table></div>");
    }

    private static String link(String id, String text) {
        return "<li><a href=\"#" + id + "\">" + text + "</a></li>";
    }

    /** A section with an anchor on its heading. */
    private static String anchor(String section, String id) {
        return section.isEmpty() ? "" : section.replaceFirst("<h2>", "<h2 id=" + id + ">");
    }

    /** A few plain sentences first: what was audited, how the original leaks, what changed most. */
    static String summary(AuditResults r) {
        StringBuilder s = new StringBuilder("<div class=summary><p><b>In short.</b> ");
        s.append(String.format(Locale.ROOT, "%d model%s of %s audited with %d attacks on %d members and %d "
                + "non-members. ", r.models().size(), r.models().size() == 1 ? "" : "s", esc(r.dataset().name()),
                r.attacks().stream().map(AttackRow::attack).distinct().count(), r.dataset().targetMembers(),
                r.dataset().targetNonMembers()));
        r.verdict().stream().skip(1).limit(1).forEach(v -> s.append(esc(v.replaceFirst(";.*", "."))).append(' '));
        // the change quoted is at the operating point the level is judged at, not always 0.1% FPR
        String judged = Verdict.judgedMetric(r.dataset().targetNonMembers());
        boolean tpr = judged.startsWith("tpr");
        String at = judged.equals("auc") ? "by AUC" : judged.contains("0_1") ? "at 0.1%% FPR" : "at 1%% FPR";
        r.changes().stream().filter(c -> c.metric().equals(judged) && c.significant())
                .max(java.util.Comparator.comparingDouble(c -> Math.abs(c.value() - c.baseValue())))
                .ifPresent(c -> s.append(String.format(Locale.ROOT, "The largest significant change " + at + ": "
                        + "%s, " + (tpr ? "%.2f%% against %.2f%%" : "%.3f against %.3f") + " for %s. ",
                        esc(c.model()), (tpr ? 100 : 1) * c.value(), (tpr ? 100 : 1) * c.baseValue(), esc(c.base()))));
        return s.append("</p></div>\n").toString();
    }

    /** Each DP-SGD model's accountant epsilon next to the epsilon lower bound the attacks prove on it. */
    static String privacy(AuditResults r) {
        List<ModelRow> dp = r.models().stream().filter(m -> m.dp() != null).toList();
        if (dp.isEmpty()) {
            return "";
        }
        StringBuilder h = new StringBuilder("<h2>Differential privacy</h2>\n<p>The accountant's epsilon is an upper ")
                .append("bound on what any attack can prove; the empirical lower bound is what the attacks here do ")
                .append("prove: one (attack, threshold) chosen over all attacks on one half of the audited records, ")
                .append("its errors counted on the other with Clopper-Pearson 95% bounds, so the figure holds at 95% ")
                .append("confidence. A lower bound above the accountant's epsilon would mean the guarantee ")
                .append("does not hold.</p>\n<table><tr><th class=l>model</th><th class=l>scope</th><th>sigma</th>")
                .append("<th>clip</th><th>sampling rate</th><th>steps</th><th class=l>sigma chosen for</th>")
                .append("<th>delta</th><th>accountant epsilon</th>")
                .append("<th>empirical lower bound</th><th class=l>by</th><th>test acc</th></tr>\n");
        for (ModelRow m : dp) {
            var d = m.dp();
            var e = m.epsilonLowerBound();
            h.append(String.format(Locale.ROOT, "<tr><td class=l>%s</td><td class=l>%s</td><td>%.3f</td><td>%.2f</td>"
                    + "<td>%.4f</td><td>%d</td><td class=l>%s</td><td>%s</td><td>%.2f</td><td>%s</td>"
                    + "<td class=l>%s</td><td>%.3f</td></tr>%n", esc(m.model()), esc(d.scope()), d.noiseMultiplier(),
                    d.clip(), d.samplingRate(), d.steps(), d.targetEpsilon() == null ? "given"
                            : String.format(Locale.ROOT, "epsilon %s over %d steps", d.targetEpsilon(),
                                    d.noiseSteps()), d.delta(), d.epsilon(), e == null ? ""
                            : String.format(Locale.ROOT, "%.2f", e.epsilon()),
                    e == null ? "" : esc(e.attack()), m.testAccuracy()));
        }
        return h.append("</table>\n").toString();
    }

    /** Fang &amp; Kim's analysis: correlations, concentration, overlap and per-layer shares of the scores. */
    static String critical(AuditResults r) {
        AuditResults.CriticalWeightsReport c = r.criticalWeights();
        if (c == null) {
            return "";
        }
        StringBuilder h = new StringBuilder("<h2>Critical weights (Fang &amp; Kim)</h2>\n<p>")
                .append(c.weights()).append(" trainable weights of the target scored for learnability (")
                .append(esc(c.learnabilityForm())).append(") and privacy vulnerability (PVE, lambda ")
                .append(c.pveOptions().lambda()).append(", ").append(c.pveOptions().steps()).append(" steps). ")
                .append("The paper reports Pearson r for ResNet-18: conv 0.94, linear 0.81, norm 0.68.</p>\n")
                .append("<table><tr><th class=l>component</th><th>weights</th><th>Pearson</th><th>Spearman</th>")
                .append("<th>loss-gap vs PVE: Pearson</th><th>Spearman</th></tr>\n");
        for (int i = 0; i < c.learnabilityVsPve().size(); i++) {
            var a = c.learnabilityVsPve().get(i);
            var b = c.lossGapVsPve().get(i);
            h.append(String.format(Locale.ROOT, "<tr><td class=l>%s</td><td>%d</td><td>%.3f</td><td>%.3f</td>"
                    + "<td>%.3f</td><td>%.3f</td></tr>%n", esc(a.component()), a.weights(), a.pearson(),
                    a.spearman(), b.pearson(), b.spearman()));
        }
        h.append("</table>\n<table><tr><th>top rho of weights</th><th>share of PVE</th><th>share of learnability")
                .append("</th><th>Jaccard of the two top sets</th></tr>\n");
        c.pveConcentration().forEach((rho, share) -> h.append(String.format(Locale.ROOT,
                "<tr><td>%s</td><td>%.3f</td><td>%.3f</td><td>%.3f</td></tr>%n", rho, share,
                c.learnabilityConcentration().get(rho), c.topJaccard().get(rho))));
        h.append("</table>\n");
        List<String> layers = c.perLayer().stream().map(AuditResults.LayerShare::parameter).toList();
        Map<String, double[]> shares = new LinkedHashMap<>();
        shares.put("share of weights", c.perLayer().stream().mapToDouble(AuditResults.LayerShare::shareOfWeights)
                .toArray());
        shares.put("share of PVE", c.perLayer().stream().mapToDouble(AuditResults.LayerShare::shareOfPve).toArray());
        shares.put("share of top-0.1% PVE weights", c.perLayer().stream()
                .mapToDouble(AuditResults.LayerShare::shareOfTopPve).toArray());
        shares.put("share of learnability", c.perLayer().stream()
                .mapToDouble(AuditResults.LayerShare::shareOfLearnability).toArray());
        h.append("<div class=charts>\n").append(SvgCharts.scatter("learnability vs privacy vulnerability (2,000 "
                + "sampled weights, log-log)", "learnability", "PVE", c.scatterSample(), List.of("colour = component "
                + "(order as in the table above)"))).append("</div>\n");
        return h.append(SvgCharts.bars("where the scores sit, per parameter", "share", layers, shares)).toString();
    }

    /** Every variant's test accuracy against its strongest attack: what each transform or defense buys. */
    static String tradeOff(AuditResults r) {
        if (r.models().size() < 2) {
            return "";
        }
        Map<String, double[]> pts = new LinkedHashMap<>();
        StringBuilder t = new StringBuilder("<table><tr><th class=l>model</th><th>test acc</th><th>gap</th>")
                .append("<th class=l>strongest by AUC</th><th>AUC</th><th class=l>strongest at 0.1% FPR</th>")
                .append("<th>TPR@0.1%FPR</th></tr>\n");
        for (ModelRow m : r.models()) {
            Verdict.strongest(r.attacks(), m.model()).ifPresent(a -> {
                // each operating point names its own strongest attack: the best AUC is not the best at low FPR
                AttackRow low = Verdict.strongestAt(r.attacks(), m.model(), AttackRow::tprAt01PctFpr).orElse(a);
                pts.put(m.model(), new double[] {m.testAccuracy(), a.auc()});
                t.append(String.format(Locale.ROOT, "<tr><td class=l>%s</td><td>%.3f</td><td>%.3f</td><td class=l>%s"
                        + "</td>%s<td class=l>%s</td>%s</tr>%n", esc(m.model()), m.testAccuracy(),
                        m.trainAccuracy() - m.testAccuracy(), esc(a.attack()), cell(a.auc(), a.ci95().get("auc")),
                        esc(low.attack()), cell(low.tprAt01PctFpr(), low.ci95().get("tpr_at_0_1pct_fpr"))));
            });
        }
        return "<h2>Accuracy against leakage</h2>\n<p>Each model's test accuracy and the AUC of the strongest attack "
                + "on it: down and to the right is better. A defense or transform that only moves a point down-left "
                + "trades accuracy for privacy.</p>\n<div class=charts>\n"
                + SvgCharts.labelled("test accuracy vs strongest attack AUC", "test accuracy", "strongest AUC", pts)
                + "</div>\n" + t.append("</table>\n");
    }

    /** Pruning sweep: AUC and accuracy against sparsity per pruner (the original at sparsity 0 in every line). */
    static String sweep(AuditResults r) {
        java.util.Optional<ModelRow> orig = r.models().stream().filter(m -> m.variant().isOriginal()).findFirst();
        if (orig.isEmpty() || r.models().stream().noneMatch(m -> m.variant().level() != null)) {
            return "";
        }
        Map<String, List<double[]>> auc = new LinkedHashMap<>();
        Map<String, List<double[]>> acc = new LinkedHashMap<>();
        ModelRow original = orig.get();
        double origAuc = Verdict.strongest(r.attacks(), original.model()).map(AttackRow::auc).orElse(Double.NaN);
        for (ModelRow m : r.models()) {
            if (m.variant().level() == null) { // no sweep position (original, fine-tune baseline, from scratch)
                continue;
            }
            String p = m.variant().sweepLine();
            double s = m.variant().level();
            auc.computeIfAbsent(p, k -> new java.util.ArrayList<>(List.of(new double[] {0, origAuc})))
                    .add(new double[] {s, Verdict.strongest(r.attacks(), m.model()).map(AttackRow::auc)
                            .orElse(Double.NaN)});
            acc.computeIfAbsent(p, k -> new java.util.ArrayList<>(List.of(new double[] {0,
                original.testAccuracy()}))).add(new double[] {s, m.testAccuracy()});
        }
        StringBuilder h = new StringBuilder("<h2>Pruning: leakage and accuracy against sparsity</h2>\n")
                .append("<p>Each line starts at the original model (sparsity 0). Leakage is the AUC of the ")
                .append("strongest attack on each variant; the tables above give every attack.</p>\n")
                .append("<div class=charts>\n")
                .append(SvgCharts.lines("strongest attack AUC", "requested sparsity", "AUC", auc))
                .append(SvgCharts.lines("target test accuracy", "requested sparsity", "accuracy", acc))
                .append("</div>\n");
        return h.toString();
    }

    /** Per-class gap of mean true-class confidence, members minus non-members, per model. */
    static String divergence(AuditResults r) {
        List<String> classes = r.divergence().stream().map(AuditResults.DivergenceRow::cls).distinct()
                .filter(c -> !c.equals("all")).toList();
        if (classes.isEmpty()) {
            return "";
        }
        Map<String, double[]> gap = new LinkedHashMap<>();
        for (AuditResults.DivergenceRow d : r.divergence()) {
            int i = classes.indexOf(d.cls());
            if (i >= 0) {
                gap.computeIfAbsent(d.model(), k -> new double[classes.size()])[i] = d.confidenceGap();
            }
        }
        StringBuilder h = new StringBuilder("<h2>Prediction divergence by class</h2>\n<p>Mean true-class ")
                .append("confidence of members minus non-members, per class (Yuan &amp; Zhang section 4). ")
                .append("results.json also holds the loss gap and the Wasserstein-1 distance per class.</p>\n")
                .append(SvgCharts.bars("confidence gap (members - non-members)", "gap", classes, gap))
                .append("<table><tr><th class=l>model</th><th>confidence gap (all)</th><th>loss gap (all)</th>")
                .append("<th>Wasserstein-1 (all)</th></tr>\n");
        for (AuditResults.DivergenceRow d : r.divergence()) {
            if (d.cls().equals("all")) {
                h.append(String.format(Locale.ROOT, "<tr><td class=l>%s</td><td>%.4f</td><td>%.4f</td><td>%.4f</td>"
                        + "</tr>%n", esc(d.model()), d.confidenceGap(), d.lossGap(), d.wasserstein()));
            }
        }
        return h.append("</table>\n").toString();
    }

    /** Per-slice AUC of each model's strongest attack (by overall AUC). */
    static String slicesTable(AuditResults r) {
        Map<String, String> strongest = new LinkedHashMap<>();
        for (ModelRow m : r.models()) {
            Verdict.strongest(r.attacks(), m.model()).ifPresent(a -> strongest.put(m.model(), a.attack()));
        }
        Map<String, Map<String, AuditResults.SliceRow>> bySlice = new LinkedHashMap<>();
        for (AuditResults.SliceRow s : r.slices()) {
            if (s.attack().equals(strongest.get(s.model()))) {
                bySlice.computeIfAbsent(s.slice(), k -> new LinkedHashMap<>()).put(s.model(), s);
            }
        }
        if (bySlice.isEmpty()) {
            return "";
        }
        StringBuilder h = new StringBuilder("<h2>Where it leaks: slices</h2>\n<p>AUC of each model's strongest ")
                .append("attack on the records of one true class, and on correctly vs wrongly classified records ")
                .append("(slices with both members and non-members). All attacks' slices are in results.json.</p>\n")
                .append("<table><tr><th class=l>slice</th>");
        strongest.forEach((m, a) -> h.append("<th>").append(esc(m)).append("<br><span class=ci>")
                .append(esc(a)).append("</span></th><th>members / non</th>"));
        h.append("</tr>\n");
        bySlice.forEach((slice, cells) -> {
            h.append("<tr><td class=l>").append(esc(slice)).append("</td>");
            for (String m : strongest.keySet()) {
                AuditResults.SliceRow c = cells.get(m);
                h.append(c == null ? "<td></td><td></td>" : String.format(Locale.ROOT,
                        "<td>%.3f</td><td>%d / %d</td>", c.auc(), c.members(), c.nonMembers()));
            }
            h.append("</tr>\n");
        });
        return h.append("</table>\n").toString();
    }

    static String exposedTable(AuditResults r) {
        if (r.mostExposed().isEmpty()) {
            return "";
        }
        StringBuilder h = new StringBuilder("<h2>Most exposed members</h2>\n<p>Training records the strongest ")
                .append("attack is surest about (record = index in the data pool). Records with the same score tie: ")
                .append("their order among themselves is record order, not a ranking.</p>\n<table><tr>")
                .append("<th class=l>model</th><th class=l>attack</th><th>rank</th><th>record</th><th>label</th>")
                .append("<th>score</th><th class=l>tie</th></tr>\n");
        for (AuditResults.ExposedRecord e : r.mostExposed()) {
            h.append(String.format(Locale.ROOT, "<tr><td class=l>%s</td><td class=l>%s</td><td>%d</td><td>%d</td>"
                    + "<td>%s</td><td>%.4g</td><td class=l>%s</td></tr>%n", esc(e.model()), esc(e.attack()), e.rank(),
                    e.record(), esc(e.label()), e.score(), e.tiedMembers() > 1 ? "tied with " + (e.tiedMembers() - 1)
                            + " other member" + (e.tiedMembers() == 2 ? "" : "s") : ""));
        }
        return h.append("</table>\n").toString();
    }

    private static String cell(double v, Interval ci) {
        String s = String.format(Locale.ROOT, "<td>%.3f", v);
        if (ci != null) {
            s += String.format(Locale.ROOT, "<br><span class=ci>%.3f&ndash;%.3f</span>", ci.low(), ci.high());
        }
        return s + "</td>";
    }

    /** Log-log ROC; FPR and TPR of 0 are drawn at the axis floor, one decade below 1/non-members. */
    static String rocSvg(String title, Map<String, RocCurve> curves, int nonMembers) {
        double floor = Math.pow(10, Math.floor(Math.log10(1.0 / Math.max(nonMembers, 1))));
        double lo = Math.log10(floor);
        int pw = W - ML - MR;
        int ph = H - MT - MB;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-size=\"11\" role=\"img\" aria-label=\"ROC %s\">%n", W, H + 16, esc(title)));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"14\" font-weight=\"bold\">%s</text>%n", ML,
                esc(title)));
        int top = MT + 10;
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#999\"/>%n", ML, top, pw, ph));
        for (int d = (int) lo; d <= 0; d++) {
            double fx = ML + (d - lo) / -lo * pw;
            double fy = top + ph - (d - lo) / -lo * ph;
            String label = d == 0 ? "1" : "1e" + d;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", fx, top, fx, top + ph, fx,
                    top + ph + 14, label));
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", ML, fy, ML + pw, fy, ML - 4,
                    fy + 4, label));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">false positive rate"
                + "</text><text transform=\"translate(14,%d) rotate(-90)\" text-anchor=\"middle\">true positive rate"
                + "</text>%n", ML + pw / 2, top + ph + 32, top + ph / 2));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\" "
                + "stroke-dasharray=\"4 3\"/>%n", ML, top + ph, ML + pw, top));
        int c = 0;
        for (Map.Entry<String, RocCurve> e : curves.entrySet()) {
            String color = SvgCharts.COLORS[c % SvgCharts.COLORS.length];
            // past the palette, dashes keep every attack's curve distinct
            String dash = c < SvgCharts.COLORS.length ? "" : " stroke-dasharray=\"6 3\"";
            s.append("<polyline class=\"d\" fill=\"none\" stroke-width=\"1.5\"").append(dash)
                    .append(" stroke=\"").append(color).append("\" points=\"");
            RocCurve roc = e.getValue();
            double lastX = -1;
            double lastY = -1;
            double prevY = top + ph;
            for (int k = 0; k < roc.fpr().length; k++) {
                double x = ML + (Math.log10(Math.max(roc.fpr()[k], floor)) - lo) / -lo * pw;
                double y = top + ph - (Math.log10(Math.max(roc.tpr()[k], floor)) - lo) / -lo * ph;
                // ROC is a step function: go right at the old TPR, then up.
                if (Math.abs(x - lastX) >= 0.5 || Math.abs(y - lastY) >= 0.5 || k == roc.fpr().length - 1) {
                    if (k > 0) {
                        s.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, prevY));
                    }
                    s.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                    lastX = x;
                    lastY = y;
                }
                prevY = y;
            }
            s.append("\"/>\n");
            int ly = top + 8 + 16 * c;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"2\"%s/><text x=\"%d\" y=\"%d\">%s (AUC %.3f)</text>%n", ML + pw + 8, ly,
                    ML + pw + 24, ly, color, dash, ML + pw + 28, ly + 4, esc(e.getKey()), roc.auc()));
            c++;
        }
        return s.append("</svg>\n").toString();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

}
