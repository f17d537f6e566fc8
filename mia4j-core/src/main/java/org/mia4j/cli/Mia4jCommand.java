package org.mia4j.cli;

import java.io.PrintWriter;
import org.mia4j.InvalidSetting;
import org.mia4j.Mia4jException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Top-level {@code mia4j} command. Exit codes: 0 ok, 1 run failed, 2 bad input or usage. */
@Command(name = "mia4j", mixinStandardHelpOptions = true, versionProvider = Mia4jCommand.Version.class,
        description = "Measure and reduce membership inference leakage of (pruned) neural networks.",
        subcommands = {AuditCommand.class, AuditScoresCommand.class, ExperimentCommand.class, RunCommand.class,
            RunsCommand.class, CompareCommand.class, ReportCommand.class,
            CacheCommand.class, DatasetsCommand.class,
            CommandLine.HelpCommand.class})
public final class Mia4jCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "On an unexpected failure, print the stack trace.")
    boolean debug;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line: user errors ({@link Mia4jException}) exit with 2 and one clear message. */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new Mia4jCommand());
        cl.setOverwrittenOptionsAllowed(true); // the last value of a repeated option wins
        SectionedHelp.install(cl);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof InvalidSetting s) {
                err.println("error: " + s.asOption());
                return 2;
            }
            if (ex instanceof Mia4jException) {
                err.println("error: " + ex.getMessage());
                return 2;
            }
            err.println("error: " + ex);
            if (parseResult.expandedArgs().contains("--debug")) {
                ex.printStackTrace(err);
            } else {
                err.println("(this is a bug in mia4j, not in your input; run again with --debug for the details)");
            }
            return 1;
        });
        return cl;
    }

    /** Version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"mia4j " + org.mia4j.Versions.mia4j() + " (DJL " + org.mia4j.Versions.DJL
                + ", PyTorch " + org.mia4j.Versions.PYTORCH + ")"};
        }
    }
}
