package org.mia4j.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.mia4j.Provenance;
import org.mia4j.metric.Divergence;
import org.mia4j.metric.PairedComparison;
import org.mia4j.metric.RocCurve;
import org.mia4j.report.AuditResults.AttackRow;
import org.mia4j.report.AuditResults.ChangeRow;
import org.mia4j.report.AuditResults.DivergenceRow;
import org.mia4j.report.AuditResults.ModelRow;
import org.mia4j.report.AuditResults;
import org.mia4j.report.Notes;
import org.mia4j.report.Verdict;

/** The results stage: the attack outcome, the models and the divergence per class, the verdict, the provenance. */
public final class ResultsStage {
    private ResultsStage() {}

    public static AuditResults of(Provenance provenance, AuditInputs inputs, AttackStage.Outcome attacks,
            List<String> skipped, int bootstrap, long seed, double wallSeconds) {
        List<ModelRow> targets = inputs.models().stream().map(AuditedModel::row)
                .map(r -> r.withEpsilonLowerBound(attacks.epsilonLowerBounds().get(r.model()))).toList();
        List<DivergenceRow> divergence = new ArrayList<>();
        for (AuditedModel m : inputs.models()) {
            Divergence.of(m.target(), inputs.classNames()).forEach(d -> divergence.add(new DivergenceRow(
                    m.variant().label(), d.cls(), d.members(), d.nonMembers(), d.memberConfidence(),
                    d.nonMemberConfidence(), d.confidenceGap(), d.lossGap(), d.wasserstein())));
        }
        List<ChangeRow> changes = changes(targets, attacks, bootstrap, seed);
        return new AuditResults(provenance, inputs.dataset(), targets, inputs.shadowRows(), attacks.rows(),
                java.util.stream.Stream.concat(skipped.stream(), attacks.skipped().stream()).toList(), attacks.slices(), attacks.exposed(), divergence,
                inputs.critical().orElse(null), changes, withCautions(Verdict.of(attacks.rows(), targets, changes,
                        inputs.adversary()), inputs.cautions()), notes(inputs, attacks), wallSeconds);
    }

    /** The verdict with the cautions right after the adversary line, before any level is read. */
    static List<String> withCautions(List<String> verdict, List<String> cautions) {
        if (cautions.isEmpty() || verdict.isEmpty()) {
            return verdict;
        }
        List<String> out = new ArrayList<>(verdict.subList(0, 1));
        cautions.forEach(c -> out.add("Caution: " + c));
        out.addAll(verdict.subList(1, verdict.size()));
        return List.copyOf(out);
    }

    /**
     * Each variant against its base (its undefended twin, else the original) on the same records: the strongest
     * attack of each at TPR@0.1%FPR, at TPR@1%FPR and at AUC, compared by a paired bootstrap.
     */
    static List<ChangeRow> changes(List<ModelRow> models, AttackStage.Outcome attacks, int bootstrap, long seed) {
        List<ChangeRow> out = new ArrayList<>();
        for (ModelRow m : models) {
            Optional<ModelRow> base = Verdict.base(m, models);
            Optional<AttackStage.Scores> sm = scores(attacks, m.model());
            Optional<AttackStage.Scores> sb = base.flatMap(b -> scores(attacks, b.model()));
            if (base.isEmpty() || sm.isEmpty() || sb.isEmpty()
                    || !Arrays.equals(sm.get().model().recordIndex(), sb.get().model().recordIndex())
                    || !Arrays.equals(sm.get().model().target().members(), sb.get().model().target().members())) {
                continue;
            }
            boolean[] truth = sm.get().model().target().members();
            for (String metric : List.of("tpr_at_0_1pct_fpr", "tpr_at_1pct_fpr", "auc")) {
                ToDoubleFunction<AttackRow> f = Verdict.metric(metric);
                PairedComparison.Metric g = switch (metric) {
                    case "tpr_at_0_1pct_fpr" -> (s, t) -> RocCurve.of(s, t).tprAtFpr(0.001);
                    case "tpr_at_1pct_fpr" -> (s, t) -> RocCurve.of(s, t).tprAtFpr(0.01);
                    default -> (s, t) -> RocCurve.of(s, t).auc();
                };
                String a = Verdict.strongestAt(attacks.rows(), base.get().model(), f).orElseThrow().attack();
                String b = Verdict.strongestAt(attacks.rows(), m.model(), f).orElseThrow().attack();
                PairedComparison c = PairedComparison.of(sb.get().columns().get(a), sm.get().columns().get(b),
                        truth, g, bootstrap, seed);
                out.add(new ChangeRow(m.model(), base.get().model(), metric, a, b, c.base(), c.other(), c.ci95(),
                        c.significant()));
            }
        }
        return List.copyOf(out);
    }

    private static Optional<AttackStage.Scores> scores(AttackStage.Outcome attacks, String model) {
        return attacks.scores().stream().filter(s -> s.model().variant().label().equals(model)).findFirst();
    }

    /** The notes by kind: the inputs' cautions are about the adversary's models (or the given model) as a target. */
    private static Map<String, List<String>> notes(AuditInputs inputs, AttackStage.Outcome attacks) {
        List<String> onAttacks = new ArrayList<>(attacks.cautions());
        onAttacks.add("max_advantage_oracle is max |TPR - FPR| over the target's own ROC: the best threshold chosen "
                + "with the membership labels, an upper bound no attacker can pick; balanced_accuracy is the attack's "
                + "own decisions.");
        List<String> data = inputs.notes().stream().filter(n -> !inputs.cautions().contains(n)).toList();
        return Notes.of(onAttacks, inputs.cautions(), data);
    }
}
