package org.mia4j.report;

import java.util.Locale;
import org.mia4j.report.AuditResults.AttackRow;
import org.mia4j.report.AuditResults.ModelRow;

/** The short plain-text summary printed at the end of an audit. */
public final class TerminalTable {
    private TerminalTable() {}

    public static String render(AuditResults r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-26s %9s %9s %9s%n", "model", "train acc", "test acc", "sparsity"));
        for (ModelRow m : r.models()) {
            sb.append(String.format(Locale.ROOT, "%-26s %9.3f %9.3f %9.3f%n", m.model(), m.trainAccuracy(),
                    m.testAccuracy(), m.sparsity()));
        }
        sb.append('\n');
        sb.append(String.format(Locale.ROOT, "%-14s %-24s %8s %7s %10s %12s %9s%n", "attack", "model", "bal.acc",
                "AUC", "TPR@1%FPR", "TPR@0.1%FPR", "advantage"));
        for (AttackRow a : r.attacks()) {
            sb.append(String.format(Locale.ROOT, "%-14s %-24s %8.3f %7.3f %10.3f %12.3f %9.3f%n", a.attack(),
                    a.model(), a.balancedAccuracy(), a.auc(), a.tprAt1PctFpr(), a.tprAt01PctFpr(), a.advantage()));
        }
        sb.append('\n');
        r.verdict().forEach(v -> sb.append("* ").append(v).append('\n'));
        return sb.toString();
    }
}
