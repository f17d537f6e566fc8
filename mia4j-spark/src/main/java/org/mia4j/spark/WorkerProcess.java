package org.mia4j.spark;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mia4j.NativeHeap;

/**
 * A {@link ModelWorker} process and the pipes to it, and the pool of idle ones an executor keeps between tasks (as
 * PySpark keeps its Python workers): a process trains one job at a time, so libtorch's generator is never shared,
 * but its start (JVM, libtorch, a warm JIT) is paid once per process instead of once per model.
 */
final class WorkerProcess {
    private static final Map<List<String>, Deque<WorkerProcess>> IDLE = new HashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(WorkerProcess::killIdle, "mia4j-workers"));
    }

    private final Process process;
    private final BufferedReader out;
    private final BufferedWriter in;
    private final Path log;
    private final List<String> command;
    /** How long it took to start, in ms; 0 once a task has been told. */
    private long startMillis;

    private WorkerProcess(List<String> command, Path log) throws IOException {
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("OPT_OUT_TRACKING", "true"); // DJL must never phone home
        NativeHeap.environment(pb.environment()); // few malloc arenas, as the launcher sets
        this.command = command;
        this.log = log;
        this.process = pb.start();
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        if (!"ready".equals(first)) {
            String why = "the worker process did not start (" + (first == null ? exitText(exitCode()) : first) + ")"
                    + lastLine(); // before kill(), which removes the log
            kill();
            throw new IllegalStateException(why);
        }
        this.startMillis = (System.nanoTime() - t0) / 1_000_000;
    }

    /** An idle worker started with {@code command}, or a new one; {@code reuse} false: always a new one. */
    static WorkerProcess borrow(List<String> command, boolean reuse) throws IOException {
        if (reuse) {
            synchronized (IDLE) {
                Deque<WorkerProcess> idle = IDLE.get(command);
                while (idle != null && !idle.isEmpty()) {
                    WorkerProcess w = idle.pop();
                    if (w.process.isAlive()) {
                        return w;
                    }
                }
            }
        }
        // in the system's temp folder: a kept worker outlives the application whose folder Spark removes
        return new WorkerProcess(command, Files.createTempFile("mia4j-worker-", ".log"));
    }

    /** Puts a worker that finished its job cleanly back for the next task (or ends it). */
    void giveBack(boolean reuse) {
        if (!reuse || !process.isAlive()) {
            kill();
            return;
        }
        synchronized (IDLE) {
            IDLE.computeIfAbsent(command, k -> new ArrayDeque<>()).push(this);
        }
    }

    /** The start-up time of a new worker, once (0 for a reused one, or when asked again). */
    long takeStartMillis() {
        long s = startMillis;
        startMillis = 0;
        return s;
    }

    void send(Path jobFile) throws IOException {
        in.write(jobFile.toString());
        in.newLine();
        in.flush();
    }

    /** The worker's next line, null when it died. */
    String readLine() throws IOException {
        return out.readLine();
    }

    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a log left in the temp dir
        }
    }

    int exitCode() {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** ": " and why the worker failed, from its error stream, or nothing. */
    String lastLine() {
        try {
            return cause(Files.readAllLines(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return "";
        }
    }

    /** "exit code 137, killed (signal 9: the system's out-of-memory killer, or kill -9)". */
    static String exitText(int code) {
        return "exit code " + code + (code == 137 ? ", killed (signal 9: the system's out-of-memory killer, or kill "
                + "-9)" : code > 128 && code < 160 ? ", ended by signal " + (code - 128) : "");
    }

    private static final java.util.regex.Pattern THROWN = java.util.regex.Pattern.compile(
            "(?:Exception in thread \"[^\"]*\" )?([\\w$.]+(?:Exception|Error))(?:: .*)?");

    /**
     * ": " and the cause in a worker's error stream: its own last "mia4j worker:" message, else the root cause of
     * the last exception it printed ("Caused by:"), else the exception, else its last line that is not a warning
     * (libraries warn on stderr, e.g. of a missing CUDA driver, and such a line says nothing of why it ended).
     */
    static String cause(List<String> lines) {
        String thrown = null;
        String other = null;
        for (int i = lines.size() - 1; i >= 0; i--) {
            String l = lines.get(i).strip();
            if (l.startsWith("mia4j worker: ")) {
                return ": " + l.substring("mia4j worker: ".length());
            }
            if (thrown == null && l.startsWith("Caused by: ")) {
                thrown = l.substring("Caused by: ".length());
            }
            if (thrown == null && THROWN.matcher(l).matches()) {
                thrown = l;
            }
            if (other == null && !l.isEmpty() && !l.startsWith("at ") && !l.startsWith("...")
                    && !l.startsWith("[W") && !l.toLowerCase(java.util.Locale.ROOT).contains("warn")) {
                other = l;
            }
        }
        return thrown != null ? ": " + thrown : other != null ? ": " + other : "";
    }

    private static void killIdle() {
        synchronized (IDLE) {
            IDLE.values().forEach(d -> d.forEach(WorkerProcess::kill));
            IDLE.clear();
        }
    }
}
