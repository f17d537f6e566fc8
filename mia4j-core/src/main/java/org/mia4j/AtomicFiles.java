package org.mia4j;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes files all-or-nothing: to a temp file in the same folder, then an atomic rename over the target. */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** The body that writes the content. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    public static void write(Path file, Writer body) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
            readableLikeFolder(tmp, dir);
            try (OutputStream out = Files.newOutputStream(tmp)) {
                body.write(out);
            }
            move(tmp, file);
        } catch (IOException e) {
            throw new FileFault("writing", file, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp); // also after a failure: no temp file is left behind
                } catch (IOException ignored) {
                    // the failure being reported says why
                }
            }
        }
    }

    /**
     * Temp files are created owner-only (0600); results should be as readable as the folder they are in (its
     * permissions without the execute bits), as any other file written there would be.
     */
    private static void readableLikeFolder(Path file, Path dir) throws IOException {
        try {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> p = new java.util.HashSet<>(
                    Files.getPosixFilePermissions(dir));
            p.removeAll(java.util.List.of(java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE,
                    java.nio.file.attribute.PosixFilePermission.GROUP_EXECUTE,
                    java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE));
            Files.setPosixFilePermissions(file, p);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its defaults apply
        }
    }

    public static void writeString(Path file, String text) {
        write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Renames atomically where the file system allows (same folder always does on POSIX). */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
