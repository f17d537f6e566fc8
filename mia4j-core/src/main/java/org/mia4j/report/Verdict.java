package org.mia4j.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.mia4j.metric.Interval;
import org.mia4j.model.Variant;
import org.mia4j.report.AuditResults.AttackRow;
import org.mia4j.report.AuditResults.ChangeRow;
import org.mia4j.report.AuditResults.ModelRow;

/**
 * Plain-language conclusions, each naming the numbers it rests on. The field judges membership inference at low
 * false-positive rates (Carlini et al. 2022), so the leakage level comes from the strongest attack's TPR at 0.1%
 * FPR and its interval, not from the best AUC of many attacks; "no evidence of leakage" when that interval
 * includes chance; changes between models come from paired bootstraps on the same records ({@link ChangeRow});
 * accuracy stands next to every claim, because a model that no longer works leaks little and is no result.
 */
public final class Verdict {
    /** The low false-positive rate the level is judged at. */
    static final double LOW_FPR = 0.001;
    /** Non-member records below which a FPR level rests on too few records to mean much. */
    static final int MIN_RECORDS_AT_LEVEL = 10;
    /**
     * The share of its base's test accuracy a variant may lose and still count as working: past it (a permutation
     * at 0.520 against 0.796), its low leakage is that of a model that no longer predicts, not a result.
     */
    public static final double MAX_ACCURACY_DROP = 0.25;

    private Verdict() {}

    /** The metric the level of a model audited on {@code nonMembers} non-members is judged by (see {@link #level}). */
    public static String judgedMetric(int nonMembers) {
        return nonMembers * LOW_FPR >= MIN_RECORDS_AT_LEVEL ? "tpr_at_0_1pct_fpr"
                : nonMembers * 10 * LOW_FPR >= MIN_RECORDS_AT_LEVEL ? "tpr_at_1pct_fpr" : "auc";
    }

    /** The value of a metric named as in results.json ({@code auc}, {@code tpr_at_1pct_fpr}, ...). */
    public static ToDoubleFunction<AttackRow> metric(String name) {
        return switch (name) {
            case "auc" -> AttackRow::auc;
            case "tpr_at_1pct_fpr" -> AttackRow::tprAt1PctFpr;
            case "tpr_at_0_1pct_fpr" -> AttackRow::tprAt01PctFpr;
            default -> throw new IllegalArgumentException("unknown metric " + name);
        };
    }

    /** The strongest attack by AUC (the tables' "strongest"). */
    public static Optional<AttackRow> strongest(List<AttackRow> rows, String model) {
        return strongestAt(rows, model, AttackRow::auc);
    }

    /** The attack with the highest value of {@code metric} on {@code model}. */
    public static Optional<AttackRow> strongestAt(List<AttackRow> rows, String model,
            ToDoubleFunction<AttackRow> metric) {
        return rows.stream().filter(r -> r.model().equals(model)).max(Comparator.comparingDouble(metric));
    }

    /**
     * A model's leakage level and what it rests on: {@code word} is "no evidence", "low", "moderate" or "high";
     * {@code metric} the operating point it was judged at (as in results.json); {@code attack} the strongest attack
     * there, with its {@code value} and interval ({@code ci}, null when none was computed).
     */
    public record Level(String word, String metric, AttackRow attack, double value, Interval ci) {
        /** "1% FPR", "0.1% FPR" or "AUC". */
        public String at() {
            return Verdict.at(metric);
        }
    }

    /** How an operating point named as in results.json reads: "0.1% FPR", "1% FPR", "AUC". */
    public static String at(String metric) {
        return switch (metric) {
            case "tpr_at_0_1pct_fpr" -> "0.1% FPR";
            case "tpr_at_1pct_fpr" -> "1% FPR";
            default -> "AUC";
        };
    }

    /**
     * The leakage level, judged at the lowest FPR the non-member count supports (0.1% from 10,000 non-members, 1%
     * from 1,000: at least {@link #MIN_RECORDS_AT_LEVEL} false positives possible), else by AUC: "no evidence" when
     * the interval of the strongest attack there includes chance; otherwise low below 10x chance, moderate below
     * 50x (AUC: below 0.6 / 0.7), high above.
     */
    public static Level judge(List<AttackRow> rows, String model) {
        AttackRow any = rows.stream().filter(r -> r.model().equals(model)).findFirst().orElseThrow();
        String metric = judgedMetric(any.nonMembers());
        AttackRow r = strongestAt(rows, model, metric(metric)).orElseThrow();
        double v = metric(metric).applyAsDouble(r);
        Interval ci = r.ci95().get(metric);
        if (metric.equals("auc")) {
            if (ci != null ? ci.low() <= 0.5 : v <= 0.5) {
                return new Level("no evidence", metric, r, v, ci);
            }
            return new Level(v < 0.6 ? "low" : v < 0.7 ? "moderate" : "high", metric, r, v, ci);
        }
        double fpr = metric.equals("tpr_at_0_1pct_fpr") ? LOW_FPR : 10 * LOW_FPR;
        if (ci != null ? ci.low() <= fpr : v <= fpr) {
            return new Level("no evidence", metric, r, v, ci);
        }
        return new Level(v < 10 * fpr ? "low" : v < 50 * fpr ? "moderate" : "high", metric, r, v, ci);
    }

