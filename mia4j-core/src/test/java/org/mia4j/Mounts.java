package org.mia4j;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * File systems that misbehave, for tests of machine faults: a small tmpfs (a full disk) and a read-only bind mount
 * (root ignores permission bits, so a chmod would not do). Both need permission to mount (CI runs as root); without
 * it the test is skipped, with an assumption saying why.
 */
public final class Mounts implements AutoCloseable {
    private final List<Path> mounted = new ArrayList<>();

    /** A tmpfs of {@code size} (e.g. {@code 3m}) on {@code dir}, created if missing. */
    public Path tmpfs(Path dir, String size) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        mount("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
        mounted.add(0, dir);
        return dir;
    }

    /** {@code dir} (created if missing) made read-only where it is: a bind mount onto itself, remounted ro. */
    public Path readOnly(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        mount("mount", "--bind", dir.toString(), dir.toString());
        mounted.add(0, dir);
        mount("mount", "-o", "remount,bind,ro", dir.toString());
        return dir;
    }

    private static void mount(String... command) throws IOException, InterruptedException {
        Process p = null;
        String why = null;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            why = "no mount command: " + e.getMessage();
        }
        assumeTrue(p != null, why);
        String out = new String(p.getInputStream().readAllBytes());
        assumeTrue(p.waitFor() == 0, "mounting is not permitted here (" + out.strip() + ")");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (Path d : mounted) {
            new ProcessBuilder("umount", "-l", d.toString()).inheritIO().start().waitFor();
        }
        mounted.clear();
    }
}
