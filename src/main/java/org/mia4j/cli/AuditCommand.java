package org.mia4j.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mia4j.experiment.Audit;
import org.mia4j.report.TerminalTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mia4j audit}: train, prune, attack, measure and report on one data set. */
@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a target and shadow models, prune them and fine-tune with the mask held, attack the "
            + "original and the pruned target with every attack, and write runs/NAME/ (results.json, report.html, "
            + "config, splits, checkpoints with theta0, per-record scores).",
            "With no options: the embedded Location data set, 5 shadows, L1 unstructured pruning at sparsity 0.7."})
public final class AuditCommand implements Callable<Integer> {

    @Mixin
    AuditOptions options;

    @Override
    public Integer call() {
        Audit.Outcome out = options.run("audit", List.of("l1-unstructured"), List.of(0.7));
        System.out.println();
        System.out.print(TerminalTable.render(out.results()));
        System.out.printf(Locale.ROOT, "%nwrote %s (results.json, report.html) in %.1f s%n", out.runDir(),
                out.results().wallSeconds());
        return 0;
    }
}
