package org.mia4j.report;

import java.util.List;
import java.util.Locale;
import org.mia4j.Provenance;
import org.mia4j.metric.OneRunEpsilon;

/**
 * What {@code experiment dp-audit} measured ({@code dp-audit.json}): the one-run epsilon lower bound of the model
 * trained with DP-SGD beside its accountant's epsilon, and the same audit of a model trained without DP on the same
 * canaries. The top-level guess counts and bound are the private model's.
 *
 * @param dataset the data set
 * @param architecture the architecture of both models
 * @param canaries m, the canaries
 * @param canariesIn how many of them the coin flips put in training
 * @param trainingRecords the private model's training records (the split's members and the canaries in)
 * @param delta the delta of the accountant's guarantee, and of the hypothesis the audit rejects
 * @param confidence the confidence of the one-run bounds
 * @param epsilonOneRun the private model's one-run lower bound
 * @param guesses the private model's guesses in the test that gave its bound
 * @param correct how many of them were right
 * @param guessesIn of those guesses, how many said "in" (the highest-scored canaries)
 * @param guessesOut and how many "out" (the lowest-scored)
 * @param accountantEpsilon the epsilon the RDP accountant proves for the steps the private model ran
 * @param dp the private training's mechanism
 * @param privateModel the private model's measures
 * @param nonPrivate the non-private contrast's measures
 * @param wallSeconds the wall time of the experiment
 * @param provenance config, seed, versions and data checksums
 */
