package org.mia4j.cli;

import java.util.List;
import java.util.Locale;
import org.mia4j.plan.AuditPlan;
import org.mia4j.report.TerminalTable;
import org.mia4j.run.Auditor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mia4j audit}: train (or load), prune, attack, measure and report on one data set. */
@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        description = {"Train a target and shadow models, prune them and fine-tune with the mask held, attack the "
            + "original and the pruned target with every attack, and write runs/NAME/ (results.json, report.html, "
            + "config, splits, checkpoints with theta0, per-record scores).",
            "With no options: the embedded Location data set and the defaults below.",
            "With --model FILE.pt --members-index FILE: audit a TorchScript model trained elsewhere on the data set."})
public final class AuditCommand extends SectionedCommand {

    @Mixin
    TreatmentSection treatments;

    @Mixin
    GivenModelOptions given;

    @Override
    public List<PlanSection> sections() {
        return sections(treatments);
    }

    @Override
    public AuditPlan.Builder preset(AuditPlan.Builder plan) {
        return plan;
    }

    @Override
    public Integer call() {
        AuditPlan.Builder plan = run.plan(sections());
        given.given().ifPresent(plan::setGivenModel);
        Auditor.Outcome out = run.run("audit", preset(plan));
        System.out.println();
        System.out.print(TerminalTable.render(out.results()));
        if (!out.results().skippedAttacks().isEmpty()) {
            System.out.println("\nskipped: " + String.join("; ", out.results().skippedAttacks()));
        }
        System.out.printf(Locale.ROOT, "%nwrote %s (results.json, report.html) in %.1f s%n", out.runDir(),
                out.results().wallSeconds());
        return 0;
    }
}
