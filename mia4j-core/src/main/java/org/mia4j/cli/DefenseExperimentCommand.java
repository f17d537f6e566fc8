package org.mia4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.mia4j.AtomicFiles;
import org.mia4j.Mia4jException;
import org.mia4j.json.Json;
import org.mia4j.plan.AuditPlan;
import org.mia4j.report.AuditResults;
import org.mia4j.report.DefenseComparison;
import picocli.CommandLine.Command;

/**
 * {@code mia4j experiment defense}: Yuan &amp; Zhang's defense comparison, widened. Prunes the target, trains a
 * defended twin per defense and strength, and audits every model twice, by the standard and by the adaptive
 * adversary, into one table and a privacy-utility chart.
 */
@Command(name = "defense", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        description = {"Sweep defenses and their strengths on a pruned model: each defended model is audited by the "
            + "standard adversary (it does not know the defense) and by the adaptive one (it applies the defense to "
            + "its own models). Writes RUN/standard/, RUN/adaptive/ (full audits) and RUN/defenses.html, "
            + "RUN/defenses.json (the table and the privacy-utility charts). --adaptive-defense is ignored: both run.",
            "Example: mia4j experiment defense --defenses ppb@1,ppb@16,adv-reg@1,dp-sgd@eps=4,relaxloss"})
public final class DefenseExperimentCommand extends SectionedCommand {

    @Override
    public AuditPlan.Builder preset(AuditPlan.Builder plan) {
        return plan.defenseSweep();
    }

    @Override
    public Integer call() {
        Path parent = run.parent("defense", preset(run.plan(sections())));
        AuditResults standard = audit(parent, "standard", false);
        AuditResults adaptive = audit(parent, "adaptive", true);
        DefenseComparison table = DefenseComparison.of(standard, adaptive);
        Json.write(parent.resolve("defenses.json"), table);
        AtomicFiles.writeString(parent.resolve("defenses.html"), table.html());
        System.out.println();
        System.out.print(table.text());
        System.out.printf(Locale.ROOT, "%nwrote %s (defenses.html, defenses.json, standard/, adaptive/)%n", parent);
        return 0;
    }

    /** One of the two audits; one that finished before (an interrupted sweep rerun) is read back, not redone. */
    private AuditResults audit(Path parent, String adversary, boolean adaptive) {
        Path results = parent.resolve(adversary).resolve("results.json");
        if (Files.exists(results)) {
            try {
                return Json.MAPPER.readValue(results.toFile(), AuditResults.class);
            } catch (java.io.IOException e) {
                throw new Mia4jException("cannot read " + results + ": " + Json.why(e), e);
            }
        }
        return run.runIn(parent, adversary, preset(run.plan(sections())).optAdaptiveDefense(adaptive)).results();
    }
}
