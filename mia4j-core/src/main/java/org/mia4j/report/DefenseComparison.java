package org.mia4j.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.mia4j.report.AuditResults.AttackRow;
import org.mia4j.report.AuditResults.ModelRow;

/**
 * {@code experiment defense}'s table: every target model of a defense sweep, audited once by the standard adversary
 * (it does not know the defense) and once by the adaptive one (it trains its shadow and reference models with the
 * same defense), with its accuracy, the strongest attack of each at AUC and low FPR, the largest empirical epsilon
 * lower bound, and the accountant's epsilon where the model is DP.
 */
public record DefenseComparison(@JsonProperty("dataset") String dataset, @JsonProperty("rows") List<Row> rows) {

    /** One model of the sweep. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Row(
            @JsonProperty("model") String model,
            @JsonProperty("defense") String defense,
            @JsonProperty("strength") String strength,
            @JsonProperty("test_accuracy") double testAccuracy,
            @JsonProperty("standard") Adversary standard,
            @JsonProperty("adaptive") Adversary adaptive,
            @JsonProperty("accountant_epsilon") Double accountantEpsilon,
            @JsonProperty("dp_scope") String dpScope,
            @JsonProperty("base") String base,
            @JsonProperty("no_longer_works") String noLongerWorks) {}

    /** What one adversary achieved on a model: the strongest attack at each operating point. */
    public record Adversary(
            @JsonProperty("best_auc") double bestAuc,
            @JsonProperty("best_auc_attack") String bestAucAttack,
            @JsonProperty("tpr_at_1pct_fpr") double tprAt1PctFpr,
            @JsonProperty("tpr_at_0_1pct_fpr") double tprAt01PctFpr,
            @JsonProperty("tpr_at_0_1pct_fpr_attack") String tprAt01PctFprAttack,
            @JsonProperty("epsilon_lower_bound") double epsilonLowerBound,
            @JsonProperty("epsilon_lower_bound_attack") String epsilonLowerBoundAttack) {

        static Optional<Adversary> of(AuditResults r, String model) {
            List<AttackRow> rows = r.attacks().stream().filter(a -> a.model().equals(model)).toList();
            if (rows.isEmpty()) {
                return Optional.empty();
            }
            AttackRow auc = best(rows, AttackRow::auc);
            AttackRow low = best(rows, AttackRow::tprAt01PctFpr);
            var eps = r.models().stream().filter(m -> m.model().equals(model)).findFirst()
                    .map(ModelRow::epsilonLowerBound).orElse(null);
            return Optional.of(new Adversary(auc.auc(), auc.attack(), best(rows, AttackRow::tprAt1PctFpr)
                    .tprAt1PctFpr(), low.tprAt01PctFpr(), low.attack(), eps == null ? 0 : eps.epsilon(),
                    eps == null ? null : eps.attack()));
        }

        private static AttackRow best(List<AttackRow> rows, ToDoubleFunction<AttackRow> f) {
            return rows.stream().max(Comparator.comparingDouble(f)).orElseThrow();
        }
    }

    /** The table of the two audits of one sweep ({@code adaptive} may lack models its adversary did not attack). */
    public static DefenseComparison of(AuditResults standard, AuditResults adaptive) {
        List<Row> rows = new ArrayList<>();
        for (ModelRow m : standard.models()) {
            String d = m.variant().defense();
            int at = d == null ? -1 : d.indexOf('@');
            rows.add(new Row(m.model(), d == null ? "none" : at < 0 ? d : d.substring(0, at),
                    d == null ? "" : at < 0 ? "default" : d.substring(at + 1), m.testAccuracy(),
                    Adversary.of(standard, m.model()).orElse(null), Adversary.of(adaptive, m.model()).orElse(null),
                    m.dp() == null ? null : m.dp().epsilon(), m.dp() == null ? null : m.dp().scope(),
                    Verdict.base(m, standard.models()).map(ModelRow::model).orElse(null),
                    Verdict.noLongerWorks(m, standard.models()).orElse(null)));
        }
        return new DefenseComparison(standard.dataset().name(), List.copyOf(rows));
    }

