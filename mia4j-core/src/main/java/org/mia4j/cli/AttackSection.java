package org.mia4j.cli;

import static org.mia4j.cli.PlanSection.set;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.mia4j.Setting;
import org.mia4j.attack.AttackRegistry;
import org.mia4j.plan.AuditConfig;
import org.mia4j.plan.AuditPlan;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Which attacks run, what the adversary knows, and how the attack models are trained. */
final class AttackSection implements PlanSection {

    @Option(names = "--attacks", description = "Comma-separated attacks or 'all'.")
    String attacks;

    @Option(names = "--shadows", description = "Number of shadow models.")
    Integer shadows;

    @Option(names = "--references", description = "Reference models for LiRA and RMIA, each trained (and pruned) "
            + "on a random half of the audited records; 0 skips LiRA/RMIA.")
    Integer references;

    @Option(names = "--population", description = "Population records from the adversary's data for RMIA.")
    Integer population;

    @Option(names = "--shadow-fraction", description = "Adversary knowledge: each shadow model draws from this "
            + "share of the shadow half, in (0,1].")
    Double shadowFraction;

    @Option(names = "--shadow-overlap", description = "Adversary knowledge: share of each shadow's training records "
            + "taken from the target's training records, in [0,1].")
    Double shadowOverlap;

    @Option(names = "--unpruned-shadows", description = "Adversary knowledge: calibrate attacks on the pruned target "
            + "with unpruned shadow/reference models (default: they are pruned like the target).")
    boolean unprunedShadows;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--bootstrap", description = "Bootstrap resamples for 95%% intervals, 0 to skip.")
    Integer bootstrap;

    @Override
    public String heading() {
        return "Attacks and the adversary";
    }

    @Override
    public void applyTo(AuditPlan.Builder b) {
        set(attacks, b::optAttacks);
        set(shadows, b::optShadows);
        set(references, b::optReferences);
        set(population, b::optPopulation);
        set(shadowFraction, b::optShadowFraction);
        set(shadowOverlap, b::optShadowOverlap);
        b.optShadowsPruned(!unprunedShadows);
        set(bootstrap, b::optBootstrap);
        ComponentOptions.apply(spec, settings(), b::optSetting);
    }

    /** Every attack's settings (declared beside each attack): options of this section. */
    @Override
    public List<Setting<?>> settings() {
        return AttackRegistry.settings();
    }

    @Override
    public Map<String, Function<AuditConfig, Object>> defaults() {
        Map<String, Function<AuditConfig, Object>> out = ComponentOptions.defaults(settings(), AuditConfig::attackSettings);
        out.putAll(Map.ofEntries(
                Map.entry("--attacks", AuditConfig::attacks),
                Map.entry("--shadows", AuditConfig::shadows),
                Map.entry("--references", AuditConfig::references),
                Map.entry("--population", AuditConfig::population),
                Map.entry("--shadow-fraction", AuditConfig::shadowFraction),
                Map.entry("--shadow-overlap", AuditConfig::shadowOverlap),
                Map.entry("--bootstrap", AuditConfig::bootstrap)));
        return out;
    }
}
