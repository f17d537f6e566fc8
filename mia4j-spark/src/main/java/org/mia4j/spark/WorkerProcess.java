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
        this.command = command;
        this.log = log;
        this.process = pb.start();
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        if (!"ready".equals(first)) {
            kill();
            throw new IllegalStateException("the worker process did not start (" + (first == null ? "exit code "
                    + exitCode() : first) + ")" + lastLine());
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

    /** ": " and the worker's last message on its error stream, or nothing. */
    String lastLine() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith("mia4j worker: ")) {
                    return ": " + lines.get(i).substring("mia4j worker: ".length());
                }
            }
            return lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1);
        } catch (IOException e) {
            return "";
        }
    }

    private static void killIdle() {
        synchronized (IDLE) {
            IDLE.values().forEach(d -> d.forEach(WorkerProcess::kill));
            IDLE.clear();
        }
    }
}
