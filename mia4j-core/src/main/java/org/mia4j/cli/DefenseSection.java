package org.mia4j.cli;

import static org.mia4j.cli.PlanSection.set;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.mia4j.experiment.AuditConfig;
import org.mia4j.experiment.AuditPlan;
import picocli.CommandLine.Option;

/** Training-time defenses and their strengths. */
final class DefenseSection implements PlanSection {

    @Option(names = "--defenses", split = ",", description = "Training-time defenses, comma-separated: ppb (Yuan & "
            + "Zhang's KL defense, in the fine-tuning of every pruned or treated model), relaxloss and "
            + "label-smoothing (also a model trained from scratch with them), adv-reg (Nasr et al.'s adversarial "
            + "regularisation, in the fine-tuning), dp-sgd (a model trained with DP-SGD "
            + "from its initial weights, and its prunings fine-tuned with DP-SGD: the epsilon covers the model) and "
            + "dp-sgd-finetune (the seed's prune_dp: only the fine-tuning of each pruning is private; its epsilon "
            + "does not cover the model). Each adds a defended twin of every variant, named VARIANT+DEFENSE. NAME@STRENGTH "
            + "sets one defense's strength (ppb, adv-reg: lambda; relaxloss: alpha; label-smoothing: epsilon; dp-sgd: "
            + "sigma, or @eps=E for a target epsilon), e.g. ppb@1,ppb@16,dp-sgd@eps=4.")
    List<String> defenses;

    @Option(names = "--ppb-lambda", description = "Weight of the KL term of the ppb defense (the authors' value).")
    Double ppbLambda;

    @Option(names = "--relax-alpha", description = "RelaxLoss target loss level alpha (the authors' CIFAR-10 value).")
    Double relaxAlpha;

    @Option(names = "--relax-upper", description = "RelaxLoss cap on the soft labels' true-class probability.")
    Double relaxUpper;

    @Option(names = "--relax-form", description = "RelaxLoss posterior flattening as in the authors' tabular or "
            + "image code: auto (image for CNNs), tabular, image.")
    String relaxForm;

    @Option(names = "--smoothing", description = "Label-smoothing epsilon.")
    Double smoothing;

    @Option(names = "--adv-lambda", description = "Adversarial regularisation's lambda: weight of the inference "
            + "model's gain in the model's loss.")
    Double advLambda;

    @Option(names = "--adv-steps", description = "Adversarial regularisation: inference-model steps per model step.")
    Integer advSteps;

    @Option(names = "--dp-noise", description = "DP-SGD noise multiplier sigma (noise std = sigma x clip).")
    Double dpNoise;

    @Option(names = "--dp-clip", description = "DP-SGD per-example gradient clipping norm C.")
    Double dpClip;

    @Option(names = "--dp-delta", description = "DP-SGD delta (default: 1/n rounded down to a power of 10, n the "
            + "model's training records).")
    Double dpDelta;

    @Option(names = "--dp-epsilon", description = "A target epsilon: DP-SGD chooses the smallest sigma that keeps "
            + "all private epochs within it (instead of --dp-noise).")
    Double dpEpsilon;

    @Option(names = "--adaptive-defense", description = "The adversary knows the defenses and critical-weight "
            + "treatments and applies them to its shadow and reference models too (default: it does not).")
    boolean adaptiveDefense;

    @Override
    public String heading() {
        return "Defenses";
    }

    @Override
    public void applyTo(AuditPlan.Builder b) {
        set(defenses, b::optDefenses);
        set(ppbLambda, b::optPpbLambda);
        set(relaxAlpha, b::optRelaxAlpha);
        set(relaxUpper, b::optRelaxUpper);
        set(relaxForm, b::optRelaxForm);
        set(smoothing, b::optSmoothing);
        set(advLambda, b::optAdvLambda);
        set(advSteps, b::optAdvSteps);
        set(dpNoise, b::optDpNoise);
        set(dpClip, b::optDpClip);
        set(dpDelta, b::optDpDelta);
        set(dpEpsilon, b::optDpEpsilon);
        b.optAdaptiveDefense(adaptiveDefense);
    }

    @Override
    public Map<String, Function<AuditConfig, Object>> defaults() {
        return Map.of("--defenses", AuditConfig::defenses,
                "--ppb-lambda", c -> c.defenseOptions().ppbLambda(),
                "--relax-alpha", c -> c.defenseOptions().relaxAlpha(),
                "--relax-upper", c -> c.defenseOptions().relaxUpper(),
                "--relax-form", c -> c.defenseOptions().relaxForm(),
                "--smoothing", c -> c.defenseOptions().smoothing(),
                "--adv-lambda", c -> c.defenseOptions().advLambda(),
                "--adv-steps", c -> c.defenseOptions().advSteps(),
                "--dp-noise", c -> c.defenseOptions().dpNoise(),
                "--dp-clip", c -> c.defenseOptions().dpClip());
    }
}
