package org.mia4j.cli;

import static org.mia4j.cli.PlanSection.set;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.mia4j.Setting;
import org.mia4j.defense.DefenseRegistry;
import org.mia4j.plan.AuditConfig;
import org.mia4j.plan.AuditPlan;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
            + "sigma, or @eps=E for a target epsilon), e.g. ppb@1,ppb@16,dp-sgd@eps=4. Output masks: labels-only (the "
            + "model releases only its label; attacks reading scores are skipped on it) and round@D (posteriors "
            + "rounded to D decimals) add a masked twin VARIANT+MASK of every variant without a defense.")
    List<String> defenses;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

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
        b.optAdaptiveDefense(adaptiveDefense);
        ComponentOptions.apply(spec, settings(), b::optSetting);
    }

    /** Every defense's settings (declared beside each defense): options of this section. */
    @Override
    public List<Setting<?>> settings() {
        return DefenseRegistry.settings();
    }

    @Override
    public Map<String, Function<AuditConfig, Object>> defaults() {
        Map<String, Function<AuditConfig, Object>> out = ComponentOptions.defaults(settings(), AuditConfig::defenseSettings);
        out.put("--defenses", AuditConfig::defenses);
        return out;
    }
}