    /** A self-contained page: the table, then accuracy against the strongest attack's TPR for each adversary. */
    public String html() {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>mia4j defenses</title><style>body{font-family:system-ui,sans-serif;margin:1em auto;"
                + "padding:0 1em;max-width:1100px}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
                + "padding:3px 8px;text-align:right}td.l,th.l{text-align:left}.tw{overflow-x:auto;max-width:100%}"
                + "svg{max-width:100%;height:auto}.charts{display:flex;flex-wrap:wrap;gap:1em}.charts>*{min-width:0}"
                + ".bad{color:#b71c1c;font-weight:bold}#summary{background:#f7f7f7;padding:.1em 1em;"
                + "border-left:4px solid #1f77b4}"
                + "</style></head><body>\n"
                + "<h1>Defenses compared on ").append(HtmlReport.esc(dataset)).append("</h1>\n")
                .append("<div id=summary><p><b>In short.</b> ").append(HtmlReport.esc(summary())).append("</p></div>\n")
                .append("<p>Each model audited ")
                .append("by the standard adversary (it does not know the defense) and the adaptive one (it applies the ")
                .append("defense to its own shadow and reference models). Empirical epsilon: the largest lower bound ")
                .append("any attack proves (Clopper-Pearson 95%, threshold from a held-out half). The full audits are ")
                .append("in standard/ and adaptive/.</p>\n<div class=tw><table><tr><th class=l>model</th>")
                .append("<th class=l>defense</th>")
                .append("<th class=l>strength</th><th>test acc</th><th>AUC std</th><th>AUC adaptive</th>")
                .append("<th>TPR@1%FPR std</th><th>TPR@1%FPR adaptive</th><th>TPR@0.1%FPR std</th>")
                .append("<th>TPR@0.1%FPR adaptive</th><th>empirical &epsilon; std</th><th>empirical &epsilon; ")
                .append("adaptive</th><th>accountant &epsilon;</th></tr>\n");
        Map<String, double[]> std = new LinkedHashMap<>();
        Map<String, double[]> ada = new LinkedHashMap<>();
        for (Row r : rows) {
            h.append(String.format(Locale.ROOT, "<tr><td class=l>%s%s</td><td class=l>%s</td><td class=l>%s</td>"
                    + "<td>%.3f</td>%s%s%s%s%s%s%s%s<td>%s</td></tr>%n", HtmlReport.esc(r.model()),
                    r.noLongerWorks() == null ? "" : "<br><span class=bad>no longer works</span>",
                    HtmlReport.esc(r.defense()), HtmlReport.esc(r.strength()), r.testAccuracy(),
                    num(r.standard(), a -> a.bestAuc(), "%.3f"), num(r.adaptive(), a -> a.bestAuc(), "%.3f"),
                    num(r.standard(), a -> 100 * a.tprAt1PctFpr(), "%.2f%%"),
                    num(r.adaptive(), a -> 100 * a.tprAt1PctFpr(), "%.2f%%"),
                    num(r.standard(), a -> 100 * a.tprAt01PctFpr(), "%.2f%%"),
                    num(r.adaptive(), a -> 100 * a.tprAt01PctFpr(), "%.2f%%"),
                    num(r.standard(), Adversary::epsilonLowerBound, "%.2f"),
                    num(r.adaptive(), Adversary::epsilonLowerBound, "%.2f"),
                    r.accountantEpsilon() == null ? "" : String.format(Locale.ROOT, "%.2f%s", r.accountantEpsilon(),
                            "fine-tune-only".equals(r.dpScope()) ? " (fine-tuning only)" : "")));
            if (r.standard() != null) {
                std.put(r.model(), new double[] {r.testAccuracy(), r.standard().tprAt01PctFpr()});
            }
            if (r.adaptive() != null) {
                ada.put(r.model(), new double[] {r.testAccuracy(), r.adaptive().tprAt01PctFpr()});
            }
        }
        h.append("</table></div>\n<div class=charts>\n")
                .append(SvgCharts.labelled("privacy-utility, standard adversary", "test accuracy",
                        "best TPR@0.1%FPR", std))
                .append(SvgCharts.labelled("privacy-utility, adaptive adversary", "test accuracy",
                        "best TPR@0.1%FPR", ada));
        return h.append("</div>\n</body></html>\n").toString();
    }

