package org.mia4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.mia4j.Defaults;
import org.mia4j.Mia4jException;
import org.mia4j.report.Browsers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mia4j report --pdf RUN}: a run's report printed to PDF by headless Chromium. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Print a run's report.html to PDF (RUN/report.pdf) with headless Chromium (apt-get install "
            + "chromium).")
public final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "The run: a name in the runs folder, or a path.")
    String run;

    @Option(names = "--pdf", required = true, description = "Write RUN/report.pdf.")
    boolean pdf;

    @Option(names = "--runs-dir", description = "Folder holding the run folders (default: " + Defaults.RUNS_DIR + ").")
    Path runsDir = Path.of(Defaults.RUNS_DIR);

    @Override
    public Integer call() throws Exception {
        Path dir = Files.isDirectory(Path.of(run)) ? Path.of(run) : runsDir.resolve(run);
        Path html = dir.resolve("report.html");
        if (!Files.isRegularFile(html)) {
            throw new Mia4jException("no report in " + dir + " (a finished run folder holds report.html)");
        }
        Path browser = Browsers.chromium().orElseThrow(() -> new Mia4jException(
                        "printing to PDF needs Chromium, which is not installed (apt-get install chromium); "
                                + "report.html itself opens in any browser"));
        Path out = dir.resolve("report.pdf");
        Path tmp = Files.createTempDirectory("mia4j-chromium");
        Process p = new ProcessBuilder(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + tmp, "--no-pdf-header-footer", "--print-to-pdf=" + out.toAbsolutePath(),
                html.toAbsolutePath().toUri().toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        try (java.util.stream.Stream<Path> s = Files.walk(tmp)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        if (!done) {
            p.destroyForcibly();
            throw new Mia4jException("Chromium did not finish printing " + html + " within 120 s");
        }
        if (p.exitValue() != 0 || !Files.isRegularFile(out)) {
            throw new Mia4jException("Chromium could not print " + html + " (exit " + p.exitValue() + ")");
        }
        System.out.println("wrote " + out);
        return 0;
    }
}
