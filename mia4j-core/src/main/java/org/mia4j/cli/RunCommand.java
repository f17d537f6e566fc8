package org.mia4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/** {@code mia4j run FILE.yaml [options]}: any command from a run file, options given here on top. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a command from a YAML run file whose keys are the command's option names.",
            "For example:", "  command: experiment pruning", "  dataset: location", "  sparsities: [0.3, 0.5, 0.7]",
            "  quick: true",
            "Options given after the file override the file's. Every run writes its own run.yaml, so "
                + "`mia4j run runs/X/run.yaml --name Y` repeats run X."})
public final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "The run file (YAML).")
    Path file;

    @Unmatched
    List<String> extra = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<String> args = RunFile.toArgs(file, extra);
        CommandLine cl = Mia4jCommand.newCommandLine();
        cl.setOut(spec.commandLine().getOut());
        cl.setErr(spec.commandLine().getErr());
        CommandLine.IParameterExceptionHandler plain = cl.getParameterExceptionHandler();
        cl.setParameterExceptionHandler((ex, a) -> {
            boolean fromFile = ex.getArgSpec() instanceof CommandLine.Model.OptionSpec o && extra.stream()
                    .noneMatch(x -> x.equals(o.longestName()) || x.startsWith(o.longestName() + "="));
            if (!fromFile) {
                return plain.handleParseException(ex, a);
            }
            ex.getCommandLine().getErr().println("error: " + file + " key '" + ((CommandLine.Model.OptionSpec)
                    ex.getArgSpec()).longestName().substring(2) + "': " + ex.getMessage().lines().findFirst()
                    .orElse("").strip() + " (see `" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help`)");
            return 2;
        });
        return cl.execute(args.toArray(String[]::new));
    }
}
