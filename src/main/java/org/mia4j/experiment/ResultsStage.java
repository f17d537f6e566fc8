package org.mia4j.experiment;

import java.util.ArrayList;
import java.util.List;
import org.mia4j.Provenance;
import org.mia4j.metric.Divergence;
import org.mia4j.report.AuditResults;
import org.mia4j.report.AuditResults.DivergenceRow;
import org.mia4j.report.AuditResults.ModelRow;
import org.mia4j.report.Verdict;

/** The results stage: the attack outcome, the models and the divergence per class, the verdict, the provenance. */
public final class ResultsStage {
    private ResultsStage() {}

    public static AuditResults of(Provenance provenance, AuditInputs inputs, AttackStage.Outcome attacks,
            List<String> skipped, double wallSeconds) {
        List<ModelRow> targets = inputs.models().stream().map(AuditedModel::row).toList();
        List<DivergenceRow> divergence = new ArrayList<>();
        for (AuditedModel m : inputs.models()) {
            Divergence.of(m.target(), inputs.classNames()).forEach(d -> divergence.add(new DivergenceRow(
                    m.variant().label(), d.cls(), d.members(), d.nonMembers(), d.memberConfidence(),
                    d.nonMemberConfidence(), d.confidenceGap(), d.lossGap(), d.wasserstein())));
        }
        return new AuditResults(provenance, inputs.dataset(), targets, inputs.shadowRows(), attacks.rows(),
                List.copyOf(skipped), attacks.slices(), attacks.exposed(), divergence,
                inputs.critical().orElse(null), Verdict.of(attacks.rows(), targets), notes(inputs, attacks),
                wallSeconds);
    }

    private static List<String> notes(AuditInputs inputs, AttackStage.Outcome attacks) {
        List<String> out = new ArrayList<>(inputs.notes());
        out.addAll(attacks.cautions());
        out.add("max_advantage_oracle is max |TPR - FPR| over the target's own ROC: the best threshold chosen with "
                + "the membership labels, an upper bound no attacker can pick; balanced_accuracy is the attack's "
                + "own decisions.");
        return out;
    }
}
