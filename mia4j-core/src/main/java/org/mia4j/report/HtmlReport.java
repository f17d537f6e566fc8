package org.mia4j.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.mia4j.attack.AttackRegistry;
import org.mia4j.json.Json;
import org.mia4j.metric.Interval;
import org.mia4j.metric.RocCurve;
import org.mia4j.model.Variant;
import org.mia4j.report.AuditResults.AttackRow;
import org.mia4j.report.AuditResults.ModelRow;

/**
 * {@code report.html}: one self-contained page (no scripts, fonts or images fetched) with the verdict, the model
 * and attack tables, and log-log ROC curves drawn as inline SVG. We draw the SVG ourselves: a Java charting
 * library (JFreeChart) would pull in AWT and need system fonts on headless servers for a few polylines.
 */
public final class HtmlReport {
    private static final int W = 420;
    private static final int H = 340;
    private static final int ML = 56;
    private static final int MR = 20;
    private static final int MT = 20;
    private static final int MB = 44;

    /** How many attacks a ROC chart shows before the rest are folded away. */
    static final int ROC_SHOWN = 6;
    private static final String STYLE = "body{font-family:system-ui,sans-serif;margin:1em auto;padding:0 1em;"
            + "max-width:1100px;color:#222;overflow-wrap:break-word}h1{font-size:1.5em;margin:.3em 0 .5em}"
            + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;"
            + "text-align:right;vertical-align:top}th{background:#f3f3f3}td.l,th.l{text-align:left}"
            + "td.l{white-space:nowrap}.tw{overflow-x:auto;max-width:100%}svg{max-width:100%;height:auto}"
            + ".ci{color:#666;font-size:85%}.charts{display:flex;flex-wrap:wrap;gap:1em}.charts>*{min-width:0}"
            + "nav ul{columns:2;list-style:none;padding-left:0}summary{cursor:pointer;font-weight:bold}"
            + ".summary{background:#f7f7f7;padding:.1em 1em;border-left:4px solid #1f77b4;margin:1em 0}"
            + "pre{background:#f7f7f7;padding:1em;overflow:auto;font-size:80%;white-space:pre-wrap}"
            + "#scorecard table{margin:.3em 0}#scorecard td{white-space:normal}#scorecard td.n,.nw{white-space:nowrap}#scorecard td.ch{min-width:13em}"
            + ".lv{display:inline-block;padding:0 .5em;border-radius:.8em;color:#fff;font-weight:bold}"
            + ".lv-none{background:#2e7d32}.lv-low{background:#827717}.lv-moderate{background:#e65100}"
            + ".lv-high{background:#b71c1c}.bad{color:#b71c1c;font-weight:bold}tr.broken td{background:#f4f4f4}"
            + ".legend{font-size:80%;color:#444}ul.verdict li{margin:.2em 0}"
            + "details.notes{margin:1em 0}details.notes h3{font-size:1em;margin:.6em 0 .2em}";

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
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>mia4j audit: ").append(esc(r.dataset().name())).append("</title>\n<style>")
                .append(STYLE).append("</style></head><body>\n");
        h.append("<h1>Membership inference audit: ").append(esc(r.dataset().name())).append("</h1>\n");
        h.append(scorecard(r));
        h.append(summary(r));
        h.append("<p class=ci>Data set <b>").append(esc(r.dataset().name())).append("</b>: ")
                .append(r.dataset().records()).append(" records, ").append(r.dataset().classes())
                .append(" classes; target members ").append(r.dataset().targetMembers()).append(", non-members ")
                .append(r.dataset().targetNonMembers()).append(". Seed ").append(r.provenance().seed())
                .append(". Wall time ").append(String.format(Locale.ROOT, "%.1f s", r.wallSeconds()))
                .append(".</p>\n");
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
        h.append("<h2 id=verdict>Verdict</h2>\n<ul class=verdict>\n");
        r.verdict().forEach(v -> h.append("<li>").append(esc(v)).append("</li>\n"));
        h.append("</ul>\n").append(notes(r.notes()));
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
                .append("the attack identifies some members with confidence. Each chart shows the ").append(ROC_SHOWN)
                .append(" strongest attacks by TPR at 1% FPR; the others are one click below it.</p>\n")
                .append("<div class=charts>\n");
        for (Map.Entry<String, Map<String, RocCurve>> e : rocs.entrySet()) {
            h.append(rocCharts(e.getKey(), e.getValue(), r.attacks(), r.dataset().targetNonMembers()));
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
                .append(esc(String.join(", ", AttackRegistry.PAPER_BASELINES)))
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

    /**
     * One row per model, first on the page: accuracy and its change from the model's base, the leakage level as a
     * coloured word, the strongest attack where the level is judged, the best AUC, the epsilon lower bound (and the
     * accountant's), and the paired change from the base; then a legend that says how a level is judged.
     */
    static String scorecard(AuditResults r) {
        List<ModelRow> models = audited(r);
        if (models.isEmpty()) {
            return "";
        }
        String judged = Verdict.judge(r.attacks(), models.get(0).model()).metric();
        StringBuilder h = new StringBuilder("<section id=scorecard><table><tr><th class=l>model</th>")
                .append("<th class=l>leakage</th><th>test accuracy<br><span class=ci>change from base</span></th>")
                .append("<th class=l>strongest at ").append(Verdict.at(judged))
                .append("<br><span class=ci>95% interval</span></th><th>best AUC<br><span class=ci>95% interval</span>")
                .append("</th><th>&epsilon; lower bound<br><span class=ci>accountant &epsilon;</span></th>")
                .append("<th class=l>against its base<br><span class=ci>the original, or the undefended twin; ")
                .append("paired, at ").append(Verdict.at(judged)).append("</span></th></tr>\n");
        boolean anyBroken = false;
        boolean anyTrainedMore = false;
        for (ModelRow m : models) {
            Verdict.Level lv = Verdict.judge(r.attacks(), m.model());
            AttackRow auc = Verdict.strongest(r.attacks(), m.model()).orElseThrow();
            Optional<ModelRow> base = Verdict.base(m, r.models());
            Optional<String> broken = Verdict.noLongerWorks(m, r.models());
            anyBroken |= broken.isPresent();
            h.append(broken.isPresent() ? "<tr class=broken>" : "<tr>").append("<td class=l>")
                    .append(breakable(m.model()))
                    .append(broken.isPresent() ? "<br><span class=bad>no longer works</span>" : "")
                    .append("</td><td class=\"l n\">").append(badge(lv.word())).append("</td><td class=n>")
                    .append(String.format(Locale.ROOT, "%.3f", m.testAccuracy()));
            base.ifPresent(b -> h.append(String.format(Locale.ROOT, "<br><span class=ci>%+.1f points</span>",
                    100 * (m.testAccuracy() - b.testAccuracy()))));
            // the leakage right after the name: on a phone the table scrolls, and these two show first
            h.append("</td><td class=l><b>").append(value(lv.metric(), lv.value())).append("</b> <span class=nw>")
                    .append(esc(lv.attack().attack())).append("</span>")
                    .append(interval(lv.metric(), lv.ci())).append("</td><td class=n>")
                    .append(String.format(Locale.ROOT, "%.3f", auc.auc())).append(interval("auc", auc.ci95()
                            .get("auc"))).append("</td><td class=n>");
            if (m.epsilonLowerBound() != null) {
                h.append(String.format(Locale.ROOT, "&ge; %.2f", m.epsilonLowerBound().epsilon()));
            }
            if (m.dp() != null) {
                h.append(String.format(Locale.ROOT, "<br><span class=ci>accountant %.2f%s</span>", m.dp().epsilon(),
                        m.dp().scope().equals("whole-training") ? "" : " (fine-tuning only)"));
            }
            h.append("</td><td class=\"l ch\">");
            Optional<AuditResults.ChangeRow> c = change(r, m.model(), lv.metric());
            if (c.isPresent()) {
                ModelRow b = r.models().stream().filter(x -> x.model().equals(c.get().base())).findFirst()
                        .orElseThrow();
                h.append(changeCell(c.get(), b.variant().isOriginal()));
                if (Verdict.trainedMore(m, b)) {
                    anyTrainedMore = true;
                    h.append(String.format(Locale.ROOT, "<br><span class=ci>trained more: train accuracy %.3f "
                            + "&rarr; %.3f</span>", b.trainAccuracy(), m.trainAccuracy()));
                }
            } else {
                h.append(base.map(b -> "<span class=ci>not compared (records differ)</span>").orElse("&mdash;"));
            }
            h.append("</td></tr>\n");
        }
        h.append("</table>\n<p class=legend><b>How to read it.</b> ").append(legend(judged, models.get(0)));
        if (anyBroken) {
            h.append(String.format(Locale.ROOT, " <b>No longer works</b>: test accuracy more than %.0f%% below its "
                    + "base's, or under half the original's: it leaks little because it predicts little.",
                    100 * Verdict.MAX_ACCURACY_DROP));
        }
        if (anyTrainedMore) {
            h.append(" <b>Trained more</b>: its train accuracy rose from its base's; fitting the members more raises "
                    + "leakage by itself, so part of a rise is that, not the transform or defense.");
        }
        return h.append("</p></section>\n").toString();
    }

    /** The audited models (those with attack rows), in results order. */
    private static List<ModelRow> audited(AuditResults r) {
        return r.models().stream().filter(m -> r.attacks().stream().anyMatch(a -> a.model().equals(m.model())))
                .toList();
    }

    /** How a level is judged, in one paragraph: the rule, and why "low" can sit beside a large epsilon. */
    static String legend(String judged, ModelRow any) {
        String rule = switch (judged) {
            case "auc" -> "judged by AUC, as the non-members are too few for a low-FPR level: <i>no evidence</i> "
                    + "when the strongest attack's 95% interval includes 0.5; <i>low</i> below AUC 0.6; "
                    + "<i>moderate</i> below 0.7; <i>high</i> above";
            default -> {
                String fpr = Verdict.at(judged);
                double f = judged.equals("tpr_at_1pct_fpr") ? 1 : 0.1;
                yield String.format(Locale.ROOT, "judged at %s, the lowest false-positive rate these non-members "
                        + "support (%d false positives possible): <i>no evidence</i> when the strongest attack's 95%% "
                        + "interval includes chance (TPR = FPR); <i>low</i> below 10&times; the FPR (TPR under %s%%); "
                        + "<i>moderate</i> below 50&times; (%s%%); <i>high</i> above", fpr,
                        Verdict.MIN_RECORDS_AT_LEVEL, trim(10 * f), trim(50 * f));
            }
        };
        return "Leakage level: " + rule + ". <i>Low</i> is still leakage, only under the <i>moderate</i> bar. "
                + "The &epsilon; lower bound measures something else: ln(TPR/FPR) at the one threshold where it is "
                + "largest, with 95% bounds, so a few members flagged with near certainty make it large while most "
                + "members stay hidden (a low level beside a large &epsilon;); above a DP model's accountant "
                + "&epsilon;, its guarantee would not hold. Changes are paired on the same records: "
                + "<i>significant</i> when the 95% interval excludes 0.";
    }

    /** A model name that breaks only before a "+" (not at its hyphens): l1-unstructured@0.5 / +dp-sgd@eps=4. */
    private static String breakable(String model) {
        String[] parts = model.split("\\+", -1);
        StringBuilder s = new StringBuilder("<span class=nw>").append(esc(parts[0])).append("</span>");
        for (int i = 1; i < parts.length; i++) {
            s.append("<wbr><span class=nw>+").append(esc(parts[i])).append("</span>");
        }
        return s.toString();
    }

    private static String trim(double v) {
        return Variant.format(v);
    }

    private static String badge(String word) {
        return "<span class=\"lv lv-" + (word.equals("no evidence") ? "none" : word) + "\">" + word + "</span>";
    }

    private static Optional<AuditResults.ChangeRow> change(AuditResults r, String model, String metric) {
        return r.changes().stream().filter(c -> c.model().equals(model) && c.metric().equals(metric)).findFirst();
    }

    /** A TPR in percent, an AUC as it is. */
    private static String value(String metric, double v) {
        return metric.equals("auc") ? String.format(Locale.ROOT, "%.3f", v)
                : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static String interval(String metric, Interval ci) {
        if (ci == null) {
            return "";
        }
        return metric.equals("auc") ? String.format(Locale.ROOT, "<br><span class=ci>%.3f&ndash;%.3f</span>",
                ci.low(), ci.high()) : String.format(Locale.ROOT, "<br><span class=ci>%.1f&ndash;%.1f%%</span>",
                        100 * ci.low(), 100 * ci.high());
    }

    /**
     * A paired change: the difference and whether it is significant, then its interval, and the base when it is
     * not the original (a defended model's undefended twin).
     */
    private static String changeCell(AuditResults.ChangeRow c, boolean baseIsOriginal) {
        boolean tpr = !c.metric().equals("auc");
        double k = tpr ? 100 : 1;
        String f = tpr ? "%+.1f" : "%+.3f";
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, f + "%s, ", k * (c.value() - c.baseValue()),
                tpr ? " points" : ""));
        if (c.ci95() == null) {
            s.append("no interval");
        } else {
            s.append(c.significant() ? "<b>significant " + (c.value() > c.baseValue() ? "rise" : "fall") + "</b>"
                    : "not significant").append(String.format(Locale.ROOT, "<br><span class=ci>[" + f + ", " + f
                            + "]", k * c.ci95().low(), k * c.ci95().high()));
        }
        s.append(baseIsOriginal ? "" : (c.ci95() == null ? "<br><span class=ci>" : " ") + "vs "
                + breakable(c.base()));
        return s.append(c.ci95() == null && baseIsOriginal ? "" : "</span>").toString();
    }

