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
 * no chart without data; then at 1280 and at 420 CSS pixels wide (a laptop and a phone): no horizontal scroll of the
 * page (tables may scroll inside their own box), every chart entirely inside the window, and at 1280 the scorecard
 * within the first 800 pixels. Saves a full-page screenshot of each width as a build artifact ({@code
 * target/report-1280.png}, {@code target/report-420.png}). CI installs Chromium ({@code .ci/run}) and this test
 * fails there without it; on a machine without it, it is skipped.
 */
class ReportBrowserIT {
    @TempDir
    Path dir;

    @Test
    void theReportOpensCleanlyInABrowserAtEveryWidth() throws Exception {
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
        long t1 = System.nanoTime();
        Path report = dir.resolve("r/report.html");
        Path build = Path.of(System.getProperty("mia4j.build.dir", "target"));
        try (Chromium browser = new Chromium(chromium.get(), dir.resolve("profile"), 1280, 900)) {
            browser.open(report.toUri().toString());
            assertThat(browser.console).as("console errors").isEmpty();
            assertThat(browser.requests).as("requests").allMatch(u -> u.startsWith("file:"));
            assertThat(browser.requests).hasSize(1); // the page itself, nothing it loads
            assertThat(browser.evaluate("document.querySelectorAll('svg').length").asInt()).isGreaterThan(5);
            assertThat(browser.evaluate("Array.from(document.querySelectorAll('svg'))"
                    + ".filter(s => !s.querySelector('.d')).map(s => s.textContent.slice(0, 60)).join(' | ')")
                    .asText()).as("charts without data").isEmpty();
            for (int width : new int[] {1280, 420}) {
                browser.viewport(width, 900);
                assertThat(browser.evaluate("window.innerWidth").asInt()).isEqualTo(width);
                assertThat(browser.evaluate("document.documentElement.scrollWidth <= window.innerWidth").asBoolean())
                        .as(width + " px: the page scrolls sideways: " + browser.evaluate("Array.from(document"
                                + ".querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > "
                                + "window.innerWidth + 1 && !e.closest('.tw')).slice(0, 4).map(e => e.tagName + ' ' + "
                                + "Math.round(e.getBoundingClientRect().right) + ' ' + e.textContent.slice(0, 50))"
                                + ".join(' | ')")).isTrue();
                // every chart shown is entirely inside the window (folded ones have no box), and one drawn
                // narrower than its natural width is scaled (it has a viewBox), not cropped
                assertThat(browser.evaluate("Array.from(document.querySelectorAll('svg')).filter(s => { const r = "
                        + "s.getBoundingClientRect(); return r.width > 0 && (r.left < -1 || r.right > "
                        + "window.innerWidth + 1 || (!s.getAttribute('viewBox') && r.width + 1 < s.width.baseVal"
                        + ".value)); }).map(s => s.getAttribute('aria-label') + ' ' + Math.round(s"
                        + ".getBoundingClientRect().right)).join(' | ')").asText())
                        .as(width + " px: charts not inside the window").isEmpty();
                if (width == 1280) {
                    assertThat(browser.evaluate("document.getElementById('scorecard').getBoundingClientRect().top "
                            + "+ window.scrollY").asDouble()).as("scorecard top").isLessThan(800);
                }
                browser.screenshot(build.resolve("report-" + width + ".png"));
                assertThat(Files.size(build.resolve("report-" + width + ".png"))).isGreaterThan(10_000);
            }
            assertThat(browser.pdf()).startsWith('%', 'P', 'D', 'F');
        }
        assertThat(Mia4jCommand.newCommandLine().execute("report", "--pdf", dir.resolve("r").toString())).isZero();
        assertThat(Files.readAllBytes(dir.resolve("r/report.pdf"))).startsWith('%', 'P', 'D', 'F');
        System.out.printf("browser test took %.1f s (the run %.1f s, the browser checks %.1f s)%n",
                (System.nanoTime() - t0) / 1e9, (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
    }
}
