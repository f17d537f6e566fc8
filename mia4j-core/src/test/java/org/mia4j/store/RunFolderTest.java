package org.mia4j.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mia4j.Mia4jException;

class RunFolderTest {
    @TempDir
    Path runs;

    @Test
    void aFolderThisRunCreatedIsDiscardedOnBadInputAnInterruptedOneIsKept() throws Exception {
        RunFolder fresh = RunFolder.of(runs, "a");
        assertThat(runs.resolve(".a.partial")).doesNotExist(); // nothing before begin
        fresh.begin(Map.of("k", 1));
        Files.createDirectories(fresh.models().resolve("target"));
        fresh.discardIfNew();
        fresh.unlock();
        assertThat(runs.resolve(".a.partial")).doesNotExist();

        RunFolder first = RunFolder.of(runs, "b");
        first.begin(Map.of("k", 1));
        first.unlock(); // the first run was interrupted
        RunFolder resumed = RunFolder.of(runs, "b");
        resumed.begin(Map.of("k", 1));
        resumed.discardIfNew();
        resumed.unlock();
        assertThat(runs.resolve(".b.partial/config.json")).isRegularFile();
        assertThatThrownBy(() -> RunFolder.of(runs, "b").begin(Map.of("k", 2))).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("different config");
        assertThat(RunFolder.of(runs, "b").commit()).isEqualTo(runs.resolve("b"));
        assertThatThrownBy(() -> RunFolder.of(runs, "b")).hasMessageContaining("already exists");
        assertThatThrownBy(() -> RunFolder.of(runs, "../x")).hasMessageContaining("letters, digits");
        assertThatThrownBy(() -> RunFolder.of(runs, "n".repeat(300))).hasMessageContaining("at most 120");
        Path file = Files.writeString(runs.resolve("plain-file"), "x");
        assertThatThrownBy(() -> RunFolder.of(file, "c")).hasMessageContaining("is a file");
    }

    @Test
    void aSecondRunOfTheSameNameIsRefusedAndAutoNamesNeverCollide() {
        RunFolder first = RunFolder.of(runs, "same");
        first.begin(Map.of("k", 1));
        assertThatThrownBy(() -> RunFolder.of(runs, "same").begin(Map.of("k", 1))).isInstanceOf(
                Mia4jException.class).hasMessageContaining("already running in process "
                        + ProcessHandle.current().pid());
        RunFolder a = RunFolder.named(runs, "auto-20261126-010000");
        RunFolder b = RunFolder.named(runs, "auto-20261126-010000");
        a.begin(Map.of());
        b.begin(Map.of());
        assertThat(a.name()).isEqualTo("auto-20261126-010000");
        assertThat(b.name()).isEqualTo("auto-20261126-010000-2");
        a.unlock();
        b.unlock();
        first.unlock();
        assertThat(runs.resolve(".same.lock")).doesNotExist();
        RunFolder again = RunFolder.of(runs, "same");
        again.begin(Map.of("k", 1)); // the lock was released: the interrupted run resumes
        again.unlock();
    }
}
