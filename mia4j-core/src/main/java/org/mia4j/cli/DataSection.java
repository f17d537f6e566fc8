package org.mia4j.cli;

import static org.mia4j.cli.PlanSection.set;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.mia4j.Defaults;
import org.mia4j.plan.AuditConfig;
import org.mia4j.plan.AuditPlan;
import picocli.CommandLine.Option;

/** Which records: data set, files, columns, subset. */
final class DataSection implements PlanSection {

    @Option(names = "--dataset", description = "Data set: location, mnist, fashion-mnist, adult, cifar10, cifar100 "
            + "or csv.")
    String dataset;

    @Option(names = "--data-dir", description = "Folder with the data files (for csv: the file). Default: "
            + "$MIA4J_DATA/<dataset>, then the built-in locations (see `mia4j datasets`).")
    Path dataDir;

    @Option(names = "--label-column", description = "Label column of a csv data set (header name; required for csv).")
    String labelColumn;

    @Option(names = "--delimiter", description = "Field delimiter of a csv data set, one character (default: "
            + Defaults.DELIMITER + "; use '\\t' for tabs).")
    String delimiter;

    @Option(names = "--max-classes", description = "More classes than this in the labels is an error (default: "
            + Defaults.MAX_CLASSES + ").")
    Integer maxClasses;

    @Option(names = "--ignore-columns", split = ",", description = "Columns of a csv data set to leave out, "
            + "comma-separated (e.g. record identifiers: a text column of nearly all distinct values is refused).")
    java.util.List<String> ignoreColumns;

    @Option(names = "--max-records", description = "Use a seeded random subset of this many records (0 = all).")
    Integer maxRecords;

    @Override
    public String heading() {
        return "Data";
    }

    @Override
    public void applyTo(AuditPlan.Builder b) {
        set(dataset, b::setDataset);
        set(dataDir, b::optDataDir);
        set(labelColumn, b::optLabelColumn);
        set(maxClasses, b::optMaxClasses);
        set(delimiter, d -> b.optDelimiter(d.equals("\\t") ? "\t" : d));
        set(maxRecords, b::optMaxRecords);
        set(ignoreColumns, b::optIgnoreColumns);
    }

    @Override
    public Map<String, Function<AuditConfig, Object>> defaults() {
        return Map.of("--dataset", AuditConfig::dataset, "--max-records", AuditConfig::maxRecords);
    }
}
