package org.mia4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.mia4j.Progress;

class LineProgressTest {

    /** A phase busy inside one step (an attack training its network) still says how far it is when quiet. */
    @Test
    void aQuietPhaseSaysHowFarItIsWithoutAStep() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        LineProgress p = new LineProgress(out, 100);
        try (Progress.Task t = p.start("attacks", 5)) {
            t.step(2);
            t.part("nn on original").message("epoch 3/20 dev acc 0.612");
            Thread.sleep(2_300); // past the 2 s between messages and the 100 ms of quiet: heartbeats, no step
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines[0]).matches("\\d\\d:\\d\\d:\\d\\d attacks \\(5 steps\\)");
        assertThat(lines).filteredOn(l -> l.endsWith("   attacks: 2/5 done (nn on original: epoch 3/20 dev acc 0.612)"))
                .hasSizeBetween(2, 30);
        assertThat(lines[lines.length - 1]).contains("attacks: done, 2/5 steps in ");
        int closedAt = bytes.size();
        Thread.sleep(300);
        assertThat(bytes.size()).as("no heartbeat once closed").isEqualTo(closedAt);
    }
}