    /**
     * At most three plain sentences: what the run was for first (each pruned or compressed model against the
     * original; each defended model against its undefended one), then the largest significant change among models
     * that still work. A model that no longer works is never the headline.
     */
    static String summary(AuditResults r) {
        List<ModelRow> models = audited(r);
        List<String> out = new ArrayList<>();
        java.util.Set<String> named = new java.util.HashSet<>();
        List<ModelRow> transformed = models.stream().filter(m -> !m.variant().isDefended()
                && m.variant().kind() != Variant.Kind.ORIGINAL).toList();
        List<ModelRow> defended = models.stream().filter(m -> m.variant().isDefended()).toList();
        Optional<ModelRow> original = models.stream().filter(m -> m.variant().isOriginal()).findFirst();
        if (!transformed.isEmpty()) {
            String what = transformed.stream().allMatch(m -> m.variant().kind() == Variant.Kind.TREATMENT)
                    ? "Critical-weight treatments" : transformed.stream().anyMatch(m -> m.variant().kind()
                            == Variant.Kind.COMPRESSION || !m.variant().compression().isEmpty())
                                    ? "Pruning and compression" : "Pruning";
            out.add(effects(what + " against the original" + original.map(o -> " (" + levelPhrase(r, o) + ")")
                    .orElse(""), transformed, r, named));
        }
        if (!defended.isEmpty()) {
            out.add(effects("Defenses against their undefended models", defended, r, named));
        }
        r.changes().stream().filter(c -> c.significant() && c.ci95() != null && !named.contains(c.model()))
                .filter(c -> c.metric().equals(Verdict.judge(r.attacks(), c.model()).metric()))
                .filter(c -> works(r, c.model()) && works(r, c.base()))
                .max(java.util.Comparator.comparingDouble(c -> Math.abs(c.value() - c.baseValue())))
                .ifPresentOrElse(c -> out.add(String.format(Locale.ROOT, "The largest significant change at %s: "
                        + "%s, %s against %s for %s.", Verdict.at(c.metric()), esc(c.model()), value(c.metric(),
                                c.value()), value(c.metric(), c.baseValue()), esc(c.base()))), () -> {
                                    if (out.isEmpty() && original.isPresent()) {
                                        out.add("The original: " + levelPhrase(r, original.get()) + ".");
                                    }
                                });
        StringBuilder s = new StringBuilder("<div class=summary><p><b>In short.</b> ");
        out.stream().limit(3).forEach(x -> s.append(x).append(' '));
        return s.append("</p></div>\n").toString();
    }

