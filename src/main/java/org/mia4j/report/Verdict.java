package org.mia4j.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mia4j.metric.Interval;
import org.mia4j.model.Variant;
import org.mia4j.report.AuditResults.AttackRow;
import org.mia4j.report.AuditResults.ModelRow;

/** Plain-language conclusions drawn from the attack table; each names the numbers it rests on. */
public final class Verdict {
    private Verdict() {}

    /** Leakage level from the best attack's AUC (0.5 = chance). */
    static String level(double auc) {
        if (auc < 0.55) {
            return "low";
        }
        if (auc < 0.65) {
            return "moderate";
        }
        return "high";
    }

    public static Optional<AttackRow> strongest(List<AttackRow> rows, String model) {
        return rows.stream().filter(r -> r.model().equals(model)).max(Comparator.comparingDouble(AttackRow::auc));
    }

    public static List<String> of(List<AttackRow> rows, List<ModelRow> models) {
        List<String> out = new ArrayList<>();
        for (ModelRow m : models) {
            strongest(rows, m.model()).ifPresent(r -> out.add(String.format(Locale.ROOT,
                    "%s: %s membership leakage; strongest attack %s with AUC %.3f%s, balanced accuracy %.3f, "
                            + "TPR %.2f%% at 0.1%% FPR.",
                    m.model(), level(r.auc()), r.attack(), r.auc(), ci(r), r.balancedAccuracy(),
                    100 * r.tprAt01PctFpr())));
        }
        // each variant against the original; a defended twin against its undefended variant, what the defense changed
        List<Variant> variants = models.stream().map(ModelRow::variant).toList();
        for (Variant v : variants) {
            if (v.isOriginal()) {
                continue;
            }
            Variant base = v.isDefended() && variants.contains(v.undefended()) ? v.undefended() : Variant.ORIGINAL;
            if (variants.contains(base)) {
                compare(rows, base.label(), v.label()).ifPresent(out::add);
            }
        }
        return List.copyOf(out);
    }

    private static Optional<String> compare(List<AttackRow> rows, String base, String other) {
        Optional<AttackRow> a = strongest(rows, base);
        Optional<AttackRow> b = strongest(rows, other);
        if (a.isEmpty() || b.isEmpty()) {
            return Optional.empty();
        }
        double d = b.get().auc() - a.get().auc();
        Interval ia = a.get().ci95().get("auc");
        Interval ib = b.get().ci95().get("auc");
        String noise;
        if (ia == null || ib == null) {
            noise = " (no intervals were computed, so nothing is said about sampling noise)";
        } else if (ia.low() <= ib.high() && ib.low() <= ia.high()) {
            noise = "; the 95% intervals overlap, so the change is within sampling noise";
        } else {
            noise = "; the 95% intervals do not overlap";
        }
        return Optional.of(String.format(Locale.ROOT,
                "%s vs %s: the strongest attack's AUC %s by %.3f (%.3f -> %.3f)%s.", other, base,
                d >= 0 ? "rose" : "fell", Math.abs(d), a.get().auc(), b.get().auc(), noise));
    }

    private static String ci(AttackRow r) {
        Interval i = r.ci95().get("auc");
        return i == null ? "" : String.format(Locale.ROOT, " [95%% CI %.3f-%.3f]", i.low(), i.high());
    }
}