    /**
     * Why {@code m} no longer works, if it does not: its test accuracy is more than {@link #MAX_ACCURACY_DROP} below
     * its base's, or below half the original's. Such a model leaks little because it predicts little; its leakage
     * is no result.
     */
    public static Optional<String> noLongerWorks(ModelRow m, List<ModelRow> models) {
        Optional<ModelRow> base = base(m, models);
        if (base.isPresent() && m.testAccuracy() < (1 - MAX_ACCURACY_DROP) * base.get().testAccuracy()) {
            return Optional.of(String.format(Locale.ROOT, "%.3f against %.3f for %s", m.testAccuracy(),
                    base.get().testAccuracy(), base.get().model()));
        }
        Optional<ModelRow> original = models.stream().filter(x -> x.variant().isOriginal()).findFirst();
        if (original.isPresent() && m != original.get() && m.testAccuracy() < 0.5 * original.get().testAccuracy()) {
            return Optional.of(String.format(Locale.ROOT, "%.3f against the original's %.3f", m.testAccuracy(),
                    original.get().testAccuracy()));
        }
        return Optional.empty();
    }

    /**
     * The sample-size caution, once for the whole audit: when the non-members are too few for the 0.1% FPR level,
     * the level is judged at 1% FPR or by AUC (empty when 0.1% FPR rests on enough records).
     */
    public static Optional<String> sampleSizeCaution(List<AttackRow> rows) {
        int n = rows.stream().mapToInt(AttackRow::nonMembers).min().orElse(Integer.MAX_VALUE);
        double atLevel = n * LOW_FPR;
        if (rows.isEmpty() || atLevel >= MIN_RECORDS_AT_LEVEL) {
            return Optional.empty();
        }
        String judged = judgedMetric(n);
        return Optional.of(String.format(Locale.ROOT, "0.1%% FPR of %d non-members is %.1f record%s, so a TPR there "
                + "rests on almost nothing: levels are judged %s.", n, atLevel, atLevel == 1 ? "" : "s",
                judged.equals("auc") ? "by AUC (1% FPR would need 1,000 non-members)" : "at 1% FPR"));
    }

