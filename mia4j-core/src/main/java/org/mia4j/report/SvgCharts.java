package org.mia4j.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Small self-contained SVG charts for the report: line charts on linear axes and grouped bar charts. */
final class SvgCharts {
    static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
        "#7f7f7f", "#bcbd22", "#17becf"};

    private SvgCharts() {}

    /** Series of (x, y) points, drawn with markers; y range from the data, padded. */
    static String lines(String title, String xLabel, String yLabel, Map<String, List<double[]>> series) {
        int w = 460;
        int ml = 56;
        int mr = 20;
        int mt = 30;
        int mb = 44;
        int h = 300 + legendHeight(series.size());
        double xmin = Double.MAX_VALUE;
        double xmax = -Double.MAX_VALUE;
        double ymin = Double.MAX_VALUE;
        double ymax = -Double.MAX_VALUE;
        for (List<double[]> pts : series.values()) {
            for (double[] p : pts) {
                xmin = Math.min(xmin, p[0]);
                xmax = Math.max(xmax, p[0]);
                ymin = Math.min(ymin, p[1]);
                ymax = Math.max(ymax, p[1]);
            }
        }
        if (xmin == Double.MAX_VALUE) {
            return "";
        }
        double pad = Math.max((ymax - ymin) * 0.1, 0.01);
        double[] ny = nice(ymin - pad, ymax + pad);
        double[] nx = nice(xmin, xmax == xmin ? xmin + 1 : xmax);
        xmin = nx[0];
        xmax = nx[1];
        ymin = ny[0];
        ymax = ny[1];
        int pw = w - ml - mr;
        int ph = 300 - mt - mb;
        StringBuilder s = frame(w, h, title, ml, mt, pw, ph, new double[] {xmin, xmax, ymin, ymax}, xLabel, yLabel);
        int c = 0;
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            String color = COLORS[c % COLORS.length];
            StringBuilder pts = new StringBuilder();
            for (double[] p : e.getValue()) {
                double px = ml + (p[0] - xmin) / (xmax - xmin) * pw;
                double py = mt + ph - (p[1] - ymin) / (ymax - ymin) * ph;
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
                s.append(String.format(Locale.ROOT, "<circle class=\"d\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", px, py,
                        color));
            }
            s.append(String.format(Locale.ROOT, "<polyline class=\"d\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" "
                    + "points=\"%s\"/>%n", color, pts));
            s.append(legendEntry(c, 300, w, color, "", e.getKey()));
            c++;
        }
        return s.append("</svg>\n").toString();
    }

    /**
     * Named (x, y) points on linear axes, each numbered on the chart and in the legend (many variants share ten
     * colours, so the number is what identifies a point).
     */
    static String labelled(String title, String xLabel, String yLabel, Map<String, double[]> points) {
        if (points.isEmpty()) {
            return "";
        }
        double xmin = Double.MAX_VALUE;
        double xmax = -Double.MAX_VALUE;
        double ymin = Double.MAX_VALUE;
        double ymax = -Double.MAX_VALUE;
        for (double[] p : points.values()) {
            xmin = Math.min(xmin, p[0]);
            xmax = Math.max(xmax, p[0]);
            ymin = Math.min(ymin, p[1]);
            ymax = Math.max(ymax, p[1]);
        }
        double xpad = Math.max((xmax - xmin) * 0.08, 0.01);
        double ypad = Math.max((ymax - ymin) * 0.08, 0.01);
        double[] nx = nice(xmin - xpad, xmax + xpad);
        double[] ny = nice(ymin - ypad, ymax + ypad);
        xmin = nx[0];
        xmax = nx[1];
        ymin = ny[0];
        ymax = ny[1];
        int ml = 56;
        int mt = 30;
        int pw = 320;
        int ph = 240;
        int w = ml + pw + 20;
        int top = mt + ph + 44;
        StringBuilder s = frame(w, top + legendHeight(points.size()), title, ml, mt, pw, ph,
                new double[] {xmin, xmax, ymin, ymax}, xLabel, yLabel);
        int i = 0;
        for (Map.Entry<String, double[]> e : points.entrySet()) {
            String color = COLORS[i % COLORS.length];
            double px = ml + (e.getValue()[0] - xmin) / (xmax - xmin) * pw;
            double py = mt + ph - (e.getValue()[1] - ymin) / (ymax - ymin) * ph;
            s.append(String.format(Locale.ROOT, "<circle class=\"d\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/><text "
                    + "x=\"%.1f\" y=\"%.1f\" fill=\"%s\">%d</text>%n", px, py, color, px + 5, py - 4, color, i + 1));
            s.append(legendText(i, top, w, color, (i + 1) + " " + e.getKey()));
            i++;
        }
        return s.append("</svg>\n").toString();
    }

    /** The opening of an SVG chart: its size, title and plot frame. */
    private static StringBuilder header(int w, int h, String title, int ml, int mt, int pw, int ph) {
        return new StringBuilder(open(w, h, title, 11)).append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" "
                + "font-weight=\"bold\">%s</text>%n<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#999\"/>%n", Math.min(ml, 8), HtmlReport.esc(fit(title, w - Math.min(ml, 8), 7)), ml, mt, pw,
                ph));
    }

    /**
     * The opening tag of a chart: its natural size and a viewBox, so the page's CSS ({@code max-width:100%;
     * height:auto}) scales it down to a narrow container instead of cropping it.
     */
    static String open(int w, int h, String title, int fontSize) {
        return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-size=\"%d\" role=\"img\" aria-label=\"%s\">%n", w, h, w, h, fontSize,
                HtmlReport.esc(title));
    }

    /** Legend rows take this many pixels each, below the plot. */
    static final int LEGEND_ROW = 15;

    /** The height a legend of {@code entries} rows takes below a plot. */
    static int legendHeight(int entries) {
        return entries * LEGEND_ROW + 6;
    }

    /** Legend row {@code i} below a plot ending at {@code top}: a line sample, then the name (shortened to fit). */
    static String legendEntry(int i, int top, int w, String color, String dash, String name) {
        int y = top + LEGEND_ROW * i + 4;
        return String.format(Locale.ROOT, "<line x1=\"8\" y1=\"%d\" x2=\"24\" y2=\"%d\" stroke=\"%s\" "
                + "stroke-width=\"2\"%s/>", y, y, color, dash) + label(28, y + 4, w - 28, null, name) + "\n";
    }

    /** Legend row {@code i} below a plot ending at {@code top}, as coloured text only. */
    static String legendText(int i, int top, int w, String color, String name) {
        return label(8, top + LEGEND_ROW * i + 8, w - 8, color, name) + "\n";
    }

    /** A text that fits {@code width} pixels: shortened in the middle when it would not, its full form as a tooltip. */
    private static String label(int x, int y, int width, String color, String text) {
        String shown = fit(text, width, 6.5);
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\"%s>%s%s</text>", x, y, color == null ? ""
                : " fill=\"" + color + "\"", shown.equals(text) ? "" : "<title>" + HtmlReport.esc(text) + "</title>",
                HtmlReport.esc(shown));
    }

    /**
     * {@code text} shortened in the middle ("l1-unstruc…+dp-sgd@eps=4") to at most as many characters as {@code
     * width} pixels hold at {@code charWidth} pixels a character (a generous average for 11 px sans-serif).
     */
    static String fit(String text, int width, double charWidth) {
        int max = (int) Math.floor(width / charWidth);
        if (text.length() <= max || max < 5) {
            return text;
        }
        int tail = (max - 1) / 2;
        return text.substring(0, max - 1 - tail) + "\u2026" + text.substring(text.length() - tail);
    }

    /**
     * A range covering [lo, hi] whose 4 equal divisions fall on round numbers (1, 2, 2.5 or 5 times a power of
     * ten), as {lo', hi'}: tick labels then read 0.25, 0.50, ... rather than 0.303, 0.372, ...
     */
    static double[] nice(double lo, double hi) {
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        double raw = (hi - lo) / 4;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        for (int round = 0; round < 8; round++) {
            for (double f : new double[] {1, 2, 2.5, 5, 10}) {
                double step = f * mag;
                if (step + 1e-12 < raw) {
                    continue;
                }
                double start = Math.floor(lo / step + 1e-9) * step;
                if (start + 4 * step >= hi - 1e-12) {
                    return new double[] {start, start + 4 * step};
                }
            }
            mag *= 10;
        }
        return new double[] {lo, hi};
    }

    /** The format that writes multiples of {@code step} exactly and no longer: 0.25 -> "%.2f", 5 -> "%.0f". */
    static String tickFormat(double step) {
        for (int d = 0; d < 8; d++) {
            double scaled = step * Math.pow(10, d);
            if (Math.abs(scaled - Math.rint(scaled)) < 1e-6 * Math.max(1, scaled)) {
                return "%." + d + "f";
            }
        }
        return "%.3g";
    }

    /** An SVG with its title, the plot frame, a 5-tick grid on linear axes {xmin, xmax, ymin, ymax} and labels. */
    private static StringBuilder frame(int w, int h, String title, int ml, int mt, int pw, int ph, double[] range,
            String xLabel, String yLabel) {
        StringBuilder s = header(w, h, title, ml, mt, pw, ph);
        String xFormat = tickFormat((range[1] - range[0]) / 4);
        String yFormat = tickFormat((range[3] - range[2]) / 4);
        for (int t = 0; t <= 4; t++) {
            double px = ml + pw * t / 4.0;
            double py = mt + ph - ph * t / 4.0;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">" + xFormat + "</text>%n", px, mt, px, mt + ph,
                    px, mt + ph + 14, range[0] + (range[1] - range[0]) * t / 4));
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">" + yFormat + "</text>%n", ml, py, ml + pw, py,
                    ml - 4, py + 4, range[2] + (range[3] - range[2]) * t / 4));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text><text "
                + "transform=\"translate(12,%d) rotate(-90)\" text-anchor=\"middle\">%s</text>%n", ml + pw / 2,
                mt + ph + 32, HtmlReport.esc(xLabel), mt + ph / 2, HtmlReport.esc(yLabel)));
        return s;
    }

    /** Log-log scatter of (x, y, colour index) points; non-positive values sit on the axis floor. */
    static String scatter(String title, String xLabel, String yLabel, List<float[]> pts, List<String> note) {
        if (pts.isEmpty()) {
            return "";
        }
        double xmin = Double.MAX_VALUE;
        double xmax = 0;
        double ymin = Double.MAX_VALUE;
        double ymax = 0;
        for (float[] p : pts) {
            if (p[0] > 0) {
                xmin = Math.min(xmin, p[0]);
                xmax = Math.max(xmax, p[0]);
            }
            if (p[1] > 0) {
                ymin = Math.min(ymin, p[1]);
                ymax = Math.max(ymax, p[1]);
            }
        }
        if (xmax == 0 || ymax == 0) {
            return "";
        }
        double lx0 = Math.floor(Math.log10(xmin));
        double lx1 = Math.ceil(Math.log10(xmax));
        double ly0 = Math.floor(Math.log10(ymin));
        double ly1 = Math.ceil(Math.log10(ymax));
        lx1 = Math.max(lx1, lx0 + 1);
        ly1 = Math.max(ly1, ly0 + 1);
        int w = 456;
        int h = 360;
        int ml = 56;
        int mt = 30;
        int pw = 380;
        int ph = 280;
        StringBuilder s = header(w, h, title, ml, mt, pw, ph);
        for (double d = lx0; d <= lx1; d++) {
            double px = ml + (d - lx0) / (lx1 - lx0) * pw;
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">1e%d</text>", px,
                    mt + ph + 14, (int) d));
        }
        for (double d = ly0; d <= ly1; d++) {
            double py = mt + ph - (d - ly0) / (ly1 - ly0) * ph;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">1e%d</text>", ml - 4,
                    py + 4, (int) d));
        }
        for (float[] p : pts) {
            double px = ml + (Math.log10(Math.max(p[0], Math.pow(10, lx0))) - lx0) / (lx1 - lx0) * pw;
            double py = mt + ph - (Math.log10(Math.max(p[1], Math.pow(10, ly0))) - ly0) / (ly1 - ly0) * ph;
            s.append(String.format(Locale.ROOT, "<circle class=\"d\" cx=\"%.1f\" cy=\"%.1f\" r=\"1.5\" fill=\"%s\" "
                    + "fill-opacity=\"0.5\"/>", px, py, COLORS[((int) p[2]) % COLORS.length]));
        }
        s.append(String.format(Locale.ROOT, "%n<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text><text "
                + "transform=\"translate(12,%d) rotate(-90)\" text-anchor=\"middle\">%s</text>%n", ml + pw / 2,
                mt + ph + 32, HtmlReport.esc(xLabel), mt + ph / 2, HtmlReport.esc(yLabel)));
        for (int i = 0; i < note.size(); i++) {
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#666\">%s</text>%n", ml + 4,
                    mt + 14 + 14 * i, HtmlReport.esc(note.get(i))));
        }
        return s.append("</svg>\n").toString();
    }

    /** Grouped bars: one group per category, one bar per series (values may be negative). */
    static String bars(String title, String yLabel, List<String> categories, Map<String, double[]> series) {
        int groups = categories.size();
        int k = Math.max(series.size(), 1);
        int barW = Math.max(2, Math.min(12, 600 / Math.max(groups * k, 1)));
        int ml = 56;
        int mt = 30;
        int ph = 200;
        // rotated category names hang below the axis: room for the longest (about 5.5 px a character at 10 px)
        int longest = categories.stream().mapToInt(String::length).max().orElse(0);
        int mb = 16 + (int) Math.ceil(Math.min(longest, 40) * 5.5 * Math.sin(Math.toRadians(60)));
        int pw = groups * (k * barW + 6);
        int w = Math.max(ml + pw + 20, 300);
        int legendTop = mt + ph + mb;
        double lo = 0;
        double hi = 0;
        for (double[] v : series.values()) {
            for (double x : v) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        }
        if (hi == lo) {
            hi = lo + 1;
        }
        final double ymin = lo;
        final double ymax = hi;
        java.util.function.DoubleUnaryOperator y = v -> mt + ph - (v - ymin) / (ymax - ymin) * ph;
        StringBuilder s = new StringBuilder(open(w, legendTop + legendHeight(series.size()), title, 10)).append(
                String.format(Locale.ROOT, "<text x=\"8\" y=\"16\" font-weight=\"bold\" font-size=\"11\">%s</text>%n",
                        HtmlReport.esc(fit(title, w - 8, 7))));
        for (int t = 0; t <= 4; t++) {
            double v = ymin + (ymax - ymin) * t / 4;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>%n", ml, y.applyAsDouble(v),
                    ml + pw, y.applyAsDouble(v), ml - 4, y.applyAsDouble(v) + 3, v));
        }
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#666\"/>%n"
                + "<text transform=\"translate(12,%d) rotate(-90)\" text-anchor=\"middle\">%s</text>%n", ml,
                y.applyAsDouble(0), ml + pw, y.applyAsDouble(0), mt + ph / 2, HtmlReport.esc(yLabel)));
        int si = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            String color = COLORS[si % COLORS.length];
            for (int g = 0; g < groups && g < e.getValue().length; g++) {
                double v = e.getValue()[g];
                double x = ml + g * (k * barW + 6) + 3 + si * barW;
                double top = y.applyAsDouble(Math.max(v, 0));
                double height = Math.abs(y.applyAsDouble(v) - y.applyAsDouble(0));
                s.append(String.format(Locale.ROOT, "<rect class=\"d\" x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" "
                        + "fill=\"%s\"/>", x, top, barW, height, color));
            }
            s.append(String.format(Locale.ROOT, "%n<rect x=\"8\" y=\"%d\" width=\"14\" height=\"8\" fill=\"%s\"/>",
                    legendTop + LEGEND_ROW * si, color)).append(label(28, legendTop + LEGEND_ROW * si + 8, w - 28, null,
                            e.getKey())).append('\n');
            si++;
        }
        for (int g = 0; g < groups; g++) {
            double x = ml + g * (k * barW + 6) + 3 + k * barW / 2.0;
            String name = categories.get(g);
            s.append(String.format(Locale.ROOT, "<text transform=\"translate(%.1f,%d) rotate(-60)\" "
                    + "text-anchor=\"end\">%s%s</text>", x, mt + ph + 10, name.length() > 40 ? "<title>"
                            + HtmlReport.esc(name) + "</title>" : "", HtmlReport.esc(fit(name, 220, 5.5))));
        }
        return s.append("\n</svg>\n").toString();
    }

    /**
     * Member and non-member score distributions of one attack, as two step lines of the share of each group per
     * bin; the range is the 1st to 99th percentile of all scores, so a few extreme scores (LiRA) do not flatten it.
     */
    static String histogram(String title, double[] members, double[] nonMembers) {
        double[] all = new double[members.length + nonMembers.length];
        System.arraycopy(members, 0, all, 0, members.length);
        System.arraycopy(nonMembers, 0, all, members.length, nonMembers.length);
        java.util.Arrays.sort(all);
        double lo = all[(int) (0.01 * (all.length - 1))];
        double hi = all[(int) Math.ceil(0.99 * (all.length - 1))];
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        // the axis on round numbers: the bins span the rounded range, so every tick falls on a bin edge
        double[] nx = nice(lo, hi);
        lo = nx[0];
        hi = nx[1];
        int bins = 32;
        double[][] share = {counts(members, lo, hi, bins), counts(nonMembers, lo, hi, bins)};
        double top = 0;
        for (double[] g : share) {
            for (double v : g) {
                top = Math.max(top, v);
            }
        }
        int w = 420;
        int h = 260;
        int ml = 50;
        int mt = 24;
        int pw = w - ml - 110;
        int ph = h - mt - 44;
        double[] ny = nice(0, top);
        top = ny[1];
        StringBuilder s = frame(w, h, title, ml, mt, pw, ph, new double[] {lo, hi, 0, top}, "score",
                "share of records");
        String[] names = {"members", "non-members"};
        for (int g = 0; g < 2; g++) {
            s.append("<polyline class=\"d\" fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(COLORS[g])
                    .append("\" points=\"");
            for (int b = 0; b < bins; b++) {
                double y = mt + ph - ph * share[g][b] / Math.max(top, 1e-12);
                s.append(String.format(Locale.ROOT, "%.1f,%.1f %.1f,%.1f ", ml + pw * b / (double) bins, y,
                        ml + pw * (b + 1) / (double) bins, y));
            }
            s.append("\"/>\n");
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"2\"/><text x=\"%d\" y=\"%d\">%s</text>%n", ml + pw + 8, mt + 10 + 16 * g,
                    ml + pw + 24, mt + 10 + 16 * g, COLORS[g], ml + pw + 28, mt + 14 + 16 * g, names[g]));
        }
        return s.append("</svg>\n").toString();
    }

    private static double[] counts(double[] v, double lo, double hi, int bins) {
        double[] c = new double[bins];
        for (double x : v) {
            int b = (int) Math.floor((Math.min(Math.max(x, lo), hi) - lo) / (hi - lo) * bins);
            c[Math.min(b, bins - 1)]++;
        }
        for (int b = 0; b < bins; b++) {
            c[b] /= Math.max(v.length, 1);
        }
        return c;
    }
}
