package org.mia4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.mia4j.Mia4jException;
import org.mia4j.plan.AuditPlan;
import org.mia4j.plan.GivenModel;
import org.mia4j.release.ReleasePlanner;
import org.mia4j.report.ReleaseResults;
import org.mia4j.report.ReleaseSection;
import org.mia4j.run.Auditor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mia4j experiment release}: which versions of a model (the original, prunings, compressions) may be
 * published together. One audit of every version; the release sets regroup its outputs.
 */
@Command(name = "release", sortOptions = false, abbreviateSynopsis = true,
        description = {"Plan a release: audit the original and each version --pruners makes (prunings at "
            + "--sparsities, quantize-int8/int4, cluster-K, pruning+compression) alone and in release sets, where "
            + "the adversary holds every version of the set and runs the multi-version attacks on them too. Reports "
            + "each set's risk (TPR at 1%% FPR, its upper 95%% bound, the epsilon lower bound), accuracy and size, the "
            + "Pareto front and, with a budget, the sets meeting it. Writes RUN/release.json and a section of "
            + "RUN/report.html beside the full audit.",
            "Example: mia4j experiment release --pruners l1-unstructured,quantize-int8,quantize-int4,cluster-16 "
                    + "--sparsities 0.5,0.9 --max-tpr-at-1pct-fpr 0.3",
            "Versions made elsewhere: --model original.pt --members-index FILE --version int8=model_int8.pt "
                    + "--version pruned=model_p.pt (each audited like the --model, with the same shadows; no "
                    + "multi-version attack: nothing says how the versions were made)."})
public final class ReleaseExperimentCommand extends SectionedCommand {

    @Mixin
    ReleasePlanSection release;

    @Mixin
    GivenModelOptions given;

    @Option(names = "--version", paramLabel = "NAME=FILE", description = "A version of the --model made elsewhere "
            + "(int8, pruned): a TorchScript file of the same data, members and classes, released as NAME. Repeat it "
            + "for more versions.")
    List<String> versions;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

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
        AuditPlan.Builder plan = run.plan(sections());
        Optional<GivenModel> model = given.given();
        if (versions != null && model.isEmpty()) {
            throw new Mia4jException("--version needs --model: the original the versions were made from");
        }
        model.map(g -> g.withVersions(versions(versions))).ifPresent(plan::setGivenModel);
        plan = preset(plan);
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

    /** {@code NAME=FILE} pairs, in order; a name given twice, a missing part or a file that is not there fail. */
    static Map<String, String> versions(List<String> given) {
        Map<String, String> out = new LinkedHashMap<>();
        if (given == null) {
            return out;
        }
        for (String v : given) {
            int eq = v.indexOf('=');
            if (eq <= 0 || eq == v.length() - 1) {
                throw new Mia4jException("--version " + v + ": expected NAME=FILE.pt (e.g. int8=model_int8.pt)");
            }
            String name = v.substring(0, eq).trim();
            String file = v.substring(eq + 1).trim();
            if (out.containsKey(name)) {
                throw new Mia4jException("--version " + name + " is given twice (" + out.get(name) + ", " + file
                        + "); each version needs its own name");
            }
            if (!Files.isRegularFile(Path.of(file))) {
                throw new Mia4jException("--version " + name + ": model file not found: " + Path.of(file)
                        .toAbsolutePath());
            }
            out.put(name, file);
        }
        return out;
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
