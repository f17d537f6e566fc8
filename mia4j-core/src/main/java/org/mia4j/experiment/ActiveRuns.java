package org.mia4j.experiment;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The mia4j runs active on this machine (of this user, whatever their runs folder): each holds an OS lock on a file
 * named after its process in a folder of the system's temp folder while it runs. A lock dies with its process, so a
 * file whose lock can be taken is stale and is removed. Used to share the cores among runs started together.
 */
public final class ActiveRuns {
    private static final Object LOCK = new Object();
    private static final java.util.Map<Path, FileChannel> OWN = new java.util.HashMap<>(); // held until exit

    private ActiveRuns() {}

    /** The registry folder. */
    static Path dir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "mia4j-active-" + System.getProperty("user.name"));
    }

    /**
     * Registers this process as an active run (once; later calls change nothing) and returns how many other
     * processes are registered. Never fails a run: without a usable temp folder it answers 0.
     */
    public static int registerAndCountOthers() {
        return registerAndCountOthers(dir());
    }

    static int registerAndCountOthers(Path dir) {
        long me = ProcessHandle.current().pid();
        synchronized (LOCK) {
            try {
                Files.createDirectories(dir);
                if (!OWN.containsKey(dir)) {
                    // locked under a temporary name, then renamed: a counter never sees the file unlocked
                    Path tmp = dir.resolve(me + ".new");
                    Path file = dir.resolve(Long.toString(me));
                    FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    if (ch.tryLock() == null) {
                        ch.close();
                    } else {
                        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                        OWN.put(dir, ch);
                        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                            try {
                                Files.deleteIfExists(file);
                            } catch (IOException ignored) {
                                // the next run removes it: its lock is gone
                            }
                        }));
                    }
                }
                return countOthers(dir, me);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }

    private static int countOthers(Path dir, long me) throws IOException {
        int others = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!name.matches("\\d+") || Long.parseLong(name) == me) {
                    continue;
                }
                if (held(f)) {
                    others++;
                } else {
                    try {
                        Files.deleteIfExists(f); // its process is gone
                    } catch (IOException ignored) {
                        // another user's file, or removed meanwhile
                    }
                }
            }
        }
        return others;
    }

    /** Whether another process holds the lock of {@code f}. */
    private static boolean held(Path f) {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) {
                return true;
            }
            l.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false; // removed meanwhile, or not ours to open
        }
    }
}
