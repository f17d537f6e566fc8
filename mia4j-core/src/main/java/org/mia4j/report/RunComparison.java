package org.mia4j.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mia4j.Mia4jException;
import org.mia4j.data.DataFiles;
import org.mia4j.json.Json;
import org.mia4j.metric.Interval;
import org.mia4j.metric.PairedComparison;
import org.mia4j.metric.RocCurve;

/**
 * Runs side by side: the models and attacks they share, each run's numbers, and against the first run a paired
 * bootstrap difference wherever both scored the same records (same record indices and membership in
 * {@code scores/MODEL.csv}), with the reason wherever they did not. The summary says, per shared model, which run
 * leaks more at the operating point the verdict judges at ({@code judgedMetric}) and by how much.
 */
public record RunComparison(
        @JsonProperty("runs") List<String> runs,
        @JsonProperty("datasets") List<DataSet> datasets,
        @JsonProperty("judged_metric") String judgedMetric,
        @JsonProperty("summary") List<String> summary,
        @JsonProperty("rows") List<Row> rows) {

    /** The data set a run audited: its name and the SHA-256 of its files. */
    public record DataSet(@JsonProperty("name") String name, @JsonProperty("checksums") Map<String, String> checksums) {
        static DataSet of(JsonNode results) {
            JsonNode d = results.path("dataset");
            Map<String, String> sums = new java.util.TreeMap<>();
            JsonNode c = d.has("checksums") ? d.path("checksums") : results.path("provenance").path("data_checksums");
            c.fields().forEachRemaining(e -> sums.put(e.getKey(), e.getValue().asText()));
            return new DataSet(d.path("name").asText("?"), sums);
        }

        /** {@code location (bangkok.csv.gz 233bfa0f)}. */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(name);
            if (!checksums.isEmpty()) {
                sb.append(" (");
                checksums.forEach((f, s) -> sb.append(sb.charAt(sb.length() - 1) == '(' ? "" : ", ").append(f)
                        .append(' ').append(s, 0, Math.min(8, s.length())));
                sb.append(')');
            }
            return sb.toString();
        }
    }

    /** One model and attack in every run. */
    public record Row(
            @JsonProperty("model") String model,
            @JsonProperty("attack") String attack,
            @JsonProperty("test_accuracy") List<Double> testAccuracy,
            @JsonProperty("auc") List<Double> auc,
            @JsonProperty("tpr_at_0_1pct_fpr") List<Double> tprAt01PctFpr,
            @JsonProperty("tpr_at_1pct_fpr") List<Double> tprAt1PctFpr,
            @JsonProperty("auc_difference_ci95") List<Interval> aucDifference,
            @JsonProperty("tpr_difference_ci95") List<Interval> tprDifference,
            @JsonProperty("unpaired_because") List<String> unpairedBecause) {}

    /**
     * Compares the finished runs in {@code dirs} (at least two), which must have audited the same data (name and
     * checksums) unless {@code allowDifferentData}.
     */
    public static RunComparison of(List<Path> dirs, int resamples, long seed, boolean allowDifferentData) {
        List<JsonNode> results = new ArrayList<>();
        for (Path d : dirs) {
            Path f = d.resolve("results.json");
            if (!Files.isRegularFile(f)) {
                throw new Mia4jException(d + " is not a finished run (no results.json)");
            }
            try {
                results.add(Json.MAPPER.readTree(f.toFile()));
            } catch (IOException e) {
                throw new Mia4jException("cannot read " + f + ": " + Json.why(e), e);
            }
        }
        List<DataSet> data = results.stream().map(DataSet::of).toList();
        for (int i = 1; i < data.size(); i++) {
            if (!allowDifferentData && !data.get(i).equals(data.get(0))) {
                throw new Mia4jException("the runs audited different data: " + dirs.get(0).getFileName() + " "
                        + data.get(0) + ", " + dirs.get(i).getFileName() + " " + data.get(i) + "; their numbers are "
                        + "not comparable (give --allow-different-data to compare them anyway)");
            }
        }
        Set<String> shared = null;
        for (JsonNode r : results) {
            Set<String> keys = new LinkedHashSet<>();
            r.get("attacks").forEach(a -> keys.add(a.get("model").asText() + "\t" + a.get("attack").asText()));
            if (shared == null) {
                shared = keys;
            } else {
                shared.retainAll(keys);
            }
        }
        if (shared == null || shared.isEmpty()) {
            throw new Mia4jException("the runs " + dirs + " share no model and attack: nothing to compare");
        }
        List<Row> rows = new ArrayList<>();
        Map<String, List<Optional<Scores>>> scores = new LinkedHashMap<>();
        List<String> names = dirs.stream().map(d -> d.getFileName().toString()).toList();
        for (String key : shared) {
            String model = key.split("\t")[0];
            String attack = key.split("\t")[1];
            List<Optional<Scores>> s = scores.computeIfAbsent(model, m -> scoresOf(dirs, m));
            List<Double> acc = new ArrayList<>();
            List<Double> auc = new ArrayList<>();
            List<Double> tpr = new ArrayList<>();
            List<Double> tpr1 = new ArrayList<>();
            List<Interval> dAuc = new ArrayList<>();
            List<Interval> dTpr = new ArrayList<>();
            List<String> why = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                JsonNode r = results.get(i);
                JsonNode row = find(r.get("attacks"), model, attack);
                acc.add(find(r.get("models"), model, null).get("test_accuracy").asDouble());
                auc.add(row.get("auc").asDouble());
                tpr.add(row.get("tpr_at_0_1pct_fpr").asDouble());
                tpr1.add(row.path("tpr_at_1pct_fpr").asDouble(Double.NaN));
                Pairing p = i == 0 ? Pairing.NONE : pair(data, s, names, model, 0, i, attack, attack);
                why.add(p.why());
                dAuc.add(p.paired() ? p.compare(RunComparison::auc, resamples, seed).ci95() : null);
                dTpr.add(p.paired() ? p.compare((x, m) -> RocCurve.of(x, m).tprAtFpr(0.001), resamples, seed).ci95()
                        : null);
            }
            rows.add(new Row(model, attack, acc, auc, tpr, tpr1, dAuc, dTpr, why));
        }
        int nonMembers = Integer.MAX_VALUE;
        for (JsonNode r : results) {
            for (JsonNode a : r.get("attacks")) {
                nonMembers = Math.min(nonMembers, a.path("non_members").asInt(Integer.MAX_VALUE));
            }
        }
        String judged = nonMembers == Integer.MAX_VALUE ? "auc" : Verdict.judgedMetric(nonMembers);
        List<String> summary = summary(names, data, results, shared, scores, judged, resamples, seed);
        return new RunComparison(names, data, judged, summary, rows);
    }

    private static List<Optional<Scores>> scoresOf(List<Path> dirs, String model) {
        return dirs.stream().map(d -> Scores.read(d.resolve("scores").resolve(model.replace('@', '_') + ".csv")))
                .toList();
    }

    private static double auc(double[] s, boolean[] m) {
        return RocCurve.of(s, m).auc();
    }

    /**
     * The summary: the data sets, then per later run and shared model which run leaks more at the judged operating
     * point: each run's strongest shared attack there, the difference, and its paired interval where the runs scored
     * the same records (else why not).
     */
    private static List<String> summary(List<String> names, List<DataSet> data, List<JsonNode> results,
            Set<String> shared, Map<String, List<Optional<Scores>>> scores, String judged, int resamples, long seed) {
        List<String> out = new ArrayList<>();
        boolean same = data.stream().allMatch(d -> d.equals(data.get(0)));
        if (same) {
            out.add("Data set: " + data.get(0) + (names.size() == 2 ? ", in both runs." : ", in every run."));
        } else {
            StringBuilder d = new StringBuilder("Different data sets: ");
            for (int i = 0; i < names.size(); i++) {
                d.append(i == 0 ? "" : "; ").append(names.get(i)).append(": ").append(data.get(i));
            }
            out.add(d.append(". Their records are not the same records, so nothing is paired.").toString());
        }
        boolean tpr = !judged.equals("auc");
        PairedComparison.Metric metric = switch (judged) {
            case "tpr_at_0_1pct_fpr" -> (x, m) -> RocCurve.of(x, m).tprAtFpr(0.001);
            case "tpr_at_1pct_fpr" -> (x, m) -> RocCurve.of(x, m).tprAtFpr(0.01);
            default -> RunComparison::auc;
        };
        Map<String, List<String>> attacksOf = new LinkedHashMap<>();
        shared.forEach(k -> attacksOf.computeIfAbsent(k.split("\t")[0], x -> new ArrayList<>()).add(k.split("\t")[1]));
        for (int i = 1; i < names.size(); i++) {
            for (Map.Entry<String, List<String>> e : attacksOf.entrySet()) {
                String model = e.getKey();
                String[] best = new String[2];
                double[] value = new double[2];
                int[] runs = {0, i};
                for (int k = 0; k < 2; k++) {
                    JsonNode r = results.get(runs[k]);
                    value[k] = -1;
                    for (String attack : e.getValue()) {
                        double v = find(r.get("attacks"), model, attack).path(judged).asDouble(Double.NaN);
                        if (v > value[k]) {
                            value[k] = v;
                            best[k] = attack;
                        }
                    }
                }
                if (best[0] == null || best[1] == null) {
                    continue;
                }
                double d = value[1] - value[0];
                String f = tpr ? "%.1f%%" : "%.3f";
                double scale = tpr ? 100 : 1;
                String diff = String.format(Locale.ROOT, tpr ? "%+.1f points" : "%+.3f", scale * d);
                Pairing p = pair(data, scores.get(model), names, model, 0, i, best[0], best[1]);
                String verdict;
                String interval;
                if (p.paired()) {
                    PairedComparison c = p.compare(metric, resamples, seed);
                    interval = c.ci95() == null ? "" : String.format(Locale.ROOT, tpr ? " [paired 95%% CI %+.1f, "
                            + "%+.1f]" : " [paired 95%% CI %+.3f, %+.3f]", scale * c.ci95().low(),
                            scale * c.ci95().high());
                    verdict = c.ci95() == null ? "" : c.significant() ? ", a significant difference"
                            : ", no significant difference";
                } else {
                    interval = "";
                    verdict = ", not paired: " + p.why();
                }
                String who = d > 0 ? names.get(i) + " leaks more than " + names.get(0)
                        : d < 0 ? names.get(0) + " leaks more than " + names.get(i)
                                : names.get(0) + " and " + names.get(i) + " leak the same";
                out.add(String.format(Locale.ROOT, "%s: %s at %s: %s " + f + " (%s) against " + f + " (%s), %s%s%s.",
                        model, who, Verdict.at(judged), tpr ? "TPR" : "AUC", scale * value[1], best[1],
                        scale * value[0], best[0], diff, interval, verdict));
            }
        }
        return List.copyOf(out);
    }

    /** Two runs' scores of one model, by attack, on the same records; or why they cannot be paired. */
    private record Pairing(double[] x, double[] y, boolean[] member, String why) {
        static final Pairing NONE = new Pairing(null, null, null, null);

        boolean paired() {
            return x != null;
        }

        PairedComparison compare(PairedComparison.Metric metric, int resamples, long seed) {
            return PairedComparison.of(x, y, member, metric, resamples, seed);
        }

        static Pairing not(String why) {
            return new Pairing(null, null, null, why);
        }
    }

    private static Pairing pair(List<DataSet> data, List<Optional<Scores>> s, List<String> names, String model, int a,
            int b, String attackA, String attackB) {
        // records of different data sets are not the same records, whatever their indices
        if (!data.get(a).equals(data.get(b))) {
            return Pairing.not("the runs audited different data");
        }
        for (int k : new int[] {a, b}) {
            if (s.get(k).isEmpty()) {
                return Pairing.not(names.get(k) + " has no per-record scores of " + model);
            }
        }
        Scores x = s.get(a).get();
        Scores y = s.get(b).get();
        if (!Arrays.equals(x.records(), y.records())) {
            return Pairing.not("the runs scored different records (another split or seed)");
        }
        if (!Arrays.equals(x.member(), y.member())) {
            return Pairing.not("the same records with a different membership");
        }
        if (!x.columns().containsKey(attackA) || !y.columns().containsKey(attackB)) {
            return Pairing.not("no per-record scores of the attack");
        }
        return new Pairing(x.columns().get(attackA), y.columns().get(attackB), x.member(), null);
    }

    private static JsonNode find(JsonNode rows, String model, String attack) {
        for (JsonNode r : rows) {
            if (r.get("model").asText().equals(model) && (attack == null || r.get("attack").asText().equals(attack))) {
                return r;
            }
        }
        throw new Mia4jException("model " + model + " missing from a run's results");
    }

    /** A run's per-record scores of one model. */
    record Scores(int[] records, boolean[] member, Map<String, double[]> columns) {
        static Optional<Scores> read(Path csv) {
            if (!Files.isRegularFile(csv)) {
                return Optional.empty();
            }
            String what = csv.toString();
            List<DataFiles.Row> rows = DataFiles.csvRows(what, DataFiles.readStored(csv), ',', null);
            String[] header = rows.get(0).fields();
            int memberCol = Arrays.asList(header).indexOf("member");
            int first = memberCol + 1;
            int n = rows.size() - 1;
            int[] rec = new int[n];
            boolean[] mem = new boolean[n];
            Map<String, double[]> cols = new LinkedHashMap<>();
            for (int j = first; j < header.length; j++) {
                cols.put(header[j], new double[n]);
            }
            for (int i = 0; i < n; i++) {
                String[] f = rows.get(i + 1).fields();
                rec[i] = Integer.parseInt(f[0]);
                mem[i] = f[memberCol].equals("1");
                for (int j = first; j < header.length; j++) {
                    cols.get(header[j])[i] = Double.parseDouble(f[j]);
                }
            }
            return Optional.of(new Scores(rec, mem, cols));
        }
    }

    /** A plain-text table of the comparison. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        summary.forEach(x -> sb.append("* ").append(x).append('\n'));
        sb.append('\n');
        sb.append(String.format(Locale.ROOT, "%-28s %-14s", "model", "attack"));
        for (String r : runs) {
            sb.append(String.format(Locale.ROOT, " | %-30s", r));
        }
        sb.append(String.format(Locale.ROOT, "%n%-28s %-14s", "", ""));
        for (int i = 0; i < runs.size(); i++) {
            sb.append(String.format(Locale.ROOT, " | %-30s", i == 0 ? "acc   AUC    TPR@0.1%" : "acc   AUC    TPR@0.1%  dAUC"));
        }
        sb.append('\n');
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-28s %-14s", r.model(), r.attack()));
            for (int i = 0; i < runs.size(); i++) {
                Interval d = r.aucDifference().get(i);
                sb.append(String.format(Locale.ROOT, " | %.3f %.3f %7.2f%% %s", r.testAccuracy().get(i),
                        r.auc().get(i), 100 * r.tprAt01PctFpr().get(i), i == 0 ? "      " : d == null ? "(unpaired)"
                                : String.format(Locale.ROOT, "%+.3f [%+.3f,%+.3f]", r.auc().get(i) - r.auc().get(0),
                                        d.low(), d.high())));
            }
            sb.append('\n');
        }
        for (int i = 0; i < runs.size(); i++) {
            sb.append(String.format(Locale.ROOT, "%s: %s%n", runs.get(i), datasets.get(i)));
        }
        return sb.append("(dAUC: difference from the first run, paired-bootstrap 95% interval where both scored the "
                + "same records)\n").toString();
    }

    /** A self-contained page of the comparison: the summary first, then every shared model and attack. */
    public String html() {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>mia4j compare</title><style>body{font-family:system-ui,sans-serif;margin:1em auto;"
                + "padding:0 1em;max-width:1100px;overflow-wrap:break-word}table{border-collapse:collapse}"
                + "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td.l,th.l{text-align:left}"
                + ".tw{overflow-x:auto;max-width:100%}#summary{background:#f7f7f7;padding:.1em 1em;"
                + "border-left:4px solid #1f77b4}.ci{color:#666;font-size:85%}</style></head><body>\n"
                + "<h1>Runs compared: ").append(HtmlReport.esc(String.join(", ", runs))).append("</h1>\n")
                .append("<section id=summary><p><b>In short</b>, at ").append(Verdict.at(judgedMetric))
                .append(" (the operating point the verdict judges at for these non-members; each run's strongest ")
                .append("shared attack there):</p>\n<ul>\n");
        summary.forEach(x -> h.append("<li>").append(HtmlReport.esc(x)).append("</li>\n"));
        h.append("</ul></section>\n<p>Every model and attack the runs share. Differences are from the first run, with a "
                + "paired-bootstrap 95% interval where both runs scored the same records.</p>\n<div class=tw><table>"
                + "<tr><th class=l>model</th><th class=l>attack</th>");
        for (int i = 0; i < runs.size(); i++) {
            String n = HtmlReport.esc(runs.get(i));
            h.append("<th>").append(n).append(" acc</th><th>").append(n).append(" AUC</th><th>").append(n)
                    .append(" TPR@0.1%FPR</th>").append(i == 0 ? "" : "<th class=l>" + n + " &Delta;AUC [95% CI]</th>");
        }
        h.append("</tr>\n");
        for (Row r : rows) {
            h.append("<tr><td class=l>").append(HtmlReport.esc(r.model())).append("</td><td class=l>")
                    .append(HtmlReport.esc(r.attack())).append("</td>");
            for (int i = 0; i < runs.size(); i++) {
                Interval d = r.aucDifference().get(i);
                h.append(String.format(Locale.ROOT, "<td>%.3f</td><td>%.3f</td><td>%.2f%%</td>",
                        r.testAccuracy().get(i), r.auc().get(i), 100 * r.tprAt01PctFpr().get(i)));
                if (i > 0) {
                    h.append("<td class=l>").append(String.format(Locale.ROOT, "%+.3f ", r.auc().get(i)
                            - r.auc().get(0))).append(d == null ? "<span class=ci>not paired: "
                                    + HtmlReport.esc(String.valueOf(r.unpairedBecause().get(i))) + "</span>"
                                    : String.format(Locale.ROOT, "[%+.3f, %+.3f]", d.low(), d.high()))
                            .append("</td>");
                }
            }
            h.append("</tr>\n");
        }
        return h.append("</table></div>\n</body></html>\n").toString();
    }
}
