package org.mia4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mia4j.Defaults;
import org.mia4j.Mia4jException;
import org.mia4j.store.ModelCache;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mia4j cache list|clear|prune}: look at or shrink the shared model cache of a runs folder. */
@Command(name = "cache", mixinStandardHelpOptions = true,
        description = {"The models shared by the runs of one runs folder (RUNS/.cache): list them (least recently used "
            + "first), clear them, or prune them to a size cap.",
            "Entries are keyed on everything that determines a model and verified by SHA-256 before use."})
public final class CacheCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "list, clear or prune")
    String action;

    @Option(names = "--runs-dir", description = "Folder holding the run folders (default: " + Defaults.RUNS_DIR + ").")
    Path runsDir = Path.of(Defaults.RUNS_DIR);

    @Option(names = "--cache-max", description = "Size to prune to, e.g. 2G, 500M (default: 2G).")
    String cacheMax;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        java.io.PrintWriter out = spec.commandLine().getOut();
        ModelCache cache = new ModelCache(runsDir.resolve(".cache"), cacheMax == null ? ModelCache.DEFAULT_MAX_BYTES
                : ModelCache.parseSize(cacheMax));
        ModelCache.Cleanup done = switch (action) {
            case "list" -> list(cache, out);
            case "clear" -> cache.clear();
            case "prune" -> cache.prune(cacheMax == null ? ModelCache.DEFAULT_MAX_BYTES
                    : ModelCache.parseSize(cacheMax));
            default -> throw new Mia4jException("cache action '" + action + "': expected list, clear or prune");
        };
        if (!action.equals("list")) {
            out.printf(Locale.ROOT, "%s %d models (%.1f MB)%s%n", action.equals("clear") ? "removed"
                    : "evicted", done.removed().size(), done.removedBytes() / 1e6, done.notRemoved().isEmpty() ? ""
                    : String.format(Locale.ROOT, "; could not remove %d (%.1f MB)", done.notRemoved().size(),
                            done.notRemoved().stream().mapToLong(ModelCache.Entry::bytes).sum() / 1e6));
        }
        if (!done.swept().isEmpty()) {
            out.printf(Locale.ROOT, "swept %d unfinished temp folders (%.1f MB) of runs that ended%n",
                    done.swept().size(), done.swept().stream().mapToLong(ModelCache.Entry::bytes).sum() / 1e6);
        }
        done.problems().forEach(p -> spec.commandLine().getErr().println("error: cannot remove " + p));
        out.flush();
        return done.problems().isEmpty() ? 0 : 3; // what could not be removed is the machine's doing (permissions)
    }

    /** Prints the entries, broken ones marked, after sweeping stale temp folders (nothing else is removed). */
    private static ModelCache.Cleanup list(ModelCache cache, java.io.PrintWriter out) {
        ModelCache.Cleanup swept = cache.sweep();
        List<ModelCache.Entry> all = cache.entries();
        out.printf(Locale.ROOT, "%-32s %-14s %-30s %10s  %s%n", "key", "role", "variant", "MB", "last used");
        for (ModelCache.Entry e : all) {
            out.printf(Locale.ROOT, "%-32s %-14s %-30s %10.1f  %s%n", e.key(), e.isBroken() ? "BROKEN"
                    : e.role(), e.isBroken() ? e.broken() : e.variant(), e.bytes() / 1e6, e.lastUsed());
        }
        long broken = all.stream().filter(ModelCache.Entry::isBroken).count();
        out.printf(Locale.ROOT, "%d models, %.1f MB in %s%s%n", all.size(),
                all.stream().mapToLong(ModelCache.Entry::bytes).sum() / 1e6, cache.root(), broken == 0 ? ""
                        : " (" + broken + " broken: `mia4j cache prune` removes them, the next run replaces them)");
        return swept;
    }
}
