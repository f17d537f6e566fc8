package org.mia4j.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mia4j.data.DatasetCatalog;
import org.mia4j.plan.AuditPlan;
import org.mia4j.run.OneRunAudit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code mia4j experiment dp-audit}: Steinke, Nasr &amp; Jagielski's one-run privacy audit of DP-SGD. Trains one
 * model with DP-SGD and one without on the same randomly included canaries, and sets the epsilon lower bound their
 * guesses prove beside the accountant's epsilon.
 */
@Command(name = "dp-audit", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        description = {"Audit DP-SGD in one training run (Steinke, Nasr & Jagielski 2023): canaries with random "
            + "labels are each put in training with probability 1/2, a model is trained with DP-SGD and one without, "
            + "and the canaries' losses are turned into an epsilon lower bound at 95%% to set beside the accountant's "
            + "epsilon. Writes RUN/dp-audit.json and RUN/report.html.",
            "Example: mia4j experiment dp-audit --dataset location --dp-epsilon 8 --canaries 500"})
public final class DpAuditCommand implements Callable<Integer>, PlannedCommand {

    @Mixin
    DataSection data;

    @Mixin
    ModelSection training;

    @Mixin
    DpAuditSection audit;

    @Mixin
    RunSection run;

    @Override
    public List<PlanSection> sections() {
        return List.of(data, training, audit, run);
    }

    @Override
    public AuditPlan.Builder preset(AuditPlan.Builder plan) {
        return plan.optDefenses(List.of("dp-sgd"));
    }

    @Override
    public Integer call() {
        AuditPlan built = preset(run.plan(sections())).build();
        OneRunAudit experiment = new OneRunAudit(built, audit.canaries(), run.progress(),
                DatasetCatalog.fromEnvironment());
        OneRunAudit.Outcome out = experiment.run(run.localFolder("dp-audit", built));
        System.out.println();
        System.out.print(out.results().text());
        System.out.printf(Locale.ROOT, "%nwrote %s (dp-audit.json, report.html) in %.1f s%n", out.runDir(),
                out.results().wallSeconds());
        return 0;
    }
}
