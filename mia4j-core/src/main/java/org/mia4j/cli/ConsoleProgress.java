package org.mia4j.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.mia4j.Progress;

/** Renders each long phase as a progress bar on stderr (me.tongfei:progressbar). */
final class ConsoleProgress implements Progress {
    private final PrintStream out;

    ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void note(String text) {
        out.println(text);
    }

    @Override
    public Task start(String phase, long total) {
        ProgressBar bar = new ProgressBarBuilder().setTaskName(String.format("%-28s", phase)).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(
                        out)).setUpdateIntervalMillis(200).continuousUpdate().build();
        return new Task() {
            @Override
            public void step(long n) {
                bar.stepBy(n);
            }

            @Override
            public void message(String text) {
                bar.setExtraMessage(" " + text);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}
