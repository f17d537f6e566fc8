package org.mia4j.cli;

import static org.mia4j.cli.PlanSection.set;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.mia4j.plan.AuditConfig;
import org.mia4j.plan.AuditPlan;
import picocli.CommandLine.Option;

/** Fang &amp; Kim's critical-weight scoring and treatments. */
final class TreatmentSection implements PlanSection {

    @Option(names = "--treatments", split = ",", description = "Critical-weight treatments of the target (Fang & "
            + "Kim): cwrf, a1-zero, a2-rewind-only, reinit, permute, finetune.")
    List<String> treatments;

    @Option(names = "--ratios", split = ",", description = "Fractions of all weights the treatments choose by "
            + "privacy-vulnerability score, in (0,1).")
    List<Double> ratios;

    @Option(names = "--pve-lambda", description = "PVE weight of the KL term.")
    Double pveLambda;

    @Option(names = "--pve-steps", description = "PVE optimisation steps T.")
    Integer pveSteps;

    @Option(names = "--pve-kl", description = "KL direction of PVE: model-initial = KL(f_theta || f_theta0) or "
            + "initial-model.")
    String pveKl;

    @Option(names = "--pve-temperature", description = "Softmax temperature of PVE's KL term.")
    Double pveTemperature;

    @Override
    public String heading() {
        return "Critical weights";
    }

    @Override
    public void applyTo(AuditPlan.Builder b) {
        set(treatments, b::optTreatments);
        set(ratios, b::optRatios);
        set(pveLambda, b::optPveLambda);
        set(pveSteps, b::optPveSteps);
        set(pveKl, b::optPveKl);
        set(pveTemperature, b::optPveTemperature);
    }

    @Override
    public Map<String, Function<AuditConfig, Object>> defaults() {
        return Map.of("--treatments", AuditConfig::treatments, "--ratios", AuditConfig::ratios,
                "--pve-lambda", c -> c.pve().lambda(), "--pve-steps", c -> c.pve().steps(),
                "--pve-kl", c -> c.pve().klModelToInitial() ? "model-initial" : "initial-model",
                "--pve-temperature", c -> c.pve().temperature());
    }
}