    /**
     * The verdict: who the adversary was, the sample-size caution (once), then per model its level with the
     * strongest attack where it was judged and by AUC, then each variant against its base by paired comparison at
     * that operating point. Every bullet is meant to fit two lines of the report.
     */
    public static List<String> of(List<AttackRow> rows, List<ModelRow> models, List<ChangeRow> changes,
            String adversary) {
        List<String> out = new ArrayList<>();
        out.add("Adversary: " + adversary);
        sampleSizeCaution(rows).ifPresent(c -> out.add("Caution: " + c));
        for (ModelRow m : models) {
            if (rows.stream().noneMatch(r -> r.model().equals(m.model()))) {
                continue;
            }
            Level lv = judge(rows, m.model());
            AttackRow auc = strongest(rows, m.model()).orElseThrow();
            boolean none = lv.word().equals("no evidence");
            boolean byAuc = lv.metric().equals("auc");
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s: %s leakage %s (%s, %s%s)", m.model(),
                    none ? "no evidence of" : lv.word(), byAuc ? "by AUC" : "at " + lv.at(), lv.attack().attack(),
                    byAuc ? num(lv.value(), lv.ci()) : "TPR " + pct(lv.value(), lv.ci()),
                    none ? ": includes chance" : ""));
            if (!byAuc) {
                Interval aucCi = auc.ci95().get("auc");
                s.append(String.format(Locale.ROOT, "; best AUC %.3f%s (%s%s)", auc.auc(), aucCi == null ? ""
                        : String.format(Locale.ROOT, " [%.3f-%.3f]", aucCi.low(), aucCi.high()), auc.attack(),
                        aucCi != null && aucCi.low() <= 0.5 ? ", includes chance" : ""));
            }
            s.append(String.format(Locale.ROOT, "; test accuracy %.3f, train %.3f", m.testAccuracy(),
                    m.trainAccuracy()));
            Optional.ofNullable(m.epsilonLowerBound()).ifPresent(b -> {
                s.append(String.format(Locale.ROOT, "; epsilon >= %.2f", b.epsilon()));
                if (m.dp() != null) {
                    boolean whole = m.dp().scope().equals("whole-training");
                    s.append(String.format(Locale.ROOT, " (accountant %.2f%s)", m.dp().epsilon(),
                            whole ? "" : ", covers only the fine-tuning"));
                    if (b.epsilon() > m.dp().epsilon() && whole) {
                        s.append(": the attacks prove more than the guarantee allows, so it does not hold (a bug, or "
                                + "a broken assumption)");
                    }
                }
            });
            s.append('.');
            noLongerWorks(m, models).ifPresent(why -> s.append(" No longer works (").append(why)
                    .append("): not a result."));
            out.add(s.toString());
        }
        for (ChangeRow c : changes) {
            // each variant is judged at its own operating point, like its level; by AUC only when that is the point
            int n = rows.stream().filter(r -> r.model().equals(c.model())).findFirst().map(AttackRow::nonMembers)
                    .orElse(-1);
            if (n < 0 || c.metric().equals(judgedMetric(n))) {
                out.add(change(c, models));
            }
        }
        return List.copyOf(out);
    }

    /** Whether the variant's train accuracy rose from its base's by at least a point: it fitted its members more. */
    public static boolean trainedMore(ModelRow variant, ModelRow base) {
        return variant.trainAccuracy() - base.trainAccuracy() >= 0.01;
    }

    private static String change(ChangeRow c, List<ModelRow> models) {
        boolean tpr = c.metric().startsWith("tpr");
        String what = switch (c.metric()) {
            case "tpr_at_0_1pct_fpr" -> "TPR at 0.1% FPR";
            case "tpr_at_1pct_fpr" -> "TPR at 1% FPR";
            default -> "AUC";
        };
        String values = tpr ? pct(c.baseValue(), null) + " -> " + pct(c.value(), null)
                : String.format(Locale.ROOT, "%.3f -> %.3f", c.baseValue(), c.value());
        String attacks = c.baseAttack().equals(c.attack()) ? c.attack() : c.baseAttack() + " -> " + c.attack();
        String diff;
        if (c.ci95() == null) {
            diff = "no intervals were computed, so nothing is said about sampling noise";
        } else {
            double d = c.value() - c.baseValue();
            String fmt = tpr ? "%+.1f points [95%% CI %+.1f, %+.1f]" : "%+.3f [95%% CI %+.3f, %+.3f]";
            double k = tpr ? 100 : 1;
            diff = "paired difference " + String.format(Locale.ROOT, fmt, k * d, k * c.ci95().low(),
                    k * c.ci95().high())
                    + (c.significant() ? ": a significant " + (d > 0 ? "rise" : "fall") : ": no significant change");
        }
        ModelRow a = models.stream().filter(m -> m.model().equals(c.base())).findFirst().orElseThrow();
        ModelRow b = models.stream().filter(m -> m.model().equals(c.model())).findFirst().orElseThrow();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s vs %s: %s of the strongest attack %s (%s), "
                + "%s; test accuracy %.3f -> %.3f, train %.3f -> %.3f.", c.model(), c.base(), what, values, attacks,
                diff, a.testAccuracy(), b.testAccuracy(), a.trainAccuracy(), b.trainAccuracy()));
        if (trainedMore(b, a)) {
            s.append(" Caution: it fits its members more than its base (train accuracy rose), which alone raises "
                    + "leakage; the change is not the ").append(b.variant().kind() == Variant.Kind.SCRATCH
                            ? "defense's" : "transform's").append(" alone.");
        }
        if (noLongerWorks(b, models).isPresent()) {
            s.append(" It no longer works: not a result.");
        }
        return s.toString();
    }

    /** The model each variant is judged against: its undefended twin when there is one, else the original. */
    public static Optional<ModelRow> base(ModelRow m, List<ModelRow> models) {
        if (m.variant().isOriginal()) {
            return Optional.empty();
        }
        Variant want = m.variant().isDefended() && models.stream().anyMatch(x -> x.variant().equals(
                m.variant().undefended())) ? m.variant().undefended() : Variant.ORIGINAL;
        return models.stream().filter(x -> x.variant().equals(want)).findFirst();
    }

    private static String pct(double v, Interval ci) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * v) + (ci == null ? "" : String.format(Locale.ROOT,
                " [95%% CI %.2f-%.2f%%]", 100 * ci.low(), 100 * ci.high()));
    }

    private static String num(double v, Interval ci) {
        return String.format(Locale.ROOT, "AUC %.3f", v) + (ci == null ? "" : String.format(Locale.ROOT,
                " [95%% CI %.3f-%.3f]", ci.low(), ci.high()));
    }
}
