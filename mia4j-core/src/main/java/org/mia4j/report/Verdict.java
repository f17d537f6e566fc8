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
     * The leakage level, judged at the lowest FPR the non-member count supports (0.1% from 10,000 non-members, 1%
     * from 1,000: at least {@link #MIN_RECORDS_AT_LEVEL} false positives possible), else by AUC: "no evidence" when
     * the interval of the strongest attack there includes chance; otherwise low below 10x chance, moderate below
     * 50x (AUC: below 0.6 / 0.7), high above.
     */
    static String level(List<AttackRow> rows, String model) {
        AttackRow any = rows.stream().filter(r -> r.model().equals(model)).findFirst().orElseThrow();
        int n = any.nonMembers();
        for (double fpr : new double[] {LOW_FPR, 10 * LOW_FPR}) {
            if (n * fpr < MIN_RECORDS_AT_LEVEL) {
                continue;
            }
            boolean low = fpr == LOW_FPR;
            AttackRow r = strongestAt(rows, model, low ? AttackRow::tprAt01PctFpr : AttackRow::tprAt1PctFpr)
                    .orElseThrow();
            double tpr = low ? r.tprAt01PctFpr() : r.tprAt1PctFpr();
            Interval ci = r.ci95().get(low ? "tpr_at_0_1pct_fpr" : "tpr_at_1pct_fpr");
            String at = low ? "0.1% FPR" : "1% FPR";
            if (ci != null ? ci.low() <= fpr : tpr <= fpr) {
                return "no evidence of membership leakage at " + at + " (" + r.attack() + "'s interval includes "
                        + "chance)";
            }
            return (tpr < 10 * fpr ? "low" : tpr < 50 * fpr ? "moderate" : "high") + " membership leakage at " + at
                    + (ci == null ? " (no interval)" : "");
        }
        AttackRow r = strongest(rows, model).orElseThrow();
        Interval ci = r.ci95().get("auc");
        String why = String.format(Locale.ROOT, " (judged by AUC: %d non-members are too few for a low-FPR level)",
                n);
        if (ci != null ? ci.low() <= 0.5 : r.auc() <= 0.5) {
            return "no evidence of membership leakage" + why;
        }
        return (r.auc() < 0.6 ? "low" : r.auc() < 0.7 ? "moderate" : "high") + " membership leakage" + why;
    }

    /**
     * The verdict: who the adversary was, then per model its level with the strongest attack at each operating
     * point, then each variant against its base by paired comparison.
     */
    public static List<String> of(List<AttackRow> rows, List<ModelRow> models, List<ChangeRow> changes,
            String adversary) {
        List<String> out = new ArrayList<>();
        out.add("Adversary: " + adversary);
        Optional<ModelRow> original = models.stream().filter(m -> m.variant().isOriginal()).findFirst();
        for (ModelRow m : models) {
            Optional<AttackRow> low = strongestAt(rows, m.model(), AttackRow::tprAt01PctFpr);
            if (low.isEmpty()) {
                continue;
            }
            AttackRow l = low.get();
            AttackRow one = strongestAt(rows, m.model(), AttackRow::tprAt1PctFpr).orElseThrow();
            AttackRow auc = strongest(rows, m.model()).orElseThrow();
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s (test accuracy %.3f, train %.3f): %s; "
                    + "strongest at 0.1%% FPR %s, TPR %s; at 1%% FPR %s, TPR %s; by AUC %s, %s.", m.model(),
                    m.testAccuracy(), m.trainAccuracy(), level(rows, m.model()), l.attack(),
                    pct(l.tprAt01PctFpr(), l.ci95().get("tpr_at_0_1pct_fpr")), one.attack(),
                    pct(one.tprAt1PctFpr(), one.ci95().get("tpr_at_1pct_fpr")), auc.attack(),
                    num(auc.auc(), auc.ci95().get("auc"))));
            java.util.Optional.ofNullable(m.epsilonLowerBound()).ifPresent(b -> {
                        s.append(String.format(Locale.ROOT, " Empirical epsilon lower bound %.2f (%s, the one test "
                                + "chosen over all attacks on half of the records, its errors counted on the other "
                                + "half; delta %s, %.0f%% confidence)", b.epsilon(), b.attack(), b.delta(),
                                100 * b.confidence()));
                        if (m.dp() != null) {
                            s.append(String.format(Locale.ROOT, "; DP-SGD accountant epsilon %.2f at delta %s (%s)",
                                    m.dp().epsilon(), m.dp().delta(), m.dp().scope().equals("whole-training")
                                            ? "covers the whole training" : "covers only the fine-tuning, not the "
                                            + "model"));
                            if (b.epsilon() > m.dp().epsilon() && m.dp().scope().equals("whole-training")) {
                                s.append(": the attack proves more than the guarantee allows, so the guarantee does "
                                        + "not hold (a bug, or a broken assumption)");
                            }
                        }
                        s.append('.');
                    });
            Interval aucCi = auc.ci95().get("auc");
            if (aucCi != null && aucCi.low() <= 0.5) {
                s.append(" The best AUC's interval includes 0.5 (chance): no evidence of leakage by AUC either.");
            }
            double atLevel = l.nonMembers() * LOW_FPR;
            if (atLevel < MIN_RECORDS_AT_LEVEL) {
                s.append(String.format(Locale.ROOT, " Caution: 0.1%% FPR of %d non-members is %.1f record%s, so the "
                        + "TPR there rests on almost nothing; read the 1%% FPR figure.", l.nonMembers(), atLevel,
                        atLevel == 1 ? "" : "s"));
            }
            if (original.isPresent() && m != original.get()
                    && m.testAccuracy() < 0.5 * original.get().testAccuracy()) {
                s.append(String.format(Locale.ROOT, " Its test accuracy is %.3f against the original's %.3f: it "
                        + "leaks less because it no longer works; not a result to recommend.", m.testAccuracy(),
                        original.get().testAccuracy()));
            }
            out.add(s.toString());
        }
        for (ChangeRow c : changes) {
            // each variant is judged at its own operating point (and by AUC), like its level
            int n = rows.stream().filter(r -> r.model().equals(c.model())).findFirst().map(AttackRow::nonMembers)
                    .orElse(-1);
            if (n < 0 || c.metric().equals("auc") || c.metric().equals(judgedMetric(n))) {
                out.add(change(c, models));
            }
        }
        return List.copyOf(out);
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
                    k * c.ci95().high()) + (c.significant() ? ": a significant " + (d > 0 ? "rise" : "fall")
                            : ": no significant change");
        }
        ModelRow a = models.stream().filter(m -> m.model().equals(c.base())).findFirst().orElseThrow();
        ModelRow b = models.stream().filter(m -> m.model().equals(c.model())).findFirst().orElseThrow();
        return String.format(Locale.ROOT, "%s vs %s: %s of the strongest attack %s (%s), %s; test accuracy %.3f -> "
                + "%.3f (%+.1f points).", c.model(), c.base(), what, values, attacks, diff, a.testAccuracy(),
                b.testAccuracy(), 100 * (b.testAccuracy() - a.testAccuracy()));
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
