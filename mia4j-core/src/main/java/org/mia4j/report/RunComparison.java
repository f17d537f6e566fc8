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
import org.mia4j.metric.Interval;
import org.mia4j.metric.PairedComparison;
import org.mia4j.metric.RocCurve;

/**
 * Runs side by side: the models and attacks they share, each run's numbers, and against the first run a paired
 * bootstrap difference wherever both scored the same records (same record indices and membership in
 * {@code scores/MODEL.csv}).
 */
public record RunComparison(
        @JsonProperty("runs") List<String> runs,
        @JsonProperty("datasets") List<DataSet> datasets,
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
            @JsonProperty("auc_difference_ci95") List<Interval> aucDifference,
            @JsonProperty("tpr_difference_ci95") List<Interval> tprDifference) {}

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
        for (String key : shared) {
            String model = key.split("\t")[0];
            String attack = key.split("\t")[1];
            List<Optional<Scores>> s = scores.computeIfAbsent(model, m -> dirs.stream().map(d -> Scores.read(
                    d.resolve("scores").resolve(m.replace('@', '_') + ".csv"))).toList());
            List<Double> acc = new ArrayList<>();
            List<Double> auc = new ArrayList<>();
            List<Double> tpr = new ArrayList<>();
            List<Interval> dAuc = new ArrayList<>();
            List<Interval> dTpr = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                JsonNode r = results.get(i);
                JsonNode row = find(r.get("attacks"), model, attack);
                acc.add(find(r.get("models"), model, null).get("test_accuracy").asDouble());
                auc.add(row.get("auc").asDouble());
                tpr.add(row.get("tpr_at_0_1pct_fpr").asDouble());
                // records of different data sets are not the same records, whatever their indices
                Optional<PairedComparison[]> p = i == 0 || !data.get(i).equals(data.get(0)) ? Optional.empty()
                        : paired(s.get(0), s.get(i), attack, resamples, seed);
                dAuc.add(p.map(c -> c[0].ci95()).orElse(null));
                dTpr.add(p.map(c -> c[1].ci95()).orElse(null));
            }
            rows.add(new Row(model, attack, acc, auc, tpr, dAuc, dTpr));
        }
        return new RunComparison(dirs.stream().map(d -> d.getFileName().toString()).toList(), data, rows);
    }

    private static Optional<PairedComparison[]> paired(Optional<Scores> a, Optional<Scores> b, String attack,
            int resamples, long seed) {
        if (a.isEmpty() || b.isEmpty() || !Arrays.equals(a.get().records(), b.get().records())
                || !Arrays.equals(a.get().member(), b.get().member()) || !a.get().columns().containsKey(attack)
                || !b.get().columns().containsKey(attack)) {
            return Optional.empty();
        }
        double[] x = a.get().columns().get(attack);
        double[] y = b.get().columns().get(attack);
        boolean[] m = a.get().member();
        return Optional.of(new PairedComparison[] {
            PairedComparison.of(x, y, m, (s, t) -> RocCurve.of(s, t).auc(), resamples, seed),
            PairedComparison.of(x, y, m, (s, t) -> RocCurve.of(s, t).tprAtFpr(0.001), resamples, seed)});
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

    /** A self-contained page of the comparison. */
    public String html() {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>mia4j compare</title><style>body{font-family:system-ui,sans-serif;margin:2em}"
                + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
                + "td.l,th.l{text-align:left}</style></head><body>\n<h1>Runs compared</h1>\n<p>");
        h.append(HtmlReport.esc(String.join(", ", runs))).append(". Data: ");
        for (int i = 0; i < runs.size(); i++) {
            h.append(i == 0 ? "" : "; ").append(HtmlReport.esc(runs.get(i) + ": " + datasets.get(i)));
        }
        h.append(". Differences are from the first run, with a "
                + "paired-bootstrap 95% interval where both runs scored the same records.</p>\n<table><tr>"
                + "<th class=l>model</th><th class=l>attack</th>");
        for (int i = 0; i < runs.size(); i++) {
            String n = HtmlReport.esc(runs.get(i));
            h.append("<th>").append(n).append(" acc</th><th>").append(n).append(" AUC</th><th>").append(n)
                    .append(" TPR@0.1%FPR</th>").append(i == 0 ? "" : "<th>" + n + " &Delta;AUC [95% CI]</th>");
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
                    h.append("<td>").append(d == null ? "unpaired" : String.format(Locale.ROOT,
                            "%+.3f [%+.3f, %+.3f]", r.auc().get(i) - r.auc().get(0), d.low(), d.high()))
                            .append("</td>");
                }
            }
            h.append("</tr>\n");
        }
        return h.append("</table>\n</body></html>\n").toString();
    }
}
