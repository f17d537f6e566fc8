package org.mia4j.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.mia4j.FileFault;
import org.mia4j.InvalidSetting;
import org.mia4j.MachineFaults;
import org.mia4j.data.ByteSize;
import org.mia4j.data.Sha256;
import org.mia4j.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trained checkpoints shared by every run in one runs folder ({@code RUNS/.cache/KEY}), so runs that share a recipe
 * train each model once. The key hashes everything that determines the weights (data checksums, subset,
 * preprocessing, architecture, recipe, seed, split, transform and defense settings) and {@link #FORMAT}, which is
 * bumped whenever training code changes what a recipe produces. Every checkpoint's {@code model.json} lists the
 * SHA-256 of its files; an entry whose files do not match is never used: it is removed and the model retrained.
 * The cache is kept under a size cap by evicting the least recently used entries.
 */
public final class ModelCache implements CheckpointStore {
    /** Bump when training, pruning or defense code changes the weights a recipe produces. */
    public static final String FORMAT = "mia4j-model-4"; // 4: k-means of large layers in slices
    /** Default size cap: 2 GiB. */
    public static final long DEFAULT_MAX_BYTES = 2L << 30;
    private static final Logger LOG = LoggerFactory.getLogger(ModelCache.class);
    private final Path root;
    private final long maxBytes;

    /** Temp folders older than this are stale even when their process seems alive (another machine's, say). */
    static final java.time.Duration STALE_AFTER = java.time.Duration.ofHours(1);
    private static final java.util.regex.Pattern TEMP = java.util.regex.Pattern.compile(
            "\\..+\\.(?:tmp|removing)-(\\d+)");

    /** One cached checkpoint; {@code broken}: why it cannot be used (its manifest missing or unreadable), or null. */
    public record Entry(String key, String role, String variant, long bytes, FileTime lastUsed, String broken) {
        public boolean isBroken() {
            return broken != null;
        }
    }

    /** What a clean-up removed, what it could not (each with the OS's reason), and the stale temp folders swept. */
    public record Cleanup(List<Entry> removed, List<Entry> notRemoved, List<String> problems, List<Entry> swept) {
        public long removedBytes() {
            return removed.stream().mapToLong(Entry::bytes).sum();
        }
    }

    public ModelCache(Path root, long maxBytes) {
        if (maxBytes < 0) {
            throw new InvalidSetting("cache-max", "must be >= 0, got " + maxBytes);
        }
        this.root = root;
        this.maxBytes = maxBytes;
    }

    public Path root() {
        return root;
    }

    @Override
    public boolean contains(String key) {
        return Files.exists(root.resolve(key).resolve("model.json"));
    }

    /** Copies the verified entry {@code key} into {@code dir}; false when there is none (or it was corrupt). */
    @Override
    public boolean restore(String key, Path dir) {
        Path entry = root.resolve(key);
        if (!Files.exists(entry.resolve("model.json"))) {
            return false;
        }
        Optional<String> bad = Checkpoints.problem(entry);
        if (bad.isPresent()) {
            LOG.warn("model cache entry {} is not usable ({}); removing it and training the model again", entry,
                    bad.get());
            remove(entry).ifPresent(why -> LOG.warn("cannot remove {}: {}", entry, why));
            return false;
        }
        Checkpoints.copy(entry, dir);
        touch(entry);
        return true;
    }

    /**
     * Adds the checkpoint in {@code dir} under {@code key} (atomically, replacing a broken entry), then evicts down to
     * the cap. The cache is an optimisation: when it cannot store (no space, no permission) it says so and the run
     * goes on, and leaves no temp folder behind.
     */
    @Override
    public void store(String key, Path dir) {
        Path entry = root.resolve(key);
        Path tmp = root.resolve("." + key + ".tmp-" + ProcessHandle.current().pid());
        try {
            if (Files.isDirectory(entry)) {
                if (manifestProblem(entry).isEmpty()) {
                    touch(entry);
                    return;
                }
                remove(entry).ifPresent(why -> {
                    throw new java.io.UncheckedIOException(new IOException("cannot replace the broken entry "
                            + entry + ": " + why));
                });
            }
            Checkpoints.copy(dir, tmp);
            try {
                Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!Files.exists(entry.resolve("model.json"))) {
                    throw e; // not another run's copy arriving first: a real failure
                }
                remove(tmp); // another run cached the same model meanwhile; keep theirs
            }
            touch(entry);
            prune(maxBytes);
        } catch (IOException | RuntimeException e) {
            remove(tmp);
            LOG.warn("cannot keep the model in the cache ({}); the run goes on without it", why(e));
        }
    }

    /** The OS's reason for a failure, with the path it names, for a warning. */
    private static String why(Throwable e) {
        return MachineFaults.brief(e).orElseGet(() -> {
            Throwable c = e;
            while (c.getCause() != null && !(c instanceof IOException)) {
                c = c.getCause();
            }
            return c instanceof IOException io ? e.getMessage() + (c == e ? "" : ": "
                    + MachineFaults.reason(io)) : String.valueOf(e.getMessage());
        });
    }

    /** The entries, least recently used first; broken ones included (and marked), temp folders not. */
    public List<Entry> entries() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path e : s.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith("."))
                    .toList()) {
                String role = "?";
                String variant = "?";
                Optional<String> broken = manifestProblem(e);
                if (broken.isEmpty()) {
                    JsonNode m = Json.MAPPER.readTree(e.resolve("model.json").toFile());
                    role = m.path("role").asText("?");
                    variant = m.path("variant").asText("?");
                }
                out.add(new Entry(e.getFileName().toString(), role, variant, size(e), lastModified(e),
                        broken.orElse(null)));
            }
        } catch (IOException e) {
            throw new FileFault("listing", root, e);
        }
        out.sort(Comparator.comparing(Entry::lastUsed));
        return out;
    }

    /**
     * The temp folders of stores and removals that will never finish: their process is gone, or they are older
     * than {@link #STALE_AFTER}.
     */
    public List<Entry> staleTemps() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        long now = System.currentTimeMillis();
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.toList()) {
                java.util.regex.Matcher m = TEMP.matcher(p.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                FileTime t = lastModified(p);
                boolean gone = ProcessHandle.of(Long.parseLong(m.group(1))).map(h -> !h.isAlive()).orElse(true);
                if (gone || now - t.toMillis() > STALE_AFTER.toMillis()) {
                    out.add(new Entry(p.getFileName().toString(), "temp", "-", size(p), t, "unfinished"));
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new FileFault("listing", root, e instanceof IOException io ? io
                    : new IOException(e.getMessage()));
        }
        return out;
    }

    /**
     * Sweeps stale temp folders, removes broken entries, then evicts least recently used entries until the cache
     * holds at most {@code max} bytes; says exactly what it removed and what it could not.
     */
    public Cleanup prune(long max) {
        Cleanup sweep = sweep();
        List<Entry> removed = new ArrayList<>();
        List<Entry> notRemoved = new ArrayList<>();
        List<String> problems = new ArrayList<>(sweep.problems());
        List<Entry> all = entries();
        long total = all.stream().mapToLong(Entry::bytes).sum();
        List<Entry> order = new ArrayList<>(all.stream().filter(Entry::isBroken).toList());
        all.stream().filter(e -> !e.isBroken()).forEach(order::add);
        for (Entry e : order) {
            if (!e.isBroken() && total <= max) {
                break;
            }
            Optional<String> why = remove(root.resolve(e.key()));
            if (why.isEmpty()) {
                removed.add(e);
                total -= e.bytes();
            } else {
                notRemoved.add(e);
                problems.add(root.resolve(e.key()) + ": " + why.get());
            }
        }
        return new Cleanup(removed, notRemoved, problems, sweep.swept());
    }

    /** Removes the stale temp folders ({@link #staleTemps}) and nothing else. */
    public Cleanup sweep() {
        List<Entry> swept = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Entry t : staleTemps()) {
            Optional<String> why = delete(root.resolve(t.key()), false);
            if (why.isEmpty()) {
                swept.add(t);
            } else {
                problems.add(root.resolve(t.key()) + ": " + why.get());
            }
        }
        return new Cleanup(List.of(), List.of(), problems, swept);
    }

    /** Removes every entry (and stale temp folder). */
    public Cleanup clear() {
        return prune(-1);
    }

    /** Parses a size such as {@code 2G}, {@code 500M}, {@code 1024K} or a plain byte count. */
    public static long parseSize(String s) {
        return ByteSize.parse("cache-max", s);
    }

    private static void touch(Path entry) {
        try {
            Files.setLastModifiedTime(entry, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException ignored) {
            // an entry evicted meanwhile by another run: nothing to mark
        }
    }

    private static long size(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static FileTime lastModified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0); // removed meanwhile by another run
        }
    }

    /** Why the entry's manifest cannot be read, if it cannot (its files are verified only when it is used). */
    static Optional<String> manifestProblem(Path entry) {
        Path m = entry.resolve("model.json");
        if (!Files.isRegularFile(m)) {
            return Optional.of("model.json is missing");
        }
        try {
            JsonNode n = Json.MAPPER.readTree(m.toFile());
            return n == null || !n.isObject() ? Optional.of("model.json is empty") : Optional.empty();
        } catch (IOException e) {
            return Optional.of("model.json unreadable: " + Json.why(e));
        }
    }

    /**
     * Removes an entry all or nothing: renamed first to a temp name (one atomic step, after which no run sees it),
     * then deleted; a deletion cut short leaves a temp folder the next clean-up sweeps. Empty when it is gone, else
     * why not.
     */
    Optional<String> remove(Path entry) {
        if (!Files.exists(entry)) {
            return Optional.empty();
        }
        Path doomed = entry.getFileName().toString().startsWith(".") ? entry
                : root.resolve("." + entry.getFileName() + ".removing-" + ProcessHandle.current().pid());
        if (doomed != entry) {
            try {
                Files.move(entry, doomed, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                return Optional.of(MachineFaults.reason(e));
            }
        }
        return delete(doomed, false);
    }

    /** Removes a folder and everything in it (a warning, not an error, when it cannot). */
    public static void delete(Path dir) {
        delete(dir, true);
    }

    /** Removes a folder and everything in it; empty when it is gone, else the OS's reason (also logged if asked). */
    private static Optional<String> delete(Path dir, boolean warn) {
        if (!Files.exists(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
            return Optional.empty();
        } catch (IOException | java.io.UncheckedIOException e) {
            IOException io = e instanceof IOException x ? x : ((java.io.UncheckedIOException) e).getCause();
            String why = MachineFaults.reason(io)
                    + (io instanceof java.nio.file.FileSystemException f && f.getFile() != null ? " (" + f.getFile()
                            + ")" : "");
            if (warn) {
                LOG.warn("cannot remove {}: {}", dir, why);
            }
            return Optional.of(why);
        }
    }

    /** The SHA-256 of each checkpoint file in {@code dir} that exists, by file name. */
    public static Map<String, String> checksums(Path dir) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (String f : Checkpoints.FILES) {
            if (Files.exists(dir.resolve(f))) {
                out.put(f, Sha256.of(dir.resolve(f)));
            }
        }
        return out;
    }
}
