package org.mia4j.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * The option sections every audit-running command shares (picocli reads mixins from superclasses too); a command
 * adds its own (critical weights) and its preset.
 */
abstract class SectionedCommand implements Callable<Integer>, PlannedCommand {

    @Mixin
    DataSection data;

    @Mixin
    ModelSection training;

    @Mixin
    PruningSection pruning;

    @Mixin
    DefenseSection defenses;

    @Mixin
    AttackSection attacks;

    @Mixin
    RunSection run;

    /** The shared sections in `--help` order, with {@code extra} (critical weights) after pruning. */
    List<PlanSection> sections(PlanSection... extra) {
        List<PlanSection> out = new java.util.ArrayList<>(List.of(data, training, pruning));
        out.addAll(List.of(extra));
        out.addAll(List.of(defenses, attacks, run));
        return List.copyOf(out);
    }

    @Override
    public List<PlanSection> sections() {
        return sections(new PlanSection[0]);
    }
}
