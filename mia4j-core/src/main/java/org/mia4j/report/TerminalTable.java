package org.mia4j.report;

import java.util.Locale;
import org.mia4j.report.AuditResults.AttackRow;
import org.mia4j.report.AuditResults.ModelRow;

/** The short plain-text summary printed at the end of an audit. */
public final class TerminalTable {
    private TerminalTable() {}

    /** The pruning sweep: one row per target variant, the AUC of key attacks and the strongest one. */
    public static String sweep(AuditResults r) {
        java.util.List<String> key = java.util.List.of("conf", "mentr", "nn-cls", "samia", "lira-fixed", "rmia");
        java.util.List<String> shown = key.stream().filter(k -> r.attacks().stream().anyMatch(a -> a.attack()
                .equals(k))).toList();
        StringBuilder sb = new StringBuilder();
        boolean sized = r.models().stream().anyMatch(m -> m.sizeReduction() != null);
        int name = Math.max(30, r.models().stream().mapToInt(m -> m.model().length()).max().orElse(0));
        sb.append(String.format(Locale.ROOT, "%-" + name + "s %8s %8s %8s %8s%s", "model", "test acc", "sparsity",
                "params-", "FLOPs-", sized ? String.format(Locale.ROOT, " %8s", "size-") : ""));
        shown.forEach(k -> sb.append(String.format(Locale.ROOT, " %10s", k)));
        sb.append(String.format(Locale.ROOT, "  %-24s %s%n", "strongest by AUC", "strongest at 0.1% FPR (TPR)"));
        for (ModelRow m : r.models()) {
            sb.append(String.format(Locale.ROOT, "%-" + name + "s %8.3f %8.3f %8.3f %8.3f", m.model(),
                    m.testAccuracy(), m.sparsity(), m.parameterReduction(), m.flopReduction()));
            if (sized) {
                sb.append(m.sizeReduction() == null ? String.format(Locale.ROOT, " %8s", "")
                        : String.format(Locale.ROOT, " %8.3f", m.sizeReduction()));
            }
            for (String k : shown) {
                double auc = r.attacks().stream().filter(a -> a.model().equals(m.model()) && a.attack().equals(k))
                        .mapToDouble(AttackRow::auc).findFirst().orElse(Double.NaN);
                sb.append(String.format(Locale.ROOT, " %10.3f", auc));
            }
            Verdict.strongest(r.attacks(), m.model()).ifPresent(a -> sb.append(String.format(Locale.ROOT,
                    "  %-24s", a.attack() + " (" + String.format(Locale.ROOT, "%.3f", a.auc()) + ")")));
            Verdict.strongestAt(r.attacks(), m.model(), AttackRow::tprAt01PctFpr).ifPresent(a -> sb.append(
                    String.format(Locale.ROOT, " %s (%.3f)", a.attack(), a.tprAt01PctFpr())));
            sb.append('\n');
        }
        sb.append("(AUC per attack; params-/FLOPs-: measured reduction of Linear/Conv weights and multiply-adds")
                .append(sized ? "; size-: storage the compressed format saves against fp32" : "").append(")\n\n");
        r.verdict().forEach(v -> sb.append("* ").append(v).append('\n'));
        return sb.toString();
    }

    /** Fang & Kim's Table 1 analogue: correlations, concentration and overlap of the two weight scores. */
    public static String critical(AuditResults r) {
        AuditResults.CriticalWeightsReport c = r.criticalWeights();
        if (c == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "critical weights of the target (%d weights): learnability vs privacy vulnerability%n", c.weights()));
        sb.append(String.format(Locale.ROOT, "%-10s %9s %9s %9s   %s%n", "component", "weights", "Pearson", "Spearman",
                "(loss-gap vs PVE: Pearson / Spearman)"));
        for (int i = 0; i < c.learnabilityVsPve().size(); i++) {
            var a = c.learnabilityVsPve().get(i);
            var b = c.lossGapVsPve().get(i);
            sb.append(String.format(Locale.ROOT, "%-10s %9d %9.3f %9.3f   %.3f / %.3f%n", a.component(), a.weights(),
                    a.pearson(), a.spearman(), b.pearson(), b.spearman()));
        }
        sb.append(String.format(Locale.ROOT, "%-10s %12s %12s %12s%n", "top rho", "PVE share", "learn share",
                "Jaccard"));
        c.pveConcentration().forEach((rho, share) -> sb.append(String.format(Locale.ROOT, "%-10s %12.3f %12.3f "
                + "%12.3f%n", rho, share, c.learnabilityConcentration().get(rho), c.topJaccard().get(rho))));
        return sb.append('\n').toString();
    }

    public static String render(AuditResults r) {
        StringBuilder sb = new StringBuilder();
        boolean sized = r.models().stream().anyMatch(m -> m.sizeReduction() != null);
        sb.append(String.format(Locale.ROOT, "%-26s %9s %9s %9s%s %7s %s%n", "model", "train acc", "test acc",
                "sparsity", sized ? String.format(Locale.ROOT, " %8s", "size-") : "", "eps-lb", "(by)"));
        for (ModelRow m : r.models()) {
            var e = m.epsilonLowerBound();
            String size = !sized ? "" : m.sizeReduction() == null ? String.format(Locale.ROOT, " %8s", "")
                    : String.format(Locale.ROOT, " %8.3f", m.sizeReduction());
            sb.append(String.format(Locale.ROOT, "%-26s %9.3f %9.3f %9.3f%s %7s %s%n", m.model(), m.trainAccuracy(),
                    m.testAccuracy(), m.sparsity(), size, e == null ? "" : String.format(Locale.ROOT, "%.2f",
                            e.epsilon()), e == null ? "" : e.attack()).stripTrailing()).append('\n');
        }
        sb.append('\n');
        sb.append(String.format(Locale.ROOT, "%-14s %-24s %8s %7s %10s %12s %9s %7s%n", "attack", "model", "bal.acc",
                "AUC", "TPR@1%FPR", "TPR@0.1%FPR", "adv.oracle", "atk-eps"));
        for (AttackRow a : r.attacks()) {
            sb.append(String.format(Locale.ROOT, "%-14s %-24s %8.3f %7.3f %10.3f %12.3f %9.3f %7s%n", a.attack(),
                    a.model(), a.balancedAccuracy(), a.auc(), a.tprAt1PctFpr(), a.tprAt01PctFpr(), a.advantage(),
                    a.epsilonLowerBound() == null ? "" : String.format(Locale.ROOT, "%.2f",
                            a.epsilonLowerBound().epsilon())));
        }
        sb.append("(atk-eps: the epsilon each attack alone proves; the model's eps-lb is one test chosen over all "
                + "attacks on half of the records, its errors counted on the other half)\n\n");
        r.verdict().forEach(v -> sb.append("* ").append(v).append('\n'));
        return sb.toString();
    }
}
