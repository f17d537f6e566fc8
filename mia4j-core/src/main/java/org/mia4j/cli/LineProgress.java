package org.mia4j.cli;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.mia4j.Progress;

/**
 * Progress for logs (output not on a terminal): one line when a phase starts and one when it ends, with its
 * duration, instead of a bar redrawn every 200 ms; in between a status line at most every 2 s, and a phase that
 * printed nothing for 10 s says how far it is, whether or not it counted a step meanwhile.
 */
final class LineProgress implements Progress {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    static final long QUIET_MILLIS = 10_000;
    private static final long MESSAGE_MILLIS = 2_000;
    private final PrintStream out;
    private final long quietMillis;

    LineProgress(PrintStream out) {
        this(out, QUIET_MILLIS);
    }

    /** {@code quietMillis}: the silence after which a running phase says how far it is. */
    LineProgress(PrintStream out, long quietMillis) {
        this.out = out;
        this.quietMillis = quietMillis;
    }

    /** Bars on a terminal, lines otherwise, nothing when asked. */
    static Progress choose(boolean none) {
        if (none) {
            return Progress.SILENT;
        }
        return System.console() != null ? new ConsoleProgress(System.err) : new LineProgress(System.err);
    }

    /** One daemon thread wakes the open phases' heartbeats (made on first use). */
    private static final class Ticks {
        static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mia4j-progress");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void note(String text) {
        out.printf(Locale.ROOT, "%s %s%n", LocalTime.now().format(CLOCK), text);
    }

    @Override
    public Task start(String phase, long total) {
        out.printf(Locale.ROOT, "%s %s (%d steps)%n", LocalTime.now().format(CLOCK), phase, total);
        LineTask t = new LineTask(phase, total);
        long every = Math.max(1, Math.min(1000, quietMillis / 4));
        t.beat = Ticks.TIMER.scheduleWithFixedDelay(t::beat, every, every, TimeUnit.MILLISECONDS);
        return t;
    }

    private final class LineTask implements Task {
        private final String phase;
        private final long total;
        private final long t0 = System.nanoTime();
        private long lastLine = t0;
        private long done;
        private String lastMessage;
        private boolean closed;
        private volatile ScheduledFuture<?> beat;

        LineTask(String phase, long total) {
            this.phase = phase;
            this.total = total;
        }

        /** Counted; shown by the heartbeat. */
        @Override
        public synchronized void step(long n) {
            done += n;
        }

        /** A step's message (the attack now running, its epoch) on a line of its own, at most one every 2 s. */
        @Override
        public synchronized void message(String text) {
            lastMessage = text;
            long now = System.nanoTime();
            if (now - lastLine >= MESSAGE_MILLIS * 1_000_000) {
                out.printf(Locale.ROOT, "%s   %s%n", LocalTime.now().format(CLOCK), text);
                lastLine = now;
            }
        }

        /** After {@code quietMillis} without a line: how far the phase is, and what it last said it was doing. */
        synchronized void beat() {
            long now = System.nanoTime();
            if (!closed && now - lastLine >= quietMillis * 1_000_000) {
                out.printf(Locale.ROOT, "%s   %s: %d/%d done%s%n", LocalTime.now().format(CLOCK), phase, done, total,
                        lastMessage == null ? "" : " (" + lastMessage + ")");
                lastLine = now;
            }
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (beat != null) {
                beat.cancel(false);
            }
            out.printf(Locale.ROOT, "%s %s: done, %d/%d steps in %.1f s%n", LocalTime.now().format(CLOCK), phase,
                    done, total, (System.nanoTime() - t0) / 1e9);
        }
    }
}