public record DpAuditResults(
        String dataset,
        String architecture,
        int canaries,
        int canariesIn,
        int trainingRecords,
        double delta,
        double confidence,
        double epsilonOneRun,
        int guesses,
        int correct,
        int guessesIn,
        int guessesOut,
        double accountantEpsilon,
        Mechanism dp,
        Model privateModel,
        Model nonPrivate,
        double wallSeconds,
        Provenance provenance) {

    /**
     * DP-SGD as it ran: sigma, clipping norm, Poisson sampling rate, steps, and the target epsilon sigma was chosen
     * for (0 when sigma was given).
     */
    public record Mechanism(double noiseMultiplier, double clip, double samplingRate, long steps,
            double targetEpsilon, String accountant) {}

    /**
     * One trained model's audit.
     *
     * @param epsilonOneRun its one-run lower bound
     * @param guesses the guesses of the test that gave it
     * @param correct how many were right
     * @param guessesIn how many of them said "in"
     * @param guessesOut how many said "out"
     * @param testAccuracy accuracy on held-out records (the split's non-members that are not canaries)
     * @param canariesInFit share of the canaries it trained on that it predicts with their random label
     * @param canariesOutFit the same share on the canaries left out (the chance level of a random label)
     * @param epochsRun the epochs it trained
     * @param tests every test of the bound (one per number of guesses)
     */
    public record Model(double epsilonOneRun, int guesses, int correct, int guessesIn, int guessesOut,
            double testAccuracy, double canariesInFit, double canariesOutFit, int epochsRun,
            List<OneRunEpsilon.Test> tests) {

        public Model {
            tests = List.copyOf(tests);
        }

        public static Model of(OneRunEpsilon e, double testAccuracy, double inFit, double outFit, int epochs) {
            return new Model(e.epsilon(), e.guesses(), e.correct(), e.guessesIn(), e.guessesOut(), testAccuracy,
                    inFit, outFit, epochs, e.tests());
        }
    }

    /** The results with the private model's bound copied to the top level. */
    public static DpAuditResults of(String dataset, String architecture, int canaries, int canariesIn,
            int trainingRecords, double delta, double confidence, double accountantEpsilon, Mechanism dp,
            Model privateModel, Model nonPrivate, double wallSeconds, Provenance provenance) {
        return new DpAuditResults(dataset, architecture, canaries, canariesIn, trainingRecords, delta, confidence,
                privateModel.epsilonOneRun(), privateModel.guesses(), privateModel.correct(),
                privateModel.guessesIn(), privateModel.guessesOut(), accountantEpsilon, dp, privateModel,
                nonPrivate, wallSeconds, provenance);
    }

    /** The summary printed at the end of the run. */
    public String text() {
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "One-run privacy audit on %s (%s): %d "
                + "canaries, %d in training; %.0f%% confidence, delta %s%n", dataset, architecture, canaries,
                canariesIn, 100 * confidence, delta));
        t.append(String.format(Locale.ROOT, "%-12s %9s %12s %12s %14s %14s %12s%n", "model", "test acc",
                "canary fit", "right/guess", "one-run eps >=", "accountant eps", "epochs"));
        t.append(row("dp-sgd", privateModel, String.format(Locale.ROOT, "%.3f", accountantEpsilon)));
        t.append(row("non-private", nonPrivate, "-"));
        return t.toString();
    }

    private static String row(String name, Model m, String accountant) {
        return String.format(Locale.ROOT, "%-12s %9.3f %5.2f/%-6.2f %5d/%-6d %14.3f %14s %12d%n", name,
                m.testAccuracy(), m.canariesInFit(), m.canariesOutFit(), m.correct(), m.guesses(), m.epsilonOneRun(),
                accountant, m.epochsRun());
    }

    /** The report page: one section, id {@code dp-audit}. */
    public String html() {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>mia4j one-run privacy audit</title><style>body{font-family:system-ui,sans-serif;margin:2em}"
                + "table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #ccc;padding:3px 8px;"
                + "text-align:right}td.l,th.l{text-align:left}</style></head><body>\n");
        h.append(section());
        h.append("</body></html>\n");
        return h.toString();
    }

    /** The {@code dp-audit} section. */
    public String section() {
        StringBuilder h = new StringBuilder("<section id=\"dp-audit\">\n<h2>One-run privacy audit</h2>\n");
        h.append(String.format(Locale.ROOT, "<p>%d canaries (records of %s outside the training and dev sets, each "
                + "given a random wrong label) were each put in training with probability &frac12; (%d were); one "
                + "model was trained with DP-SGD and one without, on the same records. Each canary is scored by the "
                + "log-likelihood of its label; the highest are guessed in, the lowest out. If the training were "
                + "(&epsilon;, &delta;)-DP, the number of right guesses could exceed a binomial with success rate "
                + "e<sup>&epsilon;</sup>/(1+e<sup>&epsilon;</sup>) only by the &delta; term of Steinke, Nasr &amp; "
                + "Jagielski's theorem (NeurIPS 2023); the table shows the largest &epsilon; their test rejects at "
                + "%.0f%% confidence (&delta; = %s; each number of guesses tried at its Bonferroni share).</p>%n",
                canaries, HtmlReport.esc(dataset), canariesIn, 100 * confidence, delta));
        h.append("<table><tr><th class=l>model</th><th>test acc</th><th>canaries in fit</th><th>canaries out fit</th>"
                + "<th>guesses (in+out)</th><th>right</th><th>one-run &epsilon; &ge;</th><th>accountant &epsilon;</th>"
                + "<th>epochs</th></tr>\n");
        h.append(htmlRow("dp-sgd", privateModel, String.format(Locale.ROOT, "%.3f", accountantEpsilon)));
        h.append(htmlRow("non-private", nonPrivate, "&ndash;"));
        h.append("</table>\n");
        h.append(String.format(Locale.ROOT, "<p>DP-SGD: noise multiplier %.4g%s, clipping norm %s, Poisson "
                + "sampling rate %.4f, %d steps; accountant: %s.</p>%n", dp.noiseMultiplier(),
                dp.targetEpsilon() > 0 ? String.format(Locale.ROOT, " (chosen for &epsilon; = %s)", dp.targetEpsilon())
                        : "", dp.clip(), dp.samplingRate(), dp.steps(), HtmlReport.esc(dp.accountant())));
        h.append("<p>How to read it: the one-run &epsilon; is a lower bound proved by one attack in one run; it must "
                + "never exceed the accountant's &epsilon; for the private model (if it did, the implementation or "
                + "the accounting would be wrong). It is usually far below it: one run and a black-box loss attack "
                + "see much less than the worst case the accountant covers. The non-private row shows what the same "
                + "attack proves when nothing limits leakage.</p>\n");
        h.append("<table><tr><th class=l>model</th><th>guesses</th><th>in</th><th>out</th><th>right</th>"
                + "<th>&epsilon; &ge;</th></tr>\n");
        for (String name : List.of("dp-sgd", "non-private")) {
            Model m = name.equals("dp-sgd") ? privateModel : nonPrivate;
            for (OneRunEpsilon.Test t : m.tests()) {
                h.append(String.format(Locale.ROOT, "<tr><td class=l>%s</td><td>%d</td><td>%d</td><td>%d</td>"
                        + "<td>%d</td><td>%.3f</td></tr>%n", name, t.guesses(), t.guessesIn(), t.guessesOut(),
                        t.correct(), t.epsilon()));
            }
        }
        h.append("</table>\n</section>\n");
        return h.toString();
    }

    private static String htmlRow(String name, Model m, String accountant) {
        return String.format(Locale.ROOT, "<tr><td class=l>%s</td><td>%.3f</td><td>%.3f</td><td>%.3f</td>"
                + "<td>%d (%d+%d)</td><td>%d</td><td>%.3f</td><td>%s</td><td>%d</td></tr>%n", name, m.testAccuracy(),
                m.canariesInFit(), m.canariesOutFit(), m.guesses(), m.guessesIn(), m.guessesOut(), m.correct(),
                m.epsilonOneRun(), accountant, m.epochsRun());
    }
}
