package org.mia4j.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.mia4j.report.ReleaseResults.ReleaseSet;
import org.mia4j.report.ReleaseResults.Risk;

/**
 * The release planner's section of the report ({@code id="release"}): the answer, a chart of risk against accuracy
 * (a point per release set, the Pareto front drawn through its sets), the table of sets and of versions, and who
 * each set exposes.
 */
public final class ReleaseSection {
    private ReleaseSection() {}

    /**
     * {@code report} with the section put before its verdict (or at its end when it has none) and listed first in
     * its contents.
     */
    public static String into(String report, ReleaseResults r) {
        String section = html(r);
        String contents = "<nav><h2>Contents</h2><ul>";
        int nav = report.indexOf(contents);
        if (nav >= 0) {
            int at = nav + contents.length();
            report = report.substring(0, at) + "<li><a href=\"#release\">Release planner</a></li>"
                    + report.substring(at);
        }
        for (String mark : new String[] {"<h2 id=verdict>", "<h2 id=\"verdict\">", "</body>"}) {
            int at = report.indexOf(mark);
            if (at >= 0) {
                return report.substring(0, at) + section + report.substring(at);
            }
        }
        return report + section;
    }

    public static String html(ReleaseResults r) {
        StringBuilder h = new StringBuilder();
        h.append("<section id=\"release\">\n<h2>Release planner: which versions may be published together</h2>\n");
        h.append("<p class=summary>").append(HtmlReport.esc(answer(r))).append("</p>\n");
        h.append(chart(r));
        h.append("<h3>Release sets</h3>\n<div class=tw><table><tr><th class=l>set</th><th>TPR at 1% FPR</th>")
                .append("<th>upper</th><th>&epsilon; lower bound</th><th class=l>strongest attack</th>")
                .append("<th>accuracy</th><th>size reduction</th><th>front</th>")
                .append(r.budget() == null ? "" : "<th class=l>budget</th>")
                .append("<th class=l>vs riskiest version (paired 95%)</th><th class=l>strongest multi-version ")
                .append("attack</th></tr>\n");
        for (ReleaseSet s : r.releaseSets()) {
            h.append("<tr><td class=l>").append(HtmlReport.esc(s.name())).append("</td>")
                    .append(risk(s.risk())).append(String.format(Locale.ROOT, "<td>%.3f</td><td>%.3f</td><td>%s</td>",
                            s.testAccuracy(), s.sizeReduction(), s.pareto() ? "&#9679;" : ""));
            if (r.budget() != null) {
                h.append("<td class=l>").append(HtmlReport.esc(budgetCell(s))).append("</td>");
            }
            h.append("<td class=l>").append(s.multiVersion() == null ? "" : HtmlReport.esc(String.format(Locale.ROOT,
                    "%s %.3f; %+.3f [%.3f, %.3f]%s", s.multiVersion().riskiestVersion(), s.multiVersion().versionTpr(),
                    s.multiVersion().setTpr() - s.multiVersion().versionTpr(), ci(s, true), ci(s, false),
                    s.multiVersion().significant() ? " riskier" : ""))).append("</td><td class=l>")
                    .append(s.multiVersion() == null || s.multiVersion().strongestMultiVersion() == null ? ""
                            : HtmlReport.esc(String.format(Locale.ROOT, "%s on %s: %.3f (upper %.3f)",
                                    s.multiVersion().strongestMultiVersion().attack(),
                                    s.multiVersion().strongestMultiVersion().version(),
                                    s.multiVersion().strongestMultiVersion().tprAt1PctFpr(),
                                    s.multiVersion().strongestMultiVersion().upper()))).append("</td></tr>\n");
        }
        h.append("</table></div>\n<h3>Versions alone</h3>\n<table><tr><th class=l>version</th><th>TPR at 1% FPR</th>")
                .append("<th>upper</th><th>&epsilon; lower bound</th><th class=l>strongest attack</th>")
                .append("<th>test accuracy</th><th>drop</th><th>size reduction</th></tr>\n");
        for (ReleaseResults.Version v : r.versions()) {
            h.append("<tr><td class=l>").append(HtmlReport.esc(v.name())).append("</td>").append(risk(v.risk()))
                    .append(String.format(Locale.ROOT, "<td>%.3f</td><td>%.3f</td><td>%.3f</td></tr>%n",
                            v.testAccuracy(), v.accuracyDrop(), v.sizeReduction()));
        }
        h.append("</table>\n<details><summary>Who each set exposes</summary>\n<p>Members whose score rises most from ")
                .append("the original's strongest attack to the set's (scores read as the share of non-members ")
                .append("scored below), and per class the share of members flagged at 1% FPR before and after.</p>\n");
        for (ReleaseSet s : r.releaseSets()) {
            if (s.mostExposed().isEmpty()) {
                continue;
            }
            h.append("<h4>").append(HtmlReport.esc(s.name())).append("</h4>\n<table><tr><th>rank</th><th>record</th>")
                    .append("<th class=l>class</th><th>original</th><th>set</th><th>rise</th></tr>\n");
            for (ReleaseResults.ExposedRecord e : s.mostExposed()) {
                h.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%d</td><td class=l>%s</td><td>%.3f</td>"
                        + "<td>%.3f</td><td>%+.3f</td></tr>%n", e.rank(), e.record(), HtmlReport.esc(e.label()),
                        e.original(), e.set(), e.rise()));
            }
            h.append("</table>\n<table><tr><th class=l>class</th><th>members</th><th>mean rise</th>")
                    .append("<th>flagged: original</th><th>flagged: set</th></tr>\n");
            for (ReleaseResults.ClassChange c : s.perClass()) {
                h.append(String.format(Locale.ROOT, "<tr><td class=l>%s</td><td>%d</td><td>%+.3f</td><td>%.3f</td>"
                        + "<td>%.3f</td></tr>%n", HtmlReport.esc(c.cls()), c.members(), c.meanRise(), c.tprOriginal(),
                        c.tprSet()));
            }
            h.append("</table>\n");
        }
        h.append("</details>\n");
        r.notes().forEach(n -> h.append("<p><b>Note:</b> ").append(HtmlReport.esc(n)).append("</p>\n"));
        h.append(String.format(Locale.ROOT, "<p>Cost beyond the audit: %.1f s, %d attack fits on part of the "
                + "versions; %d attack results of the audit reused.</p>%n</section>%n", r.cost().plannerSeconds(),
                r.cost().extraAttackFits(), r.cost().reusedAttackResults()));
        return h.toString();
    }

    /** The answer in one sentence. */
    public static String answer(ReleaseResults r) {
        String front = "Pareto front (risk, accuracy, size): " + String.join("; ", r.recommendation().paretoFront())
                + ".";
        if (r.budget() == null) {
            return r.recommendation().reason() + " " + front;
        }
        String budget = r.budget().metric().equals("tpr_at_1pct_fpr") ? String.format(Locale.ROOT,
                "Budget: TPR at 1%% FPR at most %.3f (upper 95%% bound). ", r.budget().max())
                : String.format(Locale.ROOT, "Budget: epsilon lower bound at most %.3f. ", r.budget().max());
        String release = r.recommendation().set() == null ? "" : "Release " + r.recommendation().set() + ". ";
        return budget + release + r.recommendation().reason() + " " + front;
    }

    private static String budgetCell(ReleaseSet s) {
        if (Boolean.TRUE.equals(s.meetsBudget())) {
            return "meets";
        }
        ReleaseResults.OverBudget o = s.overBudget();
        return String.format(Locale.ROOT, "over by %.3f: %s on %s%s (alone %.3f)", o.excess(), o.attack(),
                o.version(), o.reading().isEmpty() ? "" : " reading " + String.join(", ", o.reading()), o.alone());
    }

    private static double ci(ReleaseSet s, boolean low) {
        var c = s.multiVersion().ci95();
        return c == null ? Double.NaN : low ? c.low() : c.high();
    }

    private static String risk(Risk k) {
        return String.format(Locale.ROOT, "<td>%.3f</td><td>%.3f</td><td>%.2f</td><td class=l>%s</td>",
                k.tprAt1PctFpr(), k.upper(), k.epsilonLowerBound(), HtmlReport.esc(k.attack() + " on " + k.version()
                        + (k.reading().isEmpty() ? "" : " reading " + String.join(", ", k.reading()))));
    }

    /** Risk (x) against accuracy (y): a numbered point per set, the front's sets joined in order of risk. */
    static String chart(ReleaseResults r) {
        List<ReleaseSet> sets = r.releaseSets();
        double xmin = 0;
        double xmax = sets.stream().mapToDouble(s -> s.risk().upper()).max().orElse(1);
        double ymin = sets.stream().mapToDouble(ReleaseSet::testAccuracy).min().orElse(0);
        double ymax = sets.stream().mapToDouble(ReleaseSet::testAccuracy).max().orElse(1);
        xmax = Math.max(xmax * 1.08, xmin + 0.01);
        double pad = Math.max((ymax - ymin) * 0.1, 0.005);
        ymin -= pad;
        ymax += pad;
        int ml = 56;
        int mt = 30;
        int pw = 360;
        int ph = 260;
        int legend = Math.max(200, 30 + 7 * sets.stream().mapToInt(x -> x.name().length()).max().orElse(0));
        int height = Math.max(mt + ph + 46, mt + 16 * sets.size() + 20);
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                + "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-size=\"11\" role=\"img\" aria-label=\"release "
                + "sets: risk against accuracy\">%n<text x=\"%d\" y=\"16\" font-weight=\"bold\">Release sets: risk against "
                + "accuracy</text>%n<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
                ml + pw + legend, height, ml + pw + legend, height, ml, ml, mt, pw, ph));
        for (int t = 0; t <= 4; t++) {
            double x = xmin + (xmax - xmin) * t / 4;
            double y = ymin + (ymax - ymin) * t / 4;
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.3f</text>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.3f</text>%n", ml + pw * t / 4.0, mt + ph + 14, x,
                    ml - 4, mt + ph - ph * t / 4.0 + 4, y));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">TPR at 1%% FPR "
                + "(bar: to the upper 95%% bound)</text><text transform=\"translate(14,%.1f) rotate(-90)\" "
                + "text-anchor=\"middle\">test accuracy (best version)</text>%n", ml + pw / 2.0, mt + ph + 32,
                mt + ph / 2.0));
        if (r.budget() != null && r.budget().metric().equals("tpr_at_1pct_fpr") && r.budget().max() <= xmax) {
            double bx = ml + (r.budget().max() - xmin) / (xmax - xmin) * pw;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#d62728\" "
                    + "stroke-dasharray=\"4,3\"/><text x=\"%.1f\" y=\"%d\" fill=\"#d62728\">budget</text>%n", bx, mt,
                    bx, mt + ph, bx + 3, mt + 12));
        }
        List<double[]> front = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            ReleaseSet set = sets.get(i);
            double px = ml + (set.risk().tprAt1PctFpr() - xmin) / (xmax - xmin) * pw;
            double ux = ml + (set.risk().upper() - xmin) / (xmax - xmin) * pw;
            double py = mt + ph - (set.testAccuracy() - ymin) / (ymax - ymin) * ph;
            String color = set.pareto() ? "#1f77b4" : "#999";
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                    + "stroke-opacity=\"0.5\"/><circle class=\"d\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>"
                    + "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\">%d</text>%n", px, py, ux, py, color, px, py, color,
                    px + 5, py - 5, color, i + 1));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%d %s</text>%n", ml + pw + 10,
                    mt + 10 + 16 * i, color, i + 1, HtmlReport.esc(set.name())));
            if (set.pareto()) {
                front.add(new double[] {px, py});
            }
        }
        front.sort(Comparator.comparingDouble(p -> p[0]));
        if (front.size() > 1) {
            StringBuilder pts = new StringBuilder();
            front.forEach(p -> pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", p[0], p[1])));
            s.append("<polyline class=\"front\" points=\"").append(pts.toString().trim())
                    .append("\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\"/>\n");
        }
        return s.append("</svg>\n").toString();
    }
}
