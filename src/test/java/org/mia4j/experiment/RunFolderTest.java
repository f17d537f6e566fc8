package org.mia4j.experiment;

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
        assertThat(runs.resolve(".a.partial")).doesNotExist();

        RunFolder first = RunFolder.of(runs, "b");
        first.begin(Map.of("k", 1));
        RunFolder resumed = RunFolder.of(runs, "b");
        resumed.begin(Map.of("k", 1));
        resumed.discardIfNew();
        assertThat(runs.resolve(".b.partial/config.json")).isRegularFile();
        assertThatThrownBy(() -> RunFolder.of(runs, "b").begin(Map.of("k", 2))).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("different config");
        assertThat(RunFolder.of(runs, "b").commit()).isEqualTo(runs.resolve("b"));
        assertThatThrownBy(() -> RunFolder.of(runs, "b")).hasMessageContaining("already exists");
        assertThatThrownBy(() -> RunFolder.of(runs, "../x")).hasMessageContaining("letters, digits");
    }
}
