package org.mia4j.cli;

import static org.mia4j.cli.PlanSection.set;

import java.util.Map;
import java.util.function.Function;
import org.mia4j.Defaults;
import org.mia4j.InvalidSetting;
import org.mia4j.experiment.AuditConfig;
import org.mia4j.experiment.AuditPlan;
import picocli.CommandLine.Option;

/** The one-run audit's canaries and the private training it audits. */
final class DpAuditSection implements PlanSection {

    @Option(names = "--canaries", description = "Canary records: drawn from the records outside the training and dev "
            + "sets, each given a random wrong label and put in training with probability 1/2 (default: "
            + Defaults.DP_AUDIT_CANARIES + ").")
    Integer canaries;

    @Option(names = "--dp-epsilon", description = "A target epsilon: DP-SGD uses the smallest sigma that keeps its "
            + "--dp-epochs, all of which run, within it (instead of --dp-noise).")
    Double dpEpsilon;

    @Option(names = "--dp-epochs", description = "DP-SGD's epochs of private training (every one runs).")
    Integer dpEpochs;

    @Option(names = "--dp-batch", description = "DP-SGD's expected batch size (Poisson sampling rate batch/n).")
    Integer dpBatch;

    @Option(names = "--dp-lr", description = "DP-SGD's Adam learning rate.")
    Double dpLr;

    @Option(names = "--dp-micro-batch", description = "DP-SGD: the most records one forward/backward pass holds "
            + "(memory only).")
    Integer dpMicroBatch;

    @Option(names = "--dp-noise", description = "DP-SGD noise multiplier sigma (noise std = sigma x clip).")
    Double dpNoise;

    @Option(names = "--dp-clip", description = "DP-SGD per-example gradient clipping norm C.")
    Double dpClip;

    @Option(names = "--dp-delta", description = "The delta of DP-SGD's guarantee and of the audit's test (default: "
            + "1/n rounded down to a power of 10, n the training records).")
    Double dpDelta;

    @Override
    public String heading() {
        return "One-run audit";
    }

    @Override
    public void applyTo(AuditPlan.Builder b) {
        if (dpEpsilon != null && dpNoise != null) {
            throw new InvalidSetting("dp-epsilon", "and --dp-noise are both given; give one: a target epsilon (sigma "
                    + "is chosen for it) or sigma itself");
        }
        set(dpEpsilon, b::optDpEpsilon);
        set(dpNoise, b::optDpNoise);
        set(dpClip, b::optDpClip);
        set(dpDelta, b::optDpDelta);
        set(dpEpochs, b::optDpEpochs);
        set(dpBatch, b::optDpBatch);
        set(dpLr, b::optDpLearningRate);
        set(dpMicroBatch, b::optDpMicroBatch);
    }

    /** The number of canaries asked for. */
    int canaries() {
        return canaries != null ? canaries : Defaults.DP_AUDIT_CANARIES;
    }

    @Override
    public Map<String, Function<AuditConfig, Object>> defaults() {
        return Map.of("--dp-noise", c -> c.defenseOptions().dpNoise(),
                "--dp-clip", c -> c.defenseOptions().dpClip(),
                "--dp-epochs", c -> c.defenseOptions().dpRecipe().epochs(),
                "--dp-batch", c -> c.defenseOptions().dpRecipe().batch(),
                "--dp-lr", c -> c.defenseOptions().dpRecipe().learningRate(),
                "--dp-micro-batch", c -> c.defenseOptions().dpRecipe().microBatch());
    }
}
