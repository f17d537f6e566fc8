package org.mia4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.mia4j.Defaults;
import org.mia4j.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mia4j runs}: the finished runs of a runs folder. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "List the finished runs: name, date, data set, models, and the strongest attack at 0.1%% FPR.")
public final class RunsCommand implements Callable<Integer> {

    @Option(names = "--runs-dir", description = "Folder holding the run folders (default: " + Defaults.RUNS_DIR + ").")
    Path runsDir = Path.of(Defaults.RUNS_DIR);

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(runsDir)) {
            System.out.println("no runs in " + runsDir);
            return 0;
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.walk(runsDir, 2)) {
            // runs, and the audits inside a run made of several (experiment defense: NAME/standard, NAME/adaptive)
            // and one-run privacy audits (experiment dp-audit: dp-audit.json)
            dirs = s.filter(d -> !d.equals(runsDir) && (Files.isRegularFile(d.resolve("results.json"))
                    || Files.isRegularFile(d.resolve(DP_AUDIT))) && !d.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
        System.out.printf(Locale.ROOT, "%-36s %-20s %-14s %6s  %s%n", "run", "created", "data set", "models",
                "strongest at 0.1% FPR");
        for (Path d : dirs) {
            if (!Files.isRegularFile(d.resolve("results.json"))) {
                dpAudit(d);
                continue;
            }
            JsonNode r;
            try {
                r = Json.MAPPER.readTree(d.resolve("results.json").toFile());
            } catch (IOException e) {
                System.out.printf(Locale.ROOT, "%-36s (results.json unreadable: %s)%n", runsDir.relativize(d),
                        Json.why(e));
                continue;
            }
            JsonNode best = null;
            for (JsonNode a : r.path("attacks")) {
                if (best == null || a.path("tpr_at_0_1pct_fpr").asDouble() > best.path("tpr_at_0_1pct_fpr")
                        .asDouble()) {
                    best = a;
                }
            }
            String created = r.path("provenance").path("created_at").asText("?");
            System.out.printf(Locale.ROOT, "%-36s %-20s %-14s %6d  %s%n", runsDir.relativize(d),
                    created.length() > 19 ? created.substring(0, 19) : created,
                    r.path("dataset").path("name").asText("?"), r.path("models").size(), best == null ? "-"
                            : String.format(Locale.ROOT, "%s on %s: %.2f%%", best.path("attack").asText(),
                                    best.path("model").asText(), 100 * best.path("tpr_at_0_1pct_fpr").asDouble()));
        }
        return 0;
    }

    private static final String DP_AUDIT = "dp-audit.json";

    /** A one-run privacy audit's line: its two models and the bounds in place of the strongest attack. */
    private void dpAudit(Path d) {
        JsonNode r;
        try {
            r = Json.MAPPER.readTree(d.resolve(DP_AUDIT).toFile());
        } catch (IOException e) {
            System.out.printf(Locale.ROOT, "%-36s (%s unreadable: %s)%n", runsDir.relativize(d), DP_AUDIT, Json.why(e));
            return;
        }
        String created = r.path("provenance").path("created_at").asText("?");
        System.out.printf(Locale.ROOT, "%-36s %-20s %-14s %6d  one-run audit: eps >= %.2f (accountant %.2f), "
                + "non-private eps >= %.2f%n", runsDir.relativize(d),
                created.length() > 19 ? created.substring(0, 19) : created, r.path("dataset").asText("?"), 2,
                r.path("epsilon_one_run").asDouble(), r.path("accountant_epsilon").asDouble(),
                r.path("non_private").path("epsilon_one_run").asDouble());
    }
}
