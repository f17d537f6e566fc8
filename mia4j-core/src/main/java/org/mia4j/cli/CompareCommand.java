package org.mia4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mia4j.AtomicFiles;
import org.mia4j.Defaults;
import org.mia4j.Mia4jException;
import org.mia4j.json.Json;
import org.mia4j.report.RunComparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mia4j compare A B [C...]}: finished runs side by side, with paired differences on shared records. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Print and write (compare.html, compare.json) a summary (the data sets; per shared model, which "
            + "run leaks more at the judged operating point and by how much), then the models and attacks the runs "
            + "share, with each run's accuracy, AUC and TPR at 0.1%% FPR, and the difference from the first run with "
            + "a paired-bootstrap interval where both scored the same records (else why not).")
public final class CompareCommand implements Callable<Integer> {

    @Parameters(arity = "2..*", description = "Runs: names in the runs folder, or paths.")
    List<String> runs;

    @Option(names = "--runs-dir", description = "Folder holding the run folders (default: " + Defaults.RUNS_DIR + ").")
    Path runsDir = Path.of(Defaults.RUNS_DIR);

    @Option(names = "--out", description = "Folder for compare.html and compare.json (default: "
            + "RUNS/compare-A-B).")
    Path out;

    @Option(names = "--bootstrap", description = "Paired-bootstrap resamples (default: " + Defaults.BOOTSTRAP + ").")
    int bootstrap = Defaults.BOOTSTRAP;

    @Option(names = "--allow-different-data", description = "Compare runs that audited different data sets (by "
            + "name or checksum); refused otherwise, as their numbers are not comparable.")
    boolean allowDifferentData;

    @Override
    public Integer call() {
        List<Path> dirs = runs.stream().map(r -> Files.isDirectory(Path.of(r)) ? Path.of(r) : runsDir.resolve(r))
                .toList();
        for (Path d : dirs) {
            if (!Files.isDirectory(d)) {
                throw new Mia4jException("no run " + d + " (give run names in " + runsDir + " or paths)");
            }
        }
        RunComparison c = RunComparison.of(dirs, bootstrap, Defaults.SEED, allowDifferentData);
        Path folder = out != null ? out : runsDir.resolve("compare-" + String.join("-", c.runs()));
        Json.write(folder.resolve("compare.json"), c);
        AtomicFiles.writeString(folder.resolve("compare.html"), c.html());
        System.out.print(c.table());
        System.out.println("wrote " + folder.resolve("compare.html") + " and compare.json");
        return 0;
    }
}
