package org.mia4j.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mia4j.Progress;
import org.mia4j.attack.Attack;
import org.mia4j.attack.AttackScores;
import org.mia4j.metric.AttackMetrics;
import org.mia4j.metric.EpsilonLowerBound;
import org.mia4j.metric.RocCurve;
import org.mia4j.metric.Slices;
import org.mia4j.outputs.ModelOutputs;
import org.mia4j.privacy.RdpAccountant;
import org.mia4j.report.AuditResults.AttackRow;
import org.mia4j.report.AuditResults.ExposedRecord;
import org.mia4j.report.AuditResults.SliceRow;
import org.mia4j.report.ScoreHistogram;
import org.mia4j.report.Verdict;

/**
 * The attacks stage: fits every attack on what the adversary has for each audited model, scores the model's
 * records and measures the attack against the true membership (which no attack sees).
 */
public final class AttackStage {
    private static final int EXPOSED = 10;
    private final List<Attack> attacks;
    private final Map<String, Map<String, Object>> settings;
    private final int bootstrap;
    private final long seed;

    /** Per-record scores of one audited model, one column per attack. */
    public record Scores(AuditedModel model, Map<String, double[]> columns) {}

    /** What the stage hands on. */
    public record Outcome(List<AttackRow> rows, List<SliceRow> slices, List<ExposedRecord> exposed,
            Map<String, Map<String, RocCurve>> rocs, List<Scores> scores, List<String> cautions,
            Map<String, EpsilonLowerBound> epsilonLowerBounds, List<String> skipped) {

        /** Each model's strongest attack at 0.1% FPR: its member and non-member scores, for the report. */
        public List<ScoreHistogram> histograms() {
            List<ScoreHistogram> out = new ArrayList<>();
            for (Scores s : scores) {
                String model = s.model().variant().label();
                Verdict.strongestAt(rows, model, AttackRow::tprAt01PctFpr).ifPresent(a -> {
                    double[] v = s.columns().get(a.attack());
                    boolean[] m = s.model().target().members();
                    out.add(new ScoreHistogram(model, a.attack(),
                            java.util.stream.IntStream.range(0, v.length).filter(i -> m[i]).mapToDouble(i -> v[i])
                                    .toArray(),
                            java.util.stream.IntStream.range(0, v.length).filter(i -> !m[i]).mapToDouble(i -> v[i])
                                    .toArray()));
                });
            }
            return out;
        }
    }

    public AttackStage(List<Attack> attacks, int bootstrap, long seed) {
        this(attacks, Map.of(), bootstrap, seed);
    }

    /** {@code settings}: per attack name, the values of its declared settings, recorded in its rows. */
    public AttackStage(List<Attack> attacks, Map<String, Map<String, Object>> settings, int bootstrap, long seed) {
        this.attacks = List.copyOf(attacks);
        this.settings = Map.copyOf(settings);
        this.bootstrap = bootstrap;
        this.seed = seed;
    }

    /** What a row records of an attack's settings: the declared ones' values, then what the attack adds. */
    private Map<String, Object> settingsOf(Attack attack) {
        Map<String, Object> out = new LinkedHashMap<>(settings.getOrDefault(attack.name(), Map.of()));
        out.putAll(attack.settings());
        return out;
    }

