package org.mia4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mia4j.Mia4jException;

class DatasetCatalogTest {

    @Test
    void unknownNameListsTheKnownOnes() {
        DatasetCatalog c = new DatasetCatalog(Optional.empty());
        assertThatThrownBy(() -> c.load("purchase100", Optional.empty(), Optional.empty()))
                .isInstanceOf(Mia4jException.class).hasMessageContaining("unknown data set 'purchase100'")
                .hasMessageContaining("location").hasMessageContaining("csv");
    }

    @Test
    void locationFallsBackToTheEmbeddedCopy() {
        Dataset d = new DatasetCatalog(Optional.empty()).load("location", Optional.empty(), Optional.empty());
        assertThat(d.size()).isEqualTo(5010);
    }

    @Test
    void envFolderIsSearchedPerDataSetAndMissingFilesAreReported(@TempDir Path env) throws Exception {
        DatasetCatalog c = new DatasetCatalog(Optional.of(env));
        assertThat(c.searchDirs("cifar10", Optional.empty())).containsExactly(env.resolve("cifar10"));
        assertThatThrownBy(() -> c.load("cifar10", Optional.empty(), Optional.empty()))
                .isInstanceOf(Mia4jException.class).hasMessageContaining("not found")
                .hasMessageContaining(env.resolve("cifar10").toString());
        Path dir = Files.createDirectories(env.resolve("cifar100"));
        Files.write(dir.resolve("train.bin"), CifarBinaryLoaderTest.records(2, 2, 1));
        Files.write(dir.resolve("test.bin"), CifarBinaryLoaderTest.records(2, 2, 1));
        assertThat(c.locate("cifar100", Optional.empty())).contains(dir);
        assertThat(c.load("cifar100", Optional.empty(), Optional.empty()).size()).isEqualTo(4);
    }

    @Test
    void csvNeedsAFile(@TempDir Path dir) throws Exception {
        DatasetCatalog c = new DatasetCatalog(Optional.empty());
        assertThatThrownBy(() -> c.load("csv", Optional.empty(), Optional.of("y")))
                .isInstanceOf(Mia4jException.class).hasMessageContaining("--data-dir");
        Files.writeString(dir.resolve("a.csv"), "x,y\n1,0\n2,1\n");
        assertThat(c.load("csv", Optional.of(dir), Optional.of("y")).size()).isEqualTo(2);
    }

    @Test
    void sharedAdultIsCheckedAndEncoded() {
        Path dir = SharedData.dir().resolve("adult");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(dir), "shared Adult not present");
        Dataset d = new DatasetCatalog(Optional.empty()).load("adult", Optional.of(dir), Optional.empty());
        assertThat(d.size()).isEqualTo(32_561 + 16_281);
        int rich = 0;
        for (int i = 0; i < d.size(); i++) {
            rich += d.label(i);
        }
        assertThat(rich).isEqualTo(7_841 + 3_846); // shared/data/README.md
        assertThat(d.checksums()).containsKeys("adult.data.gz", "adult.test.gz");
    }

    @Test
    void builtInLocationsFollowTheInstallFolderNotTheWorkingDirectory(@org.junit.jupiter.api.io.TempDir Path other) {
        String before = System.getProperty("mia4j.home");
        try {
            System.setProperty("mia4j.home", Path.of("").toAbsolutePath().toString());
            Path mnist = new DatasetCatalog(Optional.empty()).entry("mnist").defaultDirs().get(0);
            assertThat(mnist).isAbsolute().isEqualTo(Path.of("").toAbsolutePath().resolve("../shared/data/mnist")
                    .normalize());
            System.setProperty("mia4j.home", other.toString());
            assertThat(new DatasetCatalog(Optional.empty()).entry("adult").defaultDirs().get(0))
                    .isEqualTo(other.resolve("../shared/data/adult").normalize());
        } finally {
            if (before == null) {
                System.clearProperty("mia4j.home");
            } else {
                System.setProperty("mia4j.home", before);
            }
        }
    }
}
