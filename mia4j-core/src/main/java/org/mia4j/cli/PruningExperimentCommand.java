package org.mia4j.cli;

import java.util.Locale;
import org.mia4j.plan.AuditPlan;
import org.mia4j.report.TerminalTable;
import org.mia4j.run.Auditor;
import picocli.CommandLine.Command;

/**
 * {@code mia4j experiment pruning}: Yuan &amp; Zhang's first finding. Trains the target, shadows and reference models
 * once, prunes each per (pruner, sparsity) and fine-tunes, attacks every variant, and writes the sweep table,
 * prediction divergence and plots. Checkpoints make an interrupted sweep resume where it stopped.
 */
@Command(name = "pruning", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        description = {"Prune the target and the adversary's models with each pruner at each sparsity, attack every "
            + "variant with every attack, and report how leakage and prediction divergence change.",
            "Example: mia4j experiment pruning --dataset location --pruners l1-unstructured,l1-structured "
                    + "--sparsities 0.3,0.5,0.7,0.9"})
public final class PruningExperimentCommand extends SectionedCommand {

    @Override
    public AuditPlan.Builder preset(AuditPlan.Builder plan) {
        return plan.pruningSweep();
    }

    @Override
    public Integer call() {
        Auditor.Outcome out = run.run("pruning", preset(run.plan(sections())));
        System.out.println();
        System.out.print(TerminalTable.sweep(out.results()));
        System.out.printf(Locale.ROOT, "%nwrote %s (results.json, report.html) in %.1f s%n", out.runDir(),
                out.results().wallSeconds());
        return 0;
    }
}
