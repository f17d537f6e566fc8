package org.mia4j.cli;

import java.util.List;
import java.util.Locale;
import org.mia4j.plan.AuditPlan;
import org.mia4j.release.ReleasePlanner;
import org.mia4j.report.ReleaseResults;
import org.mia4j.report.ReleaseSection;
import org.mia4j.run.Auditor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code mia4j experiment release}: which versions of a model (the original, prunings, compressions) may be
 * published together. One audit of every version; the release sets regroup its outputs.
 */
@Command(name = "release", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        description = {"Plan a release: audit the original and each version --pruners makes (prunings at "
            + "--sparsities, quantize-int8/int4, cluster-K, pruning+compression) alone and in release sets, where "
            + "the adversary holds every version of the set and runs the multi-version attacks on them too. Reports "
            + "each set's risk (TPR at 1%% FPR, its upper 95%% bound, the epsilon lower bound), accuracy and size, the "
            + "Pareto front and, with a budget, the sets meeting it. Writes RUN/release.json and a section of "
            + "RUN/report.html beside the full audit.",
            "Example: mia4j experiment release --pruners l1-unstructured,quantize-int8,quantize-int4,cluster-16 "
                    + "--sparsities 0.5,0.9 --max-tpr-at-1pct-fpr 0.3"})
public final class ReleaseExperimentCommand extends SectionedCommand {

    @Mixin
    ReleasePlanSection release;

    @Override
    public List<PlanSection> sections() {
        return sections(release);
    }

    @Override
    public AuditPlan.Builder preset(AuditPlan.Builder plan) {
        return plan.releasePlan();
    }

    @Override
    public Integer call() {
        ReleasePlanner planner = release.planner();
        AuditPlan.Builder plan = preset(run.plan(sections()));
        planner.check(plan.build().config()); // sets naming no version fail before any folder or training
        Auditor.Outcome out = run.run("release", plan, planner);
        ReleaseResults r = planner.result().orElseThrow();
        System.out.println();
        System.out.print(text(r));
        System.out.printf(Locale.ROOT, "%nwrote %s (release.json, results.json, report.html) in %.1f s (the audit "
                + "%.1f s, the release sets %.1f s more)%n", out.runDir(), r.cost().auditSeconds()
                + r.cost().plannerSeconds(), r.cost().auditSeconds(), r.cost().plannerSeconds());
        return 0;
    }

    /** The table of sets for the terminal. */
    static String text(ReleaseResults r) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-48s %7s %7s %6s %7s %7s %5s%s%n", "set",
                "TPR@1%", "upper", "eps", "acc", "size", "front", r.budget() == null ? "" : "  budget"));
        for (ReleaseResults.ReleaseSet x : r.releaseSets()) {
            s.append(String.format(Locale.ROOT, "%-48s %7.3f %7.3f %6.2f %7.3f %7.3f %5s%s%n", x.name(),
                    x.risk().tprAt1PctFpr(), x.risk().upper(), x.risk().epsilonLowerBound(), x.testAccuracy(),
                    x.sizeReduction(), x.pareto() ? "*" : "", x.meetsBudget() == null ? "" : x.meetsBudget()
                            ? "  meets" : String.format(Locale.ROOT, "  over by %.3f (%s on %s)",
                            x.overBudget().excess(), x.overBudget().attack(), x.overBudget().version())));
        }
        return s.append(ReleaseSection.answer(r)).append('\n').toString();
    }
}
