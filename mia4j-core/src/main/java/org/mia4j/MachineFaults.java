package org.mia4j;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Failures of the machine, not of mia4j or its input: a full disk, a read-only file system, a permission the
 * process lacks, memory it cannot get. {@link #describe} turns one, found anywhere in a cause chain, into one line
 * with the operating system's reason and the path involved; the CLI exits with 3 on them.
 */
public final class MachineFaults {
    /** Reasons (as the OS words them, lower case) that are the machine's, with the hint that goes with each. */
    private static final List<String[]> IO_REASONS = List.of(
            new String[] {"no space left on device", "free some space, or give another --runs-dir"},
            new String[] {"disk quota exceeded", "free some space, or give another --runs-dir"},
            new String[] {"file too large", "the file system cannot hold a file this large"},
            new String[] {"read-only file system", "give a writable --runs-dir or --out"},
            new String[] {"permission denied", "check the owner and permissions, or give another --runs-dir"},
            new String[] {"operation not permitted", "check the owner, permissions and attributes (chattr)"},
            new String[] {"too many open files", "raise the limit (ulimit -n)"},
            new String[] {"input/output error", "the device reported an error; check it (dmesg)"});

    /** Starts a machine failure put in one line by another process (a Spark task's worker), in its own message. */
    public static final String MARK = "machine fault: ";

    private MachineFaults() {}

    /** A machine failure already put in one line elsewhere (a worker process): passed on as it is. */
    public static final class Reported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Reported(String line, Throwable cause) {
            super(line, cause);
        }
    }

    /**
     * The machine failure another process reported in {@code t}'s messages (after {@link #MARK}, to the end of
     * its line), if any.
     */
    public static Optional<String> reportedIn(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            int i = m == null ? -1 : m.indexOf(MARK);
            if (i >= 0) {
                return Optional.of(firstLine(m.substring(i + MARK.length())));
            }
        }
        return Optional.empty();
    }

    /** What {@link #describe} says, without its hint: for a warning about something the run does without. */
    public static Optional<String> brief(Throwable t) {
        return describe(t).map(m -> m.replaceFirst(" \\([^()]*\\)$", ""));
    }

    /** The one-line message for a machine failure somewhere in {@code t}'s causes; empty when there is none. */
    public static Optional<String> describe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof Reported r) {
                return Optional.of(r.getMessage());
            }
            if (c instanceof OutOfMemoryError oom) {
                return Optional.of("out of memory (" + (oom.getMessage() == null ? "Java heap" : oom.getMessage())
                        + "); give Java more memory (e.g. MIA4J_JAVA_OPTS=-Xmx8g with ./mia4j) or use less data "
                        + "(--max-records, --batch-size)");
            }
            String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("java.lang.outofmemoryerror")) { // a worker process's, quoted in its task's failure
                return Optional.of("out of memory in a worker process (" + firstLine(c.getMessage()).replaceFirst(
                        ".*?java.lang.OutOfMemoryError:?\\s*", "") + "); give it more memory or use less data "
                        + "(--max-records, --batch-size)");
            }
            if (!(c instanceof IOException) && (m.contains("can't allocate memory")
                    || m.contains("cpu out of memory"))) {
                return Optional.of("out of memory: the engine could not allocate "
                        + firstLine(c.getMessage()).replaceFirst("(?i).*?(you tried to allocate)", "$1")
                        + "; use less data (--max-records, --batch-size) or a machine with more memory");
            }
        }
        IOException io = deepestIo(t);
        if (io == null) {
            return Optional.empty();
        }
        String reason = reason(io);
        String lower = reason.toLowerCase(Locale.ROOT);
        for (String[] r : IO_REASONS) {
            if (lower.contains(r[0])) {
                return Optional.of(r[0] + where(t, io) + " (" + r[1] + ")");
            }
        }
        return Optional.empty();
    }

    /**
     * Any other failure of the file system (an {@link IOException} in {@code t}'s causes), as one line with the OS's
     * reason and the path: not a bug of mia4j either. Empty when there is none.
     */
    public static Optional<String> fileSystem(Throwable t) {
        IOException io = deepestIo(t);
        if (io == null || io instanceof com.fasterxml.jackson.core.JsonProcessingException) {
            return Optional.empty(); // a JSON (de)serialisation problem is mia4j's, not the file system's
        }
        return Optional.of("input/output failure: " + reason(io) + where(t, io));
    }

    /** The OS's reason for {@code e}, without the paths Java prefixes it with. */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException a && a.getReason() == null) {
            return "Permission denied";
        }
        if (e instanceof FileSystemException f) {
            return f.getReason() != null ? f.getReason() : e.getClass().getSimpleName().replace("Exception", "");
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage());
    }

    /** " writing PATH": the path the failure is about, from mia4j's own wrapper, else from the OS's exception. */
    private static String where(Throwable t, IOException io) {
        FileFault inner = innermostFault(t);
        if (inner != null) {
            return " " + inner.doing() + " " + inner.path();
        }
        if (io instanceof FileSystemException f && f.getFile() != null) {
            return " at " + (f.getOtherFile() != null ? f.getOtherFile() : f.getFile()); // a copy fails at its target
        }
        return "";
    }

    private static FileFault innermostFault(Throwable t) {
        FileFault found = null;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof FileFault f) {
                found = f; // the innermost wrapper names the file nearest the failure
            }
        }
        return found;
    }

    private static IOException deepestIo(Throwable t) {
        IOException found = null;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException e) {
                found = e;
            }
            for (Throwable s : c.getSuppressed()) {
                if (found == null && s instanceof IOException e) {
                    found = e;
                }
            }
        }
        return found;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("").strip();
    }
}