    private static boolean works(AuditResults r, String model) {
        return r.models().stream().filter(m -> m.model().equals(model)).findFirst()
                .map(m -> Verdict.noLongerWorks(m, r.models()).isEmpty()).orElse(false);
    }

    /** "high leakage at 1% FPR, rmia TPR 30.0%". */
    private static String levelPhrase(AuditResults r, ModelRow m) {
        Verdict.Level lv = Verdict.judge(r.attacks(), m.model());
        return String.format(Locale.ROOT, "%s leakage at %s, %s %s%s", lv.word(), lv.at(), esc(lv.attack().attack()),
                lv.metric().equals("auc") ? "AUC " : "TPR ", value(lv.metric(), lv.value()));
    }

    /**
     * One sentence on what a group of variants did against their bases: each named when there are at most three,
     * else counted by outcome with the largest rise among those that work.
     */
    private static String effects(String what, List<ModelRow> group, AuditResults r, java.util.Set<String> named) {
        List<String> parts = new ArrayList<>();
        int more = 0;
        int less = 0;
        int same = 0;
        List<String> broken = new ArrayList<>();
        AuditResults.ChangeRow top = null;
        for (ModelRow m : group) {
            String metric = Verdict.judge(r.attacks(), m.model()).metric();
            Optional<AuditResults.ChangeRow> c = change(r, m.model(), metric);
            boolean works = Verdict.noLongerWorks(m, r.models()).isEmpty();
            if (!works) {
                broken.add(m.model());
            }
            String acc = Verdict.base(m, r.models()).map(b -> String.format(Locale.ROOT, ", test accuracy %.3f "
                    + "&rarr; %.3f", b.testAccuracy(), m.testAccuracy())).orElse("");
            if (c.isEmpty()) {
                parts.add(esc(m.model()) + ": not compared" + acc);
                continue;
            }
            AuditResults.ChangeRow x = c.get();
            boolean rise = x.value() > x.baseValue();
            String trend = x.ci95() == null ? "no interval" : !x.significant() ? "no significant change"
                    : rise ? "leaks significantly more" : "leaks significantly less";
            if (!works) {
                // counted apart: a model that no longer works is no result either way
            } else if (x.ci95() != null && x.significant()) {
                if (rise) {
                    more++;
                    if (top == null || x.value() - x.baseValue() > top.value() - top.baseValue()) {
                        top = x;
                    }
                } else {
                    less++;
                }
            } else {
                same++;
            }
            parts.add(String.format(Locale.ROOT, "%s %s (%s &rarr; %s at %s%s)%s", esc(m.model()), trend,
                    value(metric, x.baseValue()), value(metric, x.value()), Verdict.at(metric), acc,
                    works ? "" : ", but it no longer works"));
        }
        if (group.size() <= 3) {
            group.forEach(m -> named.add(m.model()));
            return what + ": " + String.join("; ", parts) + ".";
        }
        int working = group.size() - broken.size();
        StringBuilder s = new StringBuilder(what).append(", ").append(group.size()).append(" models: ");
        if (working == 0) {
            s.append("all no longer work (").append(esc(String.join(", ", broken))).append("), so their lower "
                    + "leakage is no result");
        } else {
            s.append(String.format(Locale.ROOT, "of the %d that still work, %d leak%s significantly more", working,
                    more, more == 1 ? "s" : ""));
            if (top != null) {
                named.add(top.model());
                s.append(String.format(Locale.ROOT, " (most: %s, %s &rarr; %s at %s)", esc(top.model()),
                        value(top.metric(), top.baseValue()), value(top.metric(), top.value()),
                        Verdict.at(top.metric())));
            }
            s.append(String.format(Locale.ROOT, ", %d less, %d show no significant change", less, same));
            if (!broken.isEmpty()) {
                s.append(String.format(Locale.ROOT, "; %d no longer work%s (%s)", broken.size(),
                        broken.size() == 1 ? "s" : "", esc(String.join(", ", broken))));
            }
        }
        return s.append('.').toString();
    }

