package org.mia4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An OutOfMemoryError in a thread other than main ends the run with exit 3 and one line, not a hang or a trace. */
class OutOfMemoryThreadTest {

    /** A run whose executor thread runs out of memory while main waits for it (for ever, left alone). */
    public static void main(String[] args) throws Exception {
        Mia4jCommand.exitOnOutOfMemoryInAnyThread();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        pool.execute(() -> {
            throw new OutOfMemoryError("Java heap space");
        });
        new CountDownLatch(1).await();
    }

    @Test
    void anOutOfMemoryErrorInAnExecutorThreadExitsWith3AndOneLine() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), OutOfMemoryThreadTest.class.getName())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor();
        }
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ended).as("ended, not hung: " + err).isTrue();
        assertThat(p.exitValue()).isEqualTo(3);
        assertThat(err.lines().toList()).singleElement().asString()
                .startsWith("error: out of memory (Java heap space); give Java more memory");
    }
}
