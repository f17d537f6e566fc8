package org.mia4j.run;

import java.util.List;
import java.util.Optional;
import org.mia4j.Progress;
import org.mia4j.attack.Attack;
import org.mia4j.plan.AuditConfig;
import org.mia4j.report.AuditResults;
import org.mia4j.store.RunFolder;

/**
 * Work that reads an audit's outputs and attacks once they exist and adds to its run (the release planner): it
 * regroups what the audit measured without training anything, writes its own files in the run folder and adds a
 * section to the report.
 */
public interface AuditAddendum {

    /** What the audit hands over: its inputs, its attacks' outcome, the attacks it ran and its results. */
    record Audit(AuditInputs inputs, AttackStage.Outcome attacked, List<Attack> attacks, AuditResults results,
            AuditConfig config) {}

    /** What was added: the report with its section in. */
    interface Added {
        String report(String html);
    }

    /** Runs on {@code audit}; writes its files in {@code folder} (none when the audit runs in memory). */
    Added run(Audit audit, Optional<RunFolder> folder, Progress progress);
}
