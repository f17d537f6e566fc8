package org.mia4j.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActiveRunsTest {

    /** A second process that registers in the folder given and stays until its input closes. */
    public static void main(String[] args) throws Exception {
        int others = ActiveRuns.registerAndCountOthers(Path.of(args[0]), 0, ms -> {});
        System.out.println("registered, others " + others);
        System.out.flush();
        System.in.read();
    }

    private static int count(Path dir) {
        return ActiveRuns.registerAndCountOthers(dir, 0, ms -> {});
    }

    private static Process other(Path dir) throws java.io.IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ActiveRunsTest.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /**
     * Two runs started together: this one registers first, the other registers while this one waits for the
     * registry to settle. Both count each other (counting at once, the first counted none and kept every core).
     */
    @Test
    void runsStartedTogetherCountEachOther(@TempDir Path dir) throws Exception {
        Process[] other = new Process[1];
        String[] itSaw = new String[1];
        java.util.List<Long> waited = new java.util.ArrayList<>();
        int others = ActiveRuns.registerAndCountOthers(dir, 60_000, ms -> {
            waited.add(ms);
            try {
                other[0] = other(dir); // starts while this run settles, as a second `mia4j audit &` would
                itSaw[0] = new BufferedReader(new InputStreamReader(other[0].getInputStream(),
                        StandardCharsets.UTF_8)).readLine();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            assertThat(waited).hasSize(1);
            assertThat(waited.get(0)).isBetween(50_000L, 60_000L); // the rest of the settling time
            assertThat(itSaw[0]).isEqualTo("registered, others 1");
            assertThat(others).isEqualTo(1);
            // asked again, the process does not wait a second time
            assertThat(ActiveRuns.registerAndCountOthers(dir, 60_000, ms -> waited.add(ms))).isEqualTo(1);
            assertThat(waited).hasSize(1);
        } finally {
            if (other[0] != null) {
                other[0].destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void anotherLiveProcessIsCountedAndADeadOnesFileIsRemoved(@TempDir Path dir) throws Exception {
        assertThat(count(dir)).isZero();
        Process other = other(dir);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(other.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(r.readLine()).isEqualTo("registered, others 1");
            assertThat(count(dir)).isEqualTo(1);
            assertThat(dir.resolve(Long.toString(other.pid()))).exists();
            // a process killed outright leaves its file; its lock dies with it
            other.destroyForcibly().waitFor();
        }
        assertThat(dir.resolve(Long.toString(other.pid()))).exists();
        assertThat(count(dir)).isZero();
        assertThat(dir.resolve(Long.toString(other.pid()))).doesNotExist();
        assertThat(dir.resolve(Long.toString(ProcessHandle.current().pid()))).exists();
        Files.writeString(dir.resolve("notes.txt"), "not a run");
        assertThat(count(dir)).isZero();
    }
}
