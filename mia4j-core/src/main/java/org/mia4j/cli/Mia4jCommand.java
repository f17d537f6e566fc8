package org.mia4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.mia4j.Defaults;
import org.mia4j.InvalidSetting;
import org.mia4j.MachineFaults;
import org.mia4j.Mia4jException;
import org.mia4j.Plugins;
import org.mia4j.Versions;
import org.mia4j.data.ByteSize;
import org.mia4j.data.DataFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * Top-level {@code mia4j} command. Exit codes: 0 ok, 1 run failed (a bug of mia4j), 2 bad input or usage, 3 the
 * machine (disk full, read-only file system, permission denied, out of memory).
 */
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

    /** Process-wide, like the engine's threads: every loader reads through {@link DataFiles}. */
    @CommandLine.Option(names = "--max-input-size", scope = CommandLine.ScopeType.INHERIT, paramLabel = "SIZE",
            defaultValue = Defaults.MAX_INPUT_SIZE, description = "The most data read from one input file, counted "
            + "after decompression, e.g. 200M, 4G; larger files are refused before they are read (default: "
            + Defaults.MAX_INPUT_SIZE + ").")
    void maxInputSize(String size) {
        try {
            DataFiles.setMaxInputSize(ByteSize.parse("max-input-size", size));
        } catch (InvalidSetting e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.asOption());
        }
    }

    /** Process-wide: the plug-ins' components join the built-in ones. */
    @CommandLine.Option(names = "--plugins", scope = CommandLine.ScopeType.INHERIT, paramLabel = "DIR",
            description = "A folder of plug-in jars: their attacks (and other components) join the built-in ones "
            + "(see README, \"Add your own attack\").")
    void plugins(Path dir) {
        try {
            Plugins.load(dir);
        } catch (InvalidSetting e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.asOption());
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        exitOnOutOfMemoryInAnyThread();
        int code;
        try {
            preload(args);
            code = newCommandLine().execute(args);
        } catch (OutOfMemoryError e) { // outside the command (parsing, a handler): the same one line and exit code
            System.err.println("error: " + MachineFaults.describe(e).orElseThrow());
            code = 3;
        }
        System.exit(code);
    }

    /**
     * An {@link OutOfMemoryError} that ends another thread (an executor's, a worker's) ends the run as one in the
     * main thread does: one line, exit 3. Left to Java, the thread prints a stack trace and dies, and the main
     * thread may wait for its result for ever.
     */
    static void exitOnOutOfMemoryInAnyThread() {
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            java.util.Optional<String> oom = e instanceof OutOfMemoryError ? MachineFaults.describe(e)
                    : java.util.Optional.empty();
            if (oom.isEmpty()) {
                if (before != null) {
                    before.uncaughtException(thread, e);
                } else {
                    thread.getThreadGroup().uncaughtException(thread, e);
                }
                return;
            }
            System.err.println("error: " + oom.get());
            System.err.flush();
            try {
                Thread hook = new Thread(() -> {});
                Runtime.getRuntime().addShutdownHook(hook); // throws once the JVM is shutting down
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                Runtime.getRuntime().halt(3); // exit() from a shutdown hook's thread would wait for ever
            }
            System.exit(3);
        });
    }

    /**
     * Loads the {@code --plugins} folders named in {@code args} before the command line is built, so that the
     * settings their components declare are options of it. A folder that cannot be loaded is left to the option
     * itself to report.
     */
    static void preload(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String dir = args[i].startsWith("--plugins=") ? args[i].substring("--plugins=".length())
                    : args[i].equals("--plugins") && i + 1 < args.length ? args[i + 1] : null;
            if (dir != null) {
                try {
                    Plugins.load(Path.of(dir));
                } catch (Mia4jException | java.nio.file.InvalidPathException e) {
                    // reported by the option, as any bad value
                }
            }
        }
    }

    /**
     * The configured command line: user errors ({@link Mia4jException}, bad options) exit with 2, failures of the
     * machine ({@link MachineFaults}) with 3, each with one clear line.
     */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new Mia4jCommand());
        cl.setOverwrittenOptionsAllowed(true); // the last value of a repeated option wins
        ComponentOptions.install(cl);
        SectionedHelp.install(cl);
        CommandLine.IExecutionStrategy runLast = new CommandLine.RunLast();
        cl.setExecutionStrategy(parseResult -> {
            try {
                return runLast.execute(parseResult);
            } catch (OutOfMemoryError e) { // picocli hands only Exceptions to the handler below
                throw new CommandLine.ExecutionException(cl, "out of memory", e);
            }
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("error: " + ex.getMessage().lines().findFirst().orElse("").strip() + " (see `"
                    + c.getCommandSpec().qualifiedName() + " --help`)");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof InvalidSetting s) {
                err.println("error: " + s.asOption());
                return 2;
            }
            java.util.Optional<String> machine = MachineFaults.describe(ex); // also under a Mia4jException
            if (machine.isPresent()) {
                err.println("error: " + machine.get());
                if (parseResult != null && parseResult.expandedArgs().contains("--debug")) {
                    ex.printStackTrace(err);
                }
                return 3;
            }
            if (ex instanceof Mia4jException) {
                err.println("error: " + oneLine(ex.getMessage()));
                return 2;
            }
            machine = MachineFaults.fileSystem(ex); // not a bug of mia4j either
            if (machine.isPresent()) {
                err.println("error: " + machine.get());
                if (parseResult != null && parseResult.expandedArgs().contains("--debug")) {
                    ex.printStackTrace(err);
                }
                return 3;
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

    /** A message on one line: parsers' messages may span several (a quoted source, a caret). */
    static String oneLine(String message) {
        return message == null ? "" : message.lines().map(String::strip).filter(l -> !l.isEmpty())
                .reduce((a, b) -> a + " " + b).orElse("");
    }

    /** Version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"mia4j " + Versions.mia4j() + " (DJL " + Versions.DJL
                + ", PyTorch " + Versions.PYTORCH + ")"};
        }
    }
}
