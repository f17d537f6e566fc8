package org.mia4j.cli;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.mia4j.Defaults;
import org.mia4j.InvalidSetting;
import org.mia4j.Setting;
import org.mia4j.defense.DpRecipe;
import org.mia4j.defense.DpSgdDefense;
import org.mia4j.plan.AuditConfig;
import org.mia4j.plan.AuditPlan;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The one-run audit's canaries and the private training it audits. */
final class DpAuditSection implements PlanSection {

    @Option(names = "--canaries", description = "Canary records: drawn from the records outside the training and dev "
            + "sets, each given a random wrong label and put in training with probability 1/2 (default: "
            + Defaults.DP_AUDIT_CANARIES + ").")
    Integer canaries;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Override
    public String heading() {
        return "One-run audit";
    }

    @Override
    public void applyTo(AuditPlan.Builder b) {
        Map<String, Object> given = new java.util.HashMap<>();
        ComponentOptions.apply(spec, settings(), given::put);
        if (given.containsKey(DpSgdDefense.EPSILON.name()) && given.containsKey(DpSgdDefense.NOISE.name())) {
            throw new InvalidSetting("dp-epsilon", "and --dp-noise are both given; give one: a target epsilon (sigma "
                    + "is chosen for it) or sigma itself");
        }
        given.forEach(b::optSetting);
    }

    /** The private training it audits: DP-SGD's settings, less the fine-tuning it does not run. */
    @Override
    public List<Setting<?>> settings() {
        return List.of(DpSgdDefense.EPSILON, DpRecipe.EPOCHS, DpRecipe.BATCH, DpRecipe.LEARNING_RATE,
                DpRecipe.MICRO_BATCH, DpSgdDefense.NOISE, DpSgdDefense.CLIP, DpSgdDefense.DELTA);
    }

    /** The number of canaries asked for. */
    int canaries() {
        return canaries != null ? canaries : Defaults.DP_AUDIT_CANARIES;
    }

    @Override
    public Map<String, Function<AuditConfig, Object>> defaults() {
        Map<String, Function<AuditConfig, Object>> out = ComponentOptions.defaults(settings(), AuditConfig::defenseSettings);
        return out;
    }
}
