package org.mia4j.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.mia4j.Defaults;

/**
 * The mia4j runs active on this machine (of this user, whatever their runs folder): each holds an OS lock on a file
 * named after its process in a folder of the system's temp folder while it runs. A lock dies with its process, so a
 * file whose lock can be taken is stale and is removed. Used to share the cores among runs started together.
 */
public final class ActiveRuns {
    private static final Object LOCK = new Object();
    private static final Map<Path, FileChannel> OWN = new HashMap<>(); // held until exit
    private static final Map<Path, Long> REGISTERED_AT = new HashMap<>(); // System.nanoTime() of registering
    private static final java.util.Set<Path> SETTLED = new java.util.HashSet<>(); // waited for once: not again

    /** How a run waits for the registry to settle (a seam for tests: they start the other process meanwhile). */
    @FunctionalInterface
    interface Wait {
        void millis(long ms) throws InterruptedException;
    }

    private ActiveRuns() {}

    /** The registry folder. */
    static Path dir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "mia4j-active-" + System.getProperty("user.name"));
    }

    /** Registers this process as an active run (once; later calls change nothing). Never fails a run. */
    public static void register() {
        register(dir());
    }

    /**
     * Registers this process as an active run and returns how many other processes are registered once the
     * registry has settled: counted no sooner than {@link org.mia4j.Defaults#THREADS_SETTLE_MILLIS} after this
     * process registered, so two runs started together both count each other (counted at once, the first saw no
     * other and kept every core). Never fails a run: without a usable temp folder it answers 0.
     */
    public static int registerAndCountOthers() {
        return registerAndCountOthers(dir(), Defaults.THREADS_SETTLE_MILLIS, Thread::sleep);
    }

    static int registerAndCountOthers(Path dir, long settleMillis, Wait wait) {
        if (!register(dir)) {
            return 0;
        }
        long since;
        synchronized (LOCK) {
            since = SETTLED.add(dir) ? (System.nanoTime() - REGISTERED_AT.get(dir)) / 1_000_000 : settleMillis;
        }
        if (since < settleMillis) {
            try {
                wait.millis(settleMillis - since);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // count now
            }
        }
        synchronized (LOCK) {
            try {
                return countOthers(dir, ProcessHandle.current().pid());
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }

    /** Registers in {@code dir}; false when that cannot be done (no usable folder). */
    static boolean register(Path dir) {
        long me = ProcessHandle.current().pid();
        synchronized (LOCK) {
            if (OWN.containsKey(dir)) {
                return true;
            }
            try {
                Files.createDirectories(dir);
                // locked under a temporary name, then renamed: a counter never sees the file unlocked
                Path tmp = dir.resolve(me + ".new");
                Path file = dir.resolve(Long.toString(me));
                FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                if (ch.tryLock() == null) {
                    ch.close();
                    return false;
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                OWN.put(dir, ch);
                REGISTERED_AT.put(dir, System.nanoTime());
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException ignored) {
                        // the next run removes it: its lock is gone
                    }
                }));
                return true;
            } catch (IOException | RuntimeException e) {
                return false;
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
