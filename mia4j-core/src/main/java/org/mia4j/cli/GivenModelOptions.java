package org.mia4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.mia4j.Defaults;
import org.mia4j.Mia4jException;
import org.mia4j.data.ClassOrder;
import org.mia4j.plan.GivenModel;
import picocli.CommandLine.Option;

/** A model trained elsewhere ({@code --model FILE.pt}) and its records: {@code audit}'s and the release planner's. */
final class GivenModelOptions {

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

    /** The given model the options describe, if {@code --model} names one; its other options need it. */
    Optional<GivenModel> given() {
        if (model == null) {
            if (membersIndex != null || nonMembersIndex != null || outputs != null || classes != null
                    || populationIndex != null || allowUnfit || preprocess != null) {
                throw new Mia4jException("--members-index, --non-members-index, --outputs, --classes, "
                        + "--population-index, --allow-unfit and --preprocess describe a --model; give --model FILE.pt "
                        + "too");
            }
            return Optional.empty();
        }
        if (membersIndex == null) {
            throw new Mia4jException("--model needs --members-index: the records the model trained on");
        }
        return Optional.of(new GivenModel(model.toString(), membersIndex.toString(),
                nonMembersIndex == null ? "" : nonMembersIndex.toString(), outputs,
                classes == null ? List.of() : ClassOrder.parse(classes),
                populationIndex == null ? "" : populationIndex.toString(), allowUnfit, preprocess));
    }
}
