package org.mia4j.cli;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.mia4j.Progress;

/**
 * Progress for logs (output not on a terminal): one line when a phase starts and one when it ends, with its
 * duration, instead of a bar redrawn every 200 ms.
 */
final class LineProgress implements Progress {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private final PrintStream out;

    LineProgress(PrintStream out) {
        this.out = out;
    }

    /** Bars on a terminal, lines otherwise, nothing when asked. */
    static Progress choose(boolean none) {
        if (none) {
            return Progress.SILENT;
        }
        return System.console() != null ? new ConsoleProgress(System.err) : new LineProgress(System.err);
    }

    @Override
    public void note(String text) {
        out.printf(Locale.ROOT, "%s %s%n", LocalTime.now().format(CLOCK), text);
    }

    @Override
    public Task start(String phase, long total) {
        long t0 = System.nanoTime();
        out.printf(Locale.ROOT, "%s %s (%d steps)%n", LocalTime.now().format(CLOCK), phase, total);
        return new Task() {
            private long done;
            private long lastLine = System.nanoTime();

            /** Counted; shown on a line of its own when nothing was printed for 10 s (a long phase). */
            @Override
            public void step(long n) {
                done += n;
                long now = System.nanoTime();
                if (now - lastLine >= 10_000_000_000L && done < total) {
                    out.printf(Locale.ROOT, "%s   %s: %d/%d done%n", LocalTime.now().format(CLOCK), phase, done, total);
                    lastLine = now;
                }
            }

            /** A step's message (the attack now running) on a line of its own, at most one every 2 s. */
            @Override
            public void message(String text) {
                long now = System.nanoTime();
                if (now - lastLine >= 2_000_000_000L) {
                    out.printf(Locale.ROOT, "%s   %s%n", LocalTime.now().format(CLOCK), text);
                    lastLine = now;
                }
            }

            @Override
            public void close() {
                out.printf(Locale.ROOT, "%s %s: done, %d/%d steps in %.1f s%n", LocalTime.now().format(CLOCK), phase,
                        done, total, (System.nanoTime() - t0) / 1e9);
            }
        };
    }
}
