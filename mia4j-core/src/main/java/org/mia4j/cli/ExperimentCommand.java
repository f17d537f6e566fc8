package org.mia4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mia4j experiment}: the papers' experiments. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Run one of the papers' experiments.",
        subcommands = {PruningExperimentCommand.class, CriticalWeightsCommand.class, DefenseExperimentCommand.class,
            DpAuditCommand.class, ReleaseExperimentCommand.class})
public final class ExperimentCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
