package org.mia4j.experiment;

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
        ActiveRuns.registerAndCountOthers(Path.of(args[0]));
        System.out.println("registered");
        System.out.flush();
        System.in.read();
    }

    @Test
    void anotherLiveProcessIsCountedAndADeadOnesFileIsRemoved(@TempDir Path dir) throws Exception {
        assertThat(ActiveRuns.registerAndCountOthers(dir)).isZero();
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ActiveRunsTest.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(other.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(r.readLine()).isEqualTo("registered");
            assertThat(ActiveRuns.registerAndCountOthers(dir)).isEqualTo(1);
            assertThat(dir.resolve(Long.toString(other.pid()))).exists();
            // a process killed outright leaves its file; its lock dies with it
            other.destroyForcibly().waitFor();
        }
        assertThat(dir.resolve(Long.toString(other.pid()))).exists();
        assertThat(ActiveRuns.registerAndCountOthers(dir)).isZero();
        assertThat(dir.resolve(Long.toString(other.pid()))).doesNotExist();
        assertThat(dir.resolve(Long.toString(ProcessHandle.current().pid()))).exists();
        Files.writeString(dir.resolve("notes.txt"), "not a run");
        assertThat(ActiveRuns.registerAndCountOthers(dir)).isZero();
    }
}
