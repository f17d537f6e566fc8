package org.mia4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.mia4j.Defaults;
import org.mia4j.Mia4jException;
import org.mia4j.data.ClassOrder;
import org.mia4j.plan.AuditPlan;
import org.mia4j.plan.GivenModel;
import org.mia4j.report.TerminalTable;
import org.mia4j.run.Auditor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

    @Option(names = "--model", description = "A TorchScript model (torch.jit.save) trained elsewhere on the data "
            + "set: audited instead of a target trained here (needs --members-index). Shadow and reference models are "
            + "trained only when --arch names an architecture mia4j knows.")
    Path model;

    @Option(names = "--members-index", description = "Pool indices the --model trained on: one per line, or a JSON "
            + "list.")
    Path membersIndex;

    @Option(names = "--non-members-index", description = "Pool indices the --model did not train on (default: every "
            + "other record).")
    Path nonMembersIndex;

    @Option(names = "--outputs", description = "What the --model returns: auto, logits or posteriors (default: "
            + Defaults.MODEL_OUTPUTS + ": rows of non-negative numbers summing to 1 are posteriors, anything else "
            + "logits).")
    String outputs;

    @Option(names = "--classes", description = "The --model's output order by class name: a file with one name per "
            + "line, or NAME,NAME,... Needed when a CSV's labels are names; integer labels map to themselves.")
    String classes;

    @Option(names = "--population-index", description = "Pool indices of the attacker's population for the --model "
            + "(records it did not train on, none of them audited). Default: a seeded share of the records outside "
            + "the index files.")
    Path populationIndex;

    @Option(names = "--allow-unfit", description = "Audit a --model that is not clearly better than the majority class "
            + "on its own members (the verdict then says the audit is meaningless).")
    boolean allowUnfit;

    @Option(names = "--preprocess", description = "What the shadow and reference models of a --model see of a CSV: "
            + "standardize (standardised numbers, one-hot categories, as mia4j trains its own models) or raw (the "
            + "numbers as written, as the --model sees them). Default: " + Defaults.GIVEN_PREPROCESS + ".")
    String preprocess;

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
        if (model != null) {
            if (membersIndex == null) {
                throw new Mia4jException("--model needs --members-index: the records the model trained on");
            }
            plan.setGivenModel(new GivenModel(model.toString(), membersIndex.toString(),
                    nonMembersIndex == null ? "" : nonMembersIndex.toString(), outputs,
                    classes == null ? List.of() : ClassOrder.parse(classes),
                    populationIndex == null ? "" : populationIndex.toString(), allowUnfit, preprocess));
        } else if (membersIndex != null || nonMembersIndex != null || outputs != null || classes != null
                || populationIndex != null || allowUnfit || preprocess != null) {
            throw new Mia4jException("--members-index, --non-members-index, --outputs, --classes, --population-index, "
                    + "--allow-unfit and --preprocess describe a --model; give --model FILE.pt too");
        }
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
