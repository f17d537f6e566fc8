package org.mia4j.cli;

import static org.mia4j.cli.PlanSection.set;

import java.util.Map;
import java.util.function.Function;
import org.mia4j.experiment.AuditConfig;
import org.mia4j.experiment.AuditPlan;
import picocli.CommandLine.Option;

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

    @Option(names = "--attack-epochs", description = "Maximum epochs of the NN attack MLPs.")
    Integer attackEpochs;

    @Option(names = "--samia-epochs", description = "Maximum epochs of SAMIA's model, early-stopped with patience 3 "
            + "(the paper trains 100 with SGD).")
    Integer samiaEpochs;

    @Option(names = "--samia-max-records", description = "SAMIA trains on a seeded subsample of at most this many "
            + "pooled shadow records, 0 = all.")
    Integer samiaMaxRecords;

    @Option(names = "--samia-layers", description = "SAMIA encoder layers.")
    Integer samiaLayers;

    @Option(names = "--samia-heads", description = "SAMIA attention heads.")
    Integer samiaHeads;

    @Option(names = "--samia-m", description = "SAMIA perturbations per record.")
    Integer samiaM;

    @Option(names = "--samia-eps", description = "SAMIA perturbation scale.")
    Double samiaEps;

    @Option(names = "--label-queries", description = "Noisy queries per record of the label-only attack.")
    Integer labelQueries;

    @Option(names = "--label-noise", description = "Noise standard deviation of the label-only attack.")
    Double labelNoise;

    @Option(names = "--rmia-gamma", description = "RMIA's gamma.")
    Double rmiaGamma;

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
        set(attackEpochs, b::optAttackEpochs);
        set(samiaEpochs, b::optSamiaEpochs);
        set(samiaMaxRecords, b::optSamiaMaxRecords);
        set(samiaLayers, b::optSamiaLayers);
        set(samiaHeads, b::optSamiaHeads);
        set(samiaM, b::optSamiaM);
        set(samiaEps, b::optSamiaEps);
        set(labelQueries, b::optLabelQueries);
        set(labelNoise, b::optLabelNoise);
        set(rmiaGamma, b::optRmiaGamma);
        set(bootstrap, b::optBootstrap);
    }

    @Override
    public Map<String, Function<AuditConfig, Object>> defaults() {
        return Map.ofEntries(
                Map.entry("--attacks", AuditConfig::attacks),
                Map.entry("--shadows", AuditConfig::shadows),
                Map.entry("--references", AuditConfig::references),
                Map.entry("--population", AuditConfig::population),
                Map.entry("--shadow-fraction", AuditConfig::shadowFraction),
                Map.entry("--shadow-overlap", AuditConfig::shadowOverlap),
                Map.entry("--attack-epochs", c -> c.attackOptions().neural().epochs()),
                Map.entry("--samia-epochs", c -> c.attackOptions().samia().epochs()),
                Map.entry("--samia-max-records", c -> c.attackOptions().samiaMaxRecords()),
                Map.entry("--samia-layers", c -> c.attackOptions().samiaLayers()),
                Map.entry("--samia-heads", c -> c.attackOptions().samiaHeads()),
                Map.entry("--samia-m", c -> c.attackOptions().samiaM()),
                Map.entry("--samia-eps", c -> c.attackOptions().samiaEps()),
                Map.entry("--label-queries", c -> c.attackOptions().labelQueries()),
                Map.entry("--label-noise", c -> c.attackOptions().labelNoise()),
                Map.entry("--rmia-gamma", c -> c.attackOptions().rmiaGamma()),
                Map.entry("--bootstrap", AuditConfig::bootstrap));
    }
}
