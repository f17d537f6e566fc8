package org.mia4j.cli;

import java.util.List;
import org.mia4j.Setting;
import org.mia4j.plan.AuditPlan;

/** A command that runs an audit plan from option sections; `--help` shows its defaults from its own preset. */
interface PlannedCommand extends ComponentOptions.Takes {

    /** Its option sections, in the order `--help` lists them. */
    List<PlanSection> sections();

    /** Its preset on top of the options given (e.g. the pruning sweep's pruners and sparsities). */
    AuditPlan.Builder preset(AuditPlan.Builder plan);

    /** The components' settings its sections show, each once. */
    @Override
    default List<Setting<?>> componentSettings() {
        return sections().stream().flatMap(s -> s.settings().stream()).distinct().toList();
    }
}
