package org.mia4j.run;

import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.mia4j.Progress;
import org.mia4j.Provenance;
import org.mia4j.attack.AttackRegistry;
import org.mia4j.report.AuditResults;
import org.mia4j.report.HtmlReport;
import org.mia4j.store.RunFolder;

/**
 * The end every audit shares, from what the models answered to the files: the attacks, each model's per-record
 * scores, the results and, in a run folder, results.json and report.html.
 */
final class AuditTail {
    private AuditTail() {}

    /**
     * Runs the {@code chosen} attacks on {@code inputs} and makes the results ({@code t0}: when the audit started);
     * {@code report} may add to the report once the attacks and the results exist (the release planner's section).
     */
    static AuditResults run(AttackRegistry.Chosen chosen, AuditInputs inputs, int bootstrap, long seed,
            Supplier<Provenance> provenance, Optional<RunFolder> folder, Progress progress, long t0,
            BiFunction<AttackStage.Outcome, AuditResults, UnaryOperator<String>> report) {
        AttackStage.Outcome attacked = new AttackStage(chosen.attacks(), chosen.settings(), bootstrap, seed)
                .run(inputs, progress);
        folder.ifPresent(f -> attacked.scores().forEach(s -> f.writeScores(s.model().variant().label(),
                s.model().recordIndex(), s.model().target(), inputs.classNames(), s.columns())));
        AuditResults results = ResultsStage.of(provenance.get(), inputs, attacked, chosen.skipped(), bootstrap, seed,
                (System.nanoTime() - t0) / 1e9);
        UnaryOperator<String> added = report.apply(attacked, results);
        folder.ifPresent(f -> f.writeResults(results, added.apply(HtmlReport.render(results, attacked.rocs(),
                attacked.histograms()))));
        return results;
    }
}
