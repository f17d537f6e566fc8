package org.mia4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mia4j.Defaults;
import org.mia4j.Mia4jException;
import org.mia4j.experiment.ModelCache;
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

    @Override
    public Integer call() {
        ModelCache cache = new ModelCache(runsDir.resolve(".cache"), cacheMax == null ? ModelCache.DEFAULT_MAX_BYTES
                : ModelCache.parseSize(cacheMax));
        switch (action) {
            case "list" -> {
                List<ModelCache.Entry> all = cache.entries();
                System.out.printf(Locale.ROOT, "%-32s %-14s %-30s %10s  %s%n", "key", "role", "variant", "MB",
                        "last used");
                for (ModelCache.Entry e : all) {
                    System.out.printf(Locale.ROOT, "%-32s %-14s %-30s %10.1f  %s%n", e.key(), e.role(), e.variant(),
                            e.bytes() / 1e6, e.lastUsed());
                }
                System.out.printf(Locale.ROOT, "%d models, %.1f MB in %s%n", all.size(),
                        all.stream().mapToLong(ModelCache.Entry::bytes).sum() / 1e6, cache.root());
            }
            case "clear" -> report("removed", cache.clear());
            case "prune" -> report("evicted", cache.prune(cacheMax == null ? ModelCache.DEFAULT_MAX_BYTES
                    : ModelCache.parseSize(cacheMax)));
            default -> throw new Mia4jException("cache action '" + action + "': expected list, clear or prune");
        }
        return 0;
    }

    private static void report(String what, List<ModelCache.Entry> gone) {
        System.out.printf(Locale.ROOT, "%s %d models (%.1f MB)%n", what, gone.size(),
                gone.stream().mapToLong(ModelCache.Entry::bytes).sum() / 1e6);
    }
}
