package org.mia4j.cli;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.mia4j.InvalidSetting;
import org.mia4j.plan.AuditConfig;
import org.mia4j.plan.AuditPlan;
import org.mia4j.release.ReleasePlanner;
import org.mia4j.report.ReleaseResults;
import picocli.CommandLine.Option;

/** Which release sets to audit and the budget they must meet. */
final class ReleasePlanSection implements PlanSection {

    @Option(names = "--release-sets", description = "Release sets to audit besides every version alone, "
            + "comma-separated, each its versions joined by + (e.g. original+quantize-int8,quantize-int8+"
            + "quantize-int4). Default: each version with the original, and all versions together.")
    String releaseSets;

    @Option(names = "--max-set-size", description = "Audit every set of up to this many versions (instead of the "
            + "default sets).")
    Integer maxSetSize;

    @Option(names = "--max-tpr-at-1pct-fpr", description = "Budget: the sets whose strongest attack's TPR at 1%% FPR "
            + "has its upper 95%% bound at most this meet it.")
    Double maxTpr;

    @Option(names = "--max-epsilon-lower-bound", description = "Budget: the sets whose empirical epsilon lower bound "
            + "is at most this meet it.")
    Double maxEpsilon;

    @Override
    public String heading() {
        return "Release planner";
    }

    @Override
    public void applyTo(AuditPlan.Builder plan) {
        // nothing of the audit itself: the planner regroups its outputs
    }

    /** The planner the options ask for. */
    ReleasePlanner planner() {
        if (maxTpr != null && maxEpsilon != null) {
            throw new InvalidSetting("max-tpr-at-1pct-fpr", "and --max-epsilon-lower-bound are both given; give one "
                    + "budget");
        }
        Optional<ReleaseResults.Budget> budget = maxTpr != null
                ? Optional.of(new ReleaseResults.Budget(ReleasePlanner.TPR_BUDGET, maxTpr))
                : maxEpsilon != null ? Optional.of(new ReleaseResults.Budget(ReleasePlanner.EPSILON_BUDGET,
                        maxEpsilon)) : Optional.empty();
        return new ReleasePlanner(releaseSets, maxSetSize == null ? 0 : maxSetSize, budget);
    }

    @Override
    public Map<String, Function<AuditConfig, Object>> defaults() {
        return Map.of();
    }
}
