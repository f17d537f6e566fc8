package org.mia4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class VersionsTest {

    @Test
    void resultsNameTheCommitTheBuildCameFromWhenBuiltInACheckout() {
        String commit = Versions.commit();
        if (Files.isDirectory(Path.of(System.getProperty("user.dir"), ".git"))) {
            assertThat(commit).matches("[0-9a-f]{40}(-dirty)?");
        } else {
            assertThat(commit).isEqualTo("unknown");
        }
        assertThat(Versions.all()).containsEntry("commit", commit).containsKeys("mia4j", "djl", "pytorch", "java");
    }
}
