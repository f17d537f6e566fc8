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
            + "every private step within it (instead of --dp-noise): the --dp-epochs of the private model plus the "
            + "--dp-finetune-epochs of its prunings' private fine-tuning, all of which run.")
    Double dpEpsilon;

    @Option(names = "--dp-epochs", description = "DP-SGD's epochs of private training from the initial weights; "
            + "every one runs (no early stopping: sigma pays for exactly these steps).")
    Integer dpEpochs;

    @Option(names = "--dp-finetune-epochs", description = "DP-SGD's epochs of private fine-tuning after pruning.")
    Integer dpFinetuneEpochs;

    @Option(names = "--dp-batch", description = "DP-SGD's expected batch size: each training record joins a step "
            + "with probability batch/n (Poisson sampling).")
    Integer dpBatch;

    @Option(names = "--dp-lr", description = "DP-SGD's Adam learning rate.")
    Double dpLr;

    @Option(names = "--dp-micro-batch", description = "DP-SGD: the most records one forward/backward pass holds; a "
            + "larger sample is clipped and summed in micro-batches, noised once (memory only).")
    Integer dpMicroBatch;

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
        set(dpEpochs, b::optDpEpochs);
        set(dpFinetuneEpochs, b::optDpFinetuneEpochs);
        set(dpBatch, b::optDpBatch);
        set(dpLr, b::optDpLearningRate);
        set(dpMicroBatch, b::optDpMicroBatch);
        b.optAdaptiveDefense(adaptiveDefense);
    }

    @Override
    public Map<String, Function<AuditConfig, Object>> defaults() {
        return Map.ofEntries(Map.entry("--defenses", AuditConfig::defenses),
                Map.entry("--ppb-lambda", c -> c.defenseOptions().ppbLambda()),
                Map.entry("--relax-alpha", c -> c.defenseOptions().relaxAlpha()),
                Map.entry("--relax-upper", c -> c.defenseOptions().relaxUpper()),
                Map.entry("--relax-form", c -> c.defenseOptions().relaxForm()),
                Map.entry("--smoothing", c -> c.defenseOptions().smoothing()),
                Map.entry("--adv-lambda", c -> c.defenseOptions().advLambda()),
                Map.entry("--adv-steps", c -> c.defenseOptions().advSteps()),
                Map.entry("--dp-noise", c -> c.defenseOptions().dpNoise()),
                Map.entry("--dp-clip", c -> c.defenseOptions().dpClip()),
                Map.entry("--dp-epochs", c -> c.defenseOptions().dpRecipe().epochs()),
                Map.entry("--dp-finetune-epochs", c -> c.defenseOptions().dpRecipe().finetuneEpochs()),
                Map.entry("--dp-batch", c -> c.defenseOptions().dpRecipe().batch()),
                Map.entry("--dp-lr", c -> c.defenseOptions().dpRecipe().learningRate()),
                Map.entry("--dp-micro-batch", c -> c.defenseOptions().dpRecipe().microBatch()));
    }
}