    /** The notes, by kind, in one folded box with their count. */
    static String notes(Map<String, List<String>> notes) {
        int n = notes.values().stream().mapToInt(List::size).sum();
        if (n == 0) {
            return "";
        }
        StringBuilder h = new StringBuilder("<details class=notes><summary>").append(n).append(" note")
                .append(n == 1 ? "" : "s").append(": ").append(esc(String.join(", ", notes.keySet())))
                .append("</summary>\n");
        notes.forEach((kind, list) -> {
            h.append("<h3>").append(esc(kind.substring(0, 1).toUpperCase(Locale.ROOT) + kind.substring(1)))
                    .append("</h3>\n<ul>\n");
            list.forEach(x -> h.append("<li>").append(esc(x)).append("</li>\n"));
            h.append("</ul>\n");
        });
        return h.append("</details>\n").toString();
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
        double r1 = c.learnabilityVsPve().isEmpty() ? Double.NaN : c.learnabilityVsPve().get(0).pearson();
        StringBuilder h = new StringBuilder("<h2>Critical weights (Fang &amp; Kim)</h2>\n<p><b>What was measured.</b> ")
                .append("Each of the target's ").append(c.weights()).append(" trainable weights was scored twice: ")
                .append("how much the model's accuracy rests on it (<i>learnability</i>) and how much it gives ")
                .append("the members away (<i>privacy vulnerability</i>, PVE). ")
                .append(String.format(Locale.ROOT, "Here the two scores correlate at Pearson r %.2f (%s): ", r1,
                        Double.isNaN(r1) ? "not computed" : r1 >= 0.7 ? "strongly" : r1 >= 0.4 ? "moderately"
                                : "weakly"))
                .append(Double.isNaN(r1) || r1 < 0.4 ? "the weights that leak are mostly not the ones accuracy needs."
                        : "the weights that leak are largely the ones accuracy needs, so simply removing them costs "
                                + "accuracy; the treatments below try to keep the accuracy and drop the leak.")
                .append(" The leakage of each treated model is in the scorecard and the verdict above.</p>\n")
                .append("<p><b>The treatments</b>, each applied to the top-&rho; weights by PVE:</p>\n<ul>")
                .append("<li><b>cwrf</b>: rewind them to their initial values and freeze them, fine-tune the rest ")
                .append("(learning rate restarted, cosine annealing)</li>")
                .append("<li><b>a1-zero</b>: set them to zero and freeze them, fine-tune the rest</li>")
                .append("<li><b>a2-rewind-only</b>: rewind them and fine-tune only them</li>")
                .append("<li><b>reinit</b>: fresh random values, frozen, the rest fine-tuned</li>")
                .append("<li><b>permute</b>: their trained values shuffled among their positions, frozen: tests ")
                .append("whether the position or the value matters</li>")
                .append("<li><b>finetune</b>: the same fine-tuning with nothing rewound (the baseline for the ")
                .append("others)</li>")
                .append("<li><b>taylor@0.9</b>: 90% of weights pruned by learnability (TFO), fine-tuned</li></ul>\n")
                .append("<p>Scored with learnability form ").append(esc(c.learnabilityForm())).append(", PVE lambda ")
                .append(c.pveOptions().lambda()).append(", ").append(c.pveOptions().steps()).append(" steps. ")
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

    /**
     * Pruning sweep: AUC and accuracy against sparsity per pruner. An undefended line starts at the original
     * (sparsity 0); a defended line at its own unpruned defended model (DP-SGD from theta0, the original behind an
     * output mask) where the run has one,
     * else at its first pruned model: starting it at the undefended original would credit the defense's cost in
     * accuracy to the pruning.
     */
    static String sweep(AuditResults r) {
        Map<String, List<double[]>> auc = sweepLines(r, m -> strongestAuc(r, m));
        if (auc.isEmpty()) {
            return "";
        }
        Map<String, List<double[]>> acc = sweepLines(r, ModelRow::testAccuracy);
        boolean defendedWithoutStart = auc.values().stream().anyMatch(l -> l.get(0)[0] != 0);
        StringBuilder h = new StringBuilder("<h2>Pruning: leakage and accuracy against sparsity</h2>\n")
                .append("<p>Each undefended line starts at the original model (sparsity 0); each defended line at ")
                .append("its own unpruned defended model")
                .append(defendedWithoutStart ? " where the run has one (a defense used only in fine-tuning has none: "
                        + "its line starts at its first pruned model)" : "")
                .append(". Leakage is the AUC of the strongest attack on each variant; the tables give every ")
                .append("attack.</p>\n<div class=charts>\n")
                .append(SvgCharts.lines("strongest attack AUC", "requested sparsity", "AUC", auc))
                .append(SvgCharts.lines("target test accuracy", "requested sparsity", "accuracy", acc))
                .append("</div>\n");
        return h.toString();
    }

    /** The sweep's lines of {@code y}: per pruner (and defense), (sparsity, y) from the line's start on. */
    static Map<String, List<double[]>> sweepLines(AuditResults r, java.util.function.ToDoubleFunction<ModelRow> y) {
        Optional<ModelRow> orig = r.models().stream().filter(m -> m.variant().isOriginal()).findFirst();
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        if (orig.isEmpty()) {
            return out;
        }
        for (ModelRow m : r.models()) {
            if (m.variant().level() == null) { // no sweep position (original, fine-tune baseline, from scratch)
                continue;
            }
            String p = m.variant().sweepLine();
            if (!out.containsKey(p)) {
                // the unpruned model with the same defense: trained from theta0 with it, or the original behind it
                Optional<ModelRow> start = m.variant().isDefended() ? r.models().stream().filter(x -> (x.variant()
                        .kind() == Variant.Kind.SCRATCH || x.variant().kind() == Variant.Kind.ORIGINAL)
                        && x.variant().defense().equals(m.variant().defense())).findFirst() : orig;
                out.put(p, new ArrayList<>());
                start.ifPresent(st -> out.get(p).add(new double[] {0, y.applyAsDouble(st)}));
            }
            out.get(p).add(new double[] {m.variant().level(), y.applyAsDouble(m)});
        }
        return out;
    }

    private static double strongestAuc(AuditResults r, ModelRow m) {
        return Verdict.strongest(r.attacks(), m.model()).map(AttackRow::auc).orElse(Double.NaN);
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

    /**
     * A model's ROC chart with its {@link #ROC_SHOWN} strongest attacks by TPR at 1% FPR (ties by AUC), and the
     * others in a folded second chart: eighteen curves at once hide the few that matter.
     */
    static String rocCharts(String model, Map<String, RocCurve> curves, List<AttackRow> rows, int nonMembers) {
        Map<String, AttackRow> byAttack = new LinkedHashMap<>();
        rows.stream().filter(a -> a.model().equals(model)).forEach(a -> byAttack.put(a.attack(), a));
        List<String> order = new ArrayList<>(curves.keySet());
        java.util.Comparator<String> strength = java.util.Comparator.comparingDouble((String k) ->
                byAttack.containsKey(k) ? byAttack.get(k).tprAt1PctFpr() : curves.get(k).tprAtFpr(0.01))
                .thenComparingDouble(k -> curves.get(k).auc());
        order.sort(strength.reversed());
        Map<String, RocCurve> shown = new LinkedHashMap<>();
        Map<String, RocCurve> rest = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            (i < ROC_SHOWN ? shown : rest).put(order.get(i), curves.get(order.get(i)));
        }
        StringBuilder h = new StringBuilder("<div>").append(rocSvg(model, shown, nonMembers, 0));
        if (!rest.isEmpty()) {
            h.append("<details><summary>").append(rest.size()).append(" weaker attack").append(rest.size() == 1 ? ""
                    : "s").append(" on ").append(esc(model)).append("</summary>\n")
                    .append(rocSvg(model + ": weaker attacks", rest, nonMembers, ROC_SHOWN)).append("</details>");
        }
        return h.append("</div>\n").toString();
    }

    /**
     * Log-log ROC; FPR and TPR of 0 are drawn at the axis floor, one decade below 1/non-members. {@code firstColor}:
     * where in the palette the curves start (a second chart of the same model continues the first one's colours).
     */
    static String rocSvg(String title, Map<String, RocCurve> curves, int nonMembers, int firstColor) {
        double floor = Math.pow(10, Math.floor(Math.log10(1.0 / Math.max(nonMembers, 1))));
        double lo = Math.log10(floor);
        int pw = W - ML - MR;
        int ph = H - MT - MB;
        int top = MT + 10;
        int legendTop = top + ph + 44;
        StringBuilder s = new StringBuilder(SvgCharts.open(W, legendTop + SvgCharts.legendHeight(curves.size()),
                "ROC " + title, 11));
        s.append(String.format(Locale.ROOT, "<text x=\"8\" y=\"14\" font-weight=\"bold\">%s</text>%n",
                esc(SvgCharts.fit(title, W - 8, 7))));
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
        int i = 0;
        for (Map.Entry<String, RocCurve> e : curves.entrySet()) {
            int c = firstColor + i;
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
            s.append(SvgCharts.legendEntry(i, legendTop, W, color, dash, String.format(Locale.ROOT, "%s (AUC %.3f, "
                    + "TPR@1%%FPR %.1f%%)", e.getKey(), roc.auc(), 100 * roc.tprAtFpr(0.01))));
            i++;
        }
        return s.append("</svg>\n").toString();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

}
