package org.mia4j.cli;

import java.util.List;
import java.util.Locale;
import org.mia4j.plan.AuditPlan;
import org.mia4j.report.TerminalTable;
import org.mia4j.run.Auditor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code mia4j experiment critical-weights}: Fang &amp; Kim's analysis and defense. Scores every weight of the trained
 * target for learnability and privacy vulnerability, compares the two, then applies CWRF and its ablations at each
 * ratio (and TFO pruning at 90%) and attacks every resulting model.
 */
@Command(name = "critical-weights", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        description = {"Score the target's weights for learnability and privacy vulnerability, compare them, and "
            + "attack the target after CWRF, its ablations, plain fine-tuning and TFO pruning at 90%%.",
            "Example: mia4j experiment critical-weights --dataset location --ratios 0.001,0.01,0.05"})
public final class CriticalWeightsCommand extends SectionedCommand {

    @Mixin
    TreatmentSection treatments;

    @Override
    public List<PlanSection> sections() {
        return sections(treatments);
    }

    @Override
    public AuditPlan.Builder preset(AuditPlan.Builder plan) {
        return plan.criticalWeights();
    }

    @Override
    public Integer call() {
        Auditor.Outcome out = run.run("critical-weights", preset(run.plan(sections())));
        System.out.println();
        System.out.print(TerminalTable.critical(out.results()));
        System.out.print(TerminalTable.sweep(out.results()));
        System.out.printf(Locale.ROOT, "%nwrote %s (results.json, report.html) in %.1f s%n", out.runDir(),
                out.results().wallSeconds());
        return 0;
    }
}