    /**
     * What the sweep found, in two sentences: among the defended models that still work, the one the adaptive
     * adversary (else the standard one) finds least at 1% FPR against its undefended model, and how many no longer
     * work (their low leakage is no result).
     */
    public String summary() {
        List<Row> defended = rows.stream().filter(r -> !r.defense().isEmpty() && !r.defense().equals("none")).toList();
        if (defended.isEmpty()) {
            return "No defended model.";
        }
        List<Row> working = defended.stream().filter(r -> r.noLongerWorks() == null && r.base() != null
                && adversary(r) != null).toList();
        StringBuilder s = new StringBuilder();
        Optional<Row> best = working.stream().min(Comparator.comparingDouble(r -> adversary(r).tprAt1PctFpr()));
        if (best.isPresent()) {
            Row b = best.get();
            Row base = rows.stream().filter(r -> r.model().equals(b.base())).findFirst().orElse(null);
            s.append(String.format(Locale.ROOT, "Of the %d defended models that still work, %s leaks least at 1%% FPR "
                    + "(%s adversary): TPR %.1f%%", working.size(), b.model(), b.adaptive() != null ? "adaptive"
                            : "standard", 100 * adversary(b).tprAt1PctFpr()));
            if (base != null && adversary(base) != null) {
                s.append(String.format(Locale.ROOT, " against %.1f%% for %s, test accuracy %.3f against %.3f",
                        100 * adversary(base).tprAt1PctFpr(), base.model(), b.testAccuracy(), base.testAccuracy()));
            }
            s.append('.');
        } else {
            s.append("No defended model still works.");
        }
        List<String> broken = defended.stream().filter(r -> r.noLongerWorks() != null).map(Row::model).toList();
        if (!broken.isEmpty()) {
            s.append(String.format(Locale.ROOT, " %d no longer work%s (%s): test accuracy more than %.0f%% below "
                    + "the base's or under half the original's, so a low leakage there is no result.", broken.size(),
                    broken.size() == 1 ? "s" : "", String.join(", ", broken), 100 * Verdict.MAX_ACCURACY_DROP));
        }
        return s.toString();
    }

    private static Adversary adversary(Row r) {
        return r.adaptive() != null ? r.adaptive() : r.standard();
    }

    /** The terminal form of the table. */
    public String text() {
        StringBuilder sb = new StringBuilder(summary()).append("\n\n").append(String.format(Locale.ROOT, "%-34s %8s %15s %17s %13s %9s%n", "model",
                "test acc", "AUC std/adapt", "TPR@1% std/adapt", "emp.eps s/a", "acct.eps"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-34s %8.3f %7s/%-7s %8s/%-8s %6s/%-6s %9s%n", r.model(),
                    r.testAccuracy(), plain(r.standard(), Adversary::bestAuc, "%.3f"),
                    plain(r.adaptive(), Adversary::bestAuc, "%.3f"),
                    plain(r.standard(), a -> 100 * a.tprAt1PctFpr(), "%.1f%%"),
                    plain(r.adaptive(), a -> 100 * a.tprAt1PctFpr(), "%.1f%%"),
                    plain(r.standard(), Adversary::epsilonLowerBound, "%.2f"),
                    plain(r.adaptive(), Adversary::epsilonLowerBound, "%.2f"),
                    r.accountantEpsilon() == null ? "" : String.format(Locale.ROOT, "%.2f", r.accountantEpsilon())));
        }
        return sb.toString();
    }

    private static String num(Adversary a, ToDoubleFunction<Adversary> f, String fmt) {
        return "<td>" + plain(a, f, fmt) + "</td>";
    }

    private static String plain(Adversary a, ToDoubleFunction<Adversary> f, String fmt) {
        return a == null ? "-" : String.format(Locale.ROOT, fmt, f.applyAsDouble(a));
    }
}
