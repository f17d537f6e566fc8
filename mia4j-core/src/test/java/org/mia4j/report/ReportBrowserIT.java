package org.mia4j.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mia4j.cli.Mia4jCommand;
import picocli.CommandLine;

/**
 * Opens a generated report in headless Chromium, as a reader would: no console errors, no network request at all,
 * no chart without data, nothing wider than the window; saves a full-page screenshot as a build artifact
 * ({@code target/report-screenshot.png}). CI installs Chromium ({@code .ci/run}) and this test fails there without
 * it; on a machine without it, it is skipped.
 */
class ReportBrowserIT {
    @TempDir
    Path dir;

    @Test
    void theReportOpensCleanlyInABrowser() throws Exception {
        var chromium = Chromium.find();
        if ("true".equals(System.getenv("CI"))) {
            assertThat(chromium).as("CI must have chromium (.ci/run installs it)").isPresent();
        }
        Assumptions.assumeTrue(chromium.isPresent(), "chromium is not installed (apt-get install chromium)");
        long t0 = System.nanoTime();
        List<String> args = new ArrayList<>(List.of("experiment", "pruning", "--runs-dir", dir.toString(),
                "--name", "r", "--epochs", "3", "--finetune-epochs", "2", "--shadows", "1", "--bootstrap", "20",
                "--references", "3", "--population", "200", "--attack-epochs", "2", "--samia-epochs", "1",
                "--samia-max-records", "300", "--samia-layers", "1", "--label-queries", "4", "--boundary-queries",
                "50", "--no-progress", "--pruners", "l1-unstructured", "--sparsities", "0.5,0.8", "--defenses", "ppb"));
        int code = Mia4jCommand.newCommandLine().execute(args.toArray(String[]::new));
        assertThat(code).isZero();
        Path report = dir.resolve("r/report.html");
        try (Chromium browser = new Chromium(chromium.get(), dir.resolve("profile"), 1280, 900)) {
            browser.open(report.toUri().toString());
            assertThat(browser.console).as("console errors").isEmpty();
            assertThat(browser.requests).as("requests").allMatch(u -> u.startsWith("file:"));
            assertThat(browser.requests).hasSize(1); // the page itself, nothing it loads
            assertThat(browser.evaluate("document.querySelectorAll('svg').length").asInt()).isGreaterThan(5);
            assertThat(browser.evaluate("Array.from(document.querySelectorAll('svg'))"
                    + ".filter(s => !s.querySelector('.d')).map(s => s.textContent.slice(0, 60)).join(' | ')")
                    .asText()).as("charts without data").isEmpty();
            assertThat(browser.evaluate("document.documentElement.scrollWidth <= window.innerWidth").asBoolean())
                    .as("content wider than the window: " + browser.evaluate("Array.from(document.querySelectorAll("
                            + "'body *')).filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
                            + ".slice(0, 4).map(e => e.tagName + ' ' + Math.round(e.getBoundingClientRect().right) + "
                            + "' ' + e.textContent.slice(0, 50)).join(' | ')")).isTrue();
            browser.screenshot(Path.of(System.getProperty("mia4j.build.dir", "target"), "report-screenshot.png"));
            assertThat(browser.pdf()).startsWith('%', 'P', 'D', 'F');
        }
        assertThat(Files.size(Path.of(System.getProperty("mia4j.build.dir", "target"), "report-screenshot.png"))).isGreaterThan(10_000);
        assertThat(Mia4jCommand.newCommandLine().execute("report", "--pdf", dir.resolve("r").toString())).isZero();
        assertThat(Files.readAllBytes(dir.resolve("r/report.pdf"))).startsWith('%', 'P', 'D', 'F');
        System.out.printf("browser test took %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
}