    public Outcome run(AuditInputs inputs, Progress progress) {
        List<AttackRow> rows = new ArrayList<>();
        List<SliceRow> slices = new ArrayList<>();
        List<ExposedRecord> exposed = new ArrayList<>();
        Map<String, Map<String, RocCurve>> rocs = new LinkedHashMap<>();
        List<Scores> scores = new ArrayList<>();
        Map<String, EpsilonLowerBound> bounds = new LinkedHashMap<>();
        java.util.Set<String> cautions = new java.util.LinkedHashSet<>();
        List<String> skipped = new ArrayList<>();
        try (Progress.Task task = progress.start("attacks", (long) attacks.size() * inputs.models().size())) {
            for (AuditedModel model : inputs.models()) {
                String label = model.variant().label();
                ModelOutputs target = model.target();
                boolean[] truth = target.members();
                boolean[] correct = correct(target);
                // the delta of the model's DP guarantee, else the conventional 1/n rounded down to a power of 10
                double delta = model.row().dp() != null ? model.row().dp().delta()
                        : RdpAccountant.defaultDelta(countMembers(truth));
                Map<String, double[]> columns = new LinkedHashMap<>();
                Map<String, RocCurve> curves = new LinkedHashMap<>();
                AttackScores best = null;
                AttackRow bestRow = null;
                List<String> unreadable = new ArrayList<>();
                for (Attack attack : attacks) {
                    task.message(attack.name() + " on " + label);
                    if (model.labelsOnly() && !attack.labelsOnly()) {
                        unreadable.add(attack.name());
                        task.step();
                        continue;
                    }
                    if (!attack.appliesTo(target.observations(), model.knowledge())) {
                        task.step();
                        continue;
                    }
                    AttackScores sc;
                    try (Attack.Fitted fitted = attack.fit(model.knowledge(),
                            task.part(attack.name() + " on " + label))) {
                        sc = fitted.score(target.observations());
                    }
                    cautions.addAll(attack.judged(label, sc.scores(), sc.decisions(), truth));
                    attack.cautions(model.knowledge(), sc.scores()).forEach(c -> cautions.add(
                            c.contains(" records got ") ? label + ": " + c : c));
                    AttackMetrics m = AttackMetrics.withIntervals(sc.scores(), sc.decisions(), truth, bootstrap,
                            seed);
                    AttackRow row = AttackRow.of(attack.name(), label, attack.description(), m, settingsOf(attack),
                            EpsilonLowerBound.of(sc.scores(), truth, delta, seed));
                    rows.add(row);
                    for (Slices.Slice sl : Slices.of(sc.scores(), sc.decisions(), truth, target.labels(), correct,
                            inputs.classNames())) {
                        slices.add(new SliceRow(attack.name(), label, sl.name(), sl.auc(), sl.balancedAccuracy(),
                                sl.members(), sl.nonMembers()));
                    }
                    curves.put(attack.name(), RocCurve.of(sc.scores(), truth));
                    columns.put(attack.name(), sc.scores());
                    if (bestRow == null || row.auc() > bestRow.auc()) {
                        bestRow = row;
                        best = sc;
                    }
                    task.step();
                }
                if (!unreadable.isEmpty()) {
                    skipped.add("on " + label + ": " + String.join(", ", unreadable) + " (they read scores, and the "
                            + "model releases only its label; " + (columns.isEmpty() ? "no chosen attack reads labels "
                            + "only, so nothing judges it" : "judged by " + String.join(", ", columns.keySet()))
                            + ")");
                }
                if (!columns.isEmpty()) {
                    // one (attack, threshold) chosen over all attacks on the calibration half: the model's bound
                    bounds.put(label, EpsilonLowerBound.chosen(columns, truth, delta, seed));
                }
                exposed.addAll(mostExposed(model, bestRow, best, inputs.classNames()));
                rocs.put(label, curves);
                scores.add(new Scores(model, columns));
            }
        }
        for (Attack a : attacks) {
            if (rows.stream().noneMatch(r -> r.attack().equals(a.name()))) {
                cautions.add(a.name() + " applied to no model: it needs other versions of the model (pruned or "
                        + "compressed, next to the original) and shadow models that have them too");
            }
        }
        return new Outcome(rows, slices, exposed, rocs, scores, List.copyOf(cautions), Map.copyOf(bounds),
                List.copyOf(skipped));
    }

    private static boolean[] correct(ModelOutputs o) {
        boolean[] c = new boolean[o.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = ModelsStage.accuracy(o, i, i + 1) == 1.0;
        }
        return c;
    }

    private static List<ExposedRecord> mostExposed(AuditedModel model, AttackRow row, AttackScores sc,
            List<String> classNames) {
        if (row == null) {
            return List.of();
        }
        boolean[] m = model.target().members();
        Integer[] order = new Integer[m.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(sc.scores()[b], sc.scores()[a]));
        Map<Double, Integer> ties = new java.util.HashMap<>(); // members per score
        for (int i = 0; i < m.length; i++) {
            if (m[i]) {
                ties.merge(sc.scores()[i], 1, Integer::sum);
            }
        }
        List<ExposedRecord> out = new ArrayList<>();
        for (int i : order) { // a stable sort: tied records stay in record order
            if (m[i] && out.size() < EXPOSED) {
                out.add(new ExposedRecord(model.variant().label(), row.attack(), out.size() + 1,
                        model.recordIndex()[i], classNames.get(model.target().labels()[i]), sc.scores()[i],
                        ties.get(sc.scores()[i])));
            }
        }
        return out;
    }

    private static int countMembers(boolean[] truth) {
        int n = 0;
        for (boolean t : truth) {
            n += t ? 1 : 0;
        }
        return n;
    }
}
