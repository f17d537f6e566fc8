package org.mia4j.experiment;

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
import org.mia4j.InvalidSetting;
import org.mia4j.data.Sha256;
import org.mia4j.report.Json;
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
    public static final String FORMAT = "mia4j-model-2";
    /** Default size cap: 2 GiB. */
    public static final long DEFAULT_MAX_BYTES = 2L << 30;
    private static final Logger LOG = LoggerFactory.getLogger(ModelCache.class);
    private final Path root;
    private final long maxBytes;

    /** One cached checkpoint. */
    public record Entry(String key, String role, String variant, long bytes, FileTime lastUsed) {}

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
            delete(entry);
            return false;
        }
        Checkpoints.copy(entry, dir);
        touch(entry);
        return true;
    }

    /** Adds the checkpoint in {@code dir} under {@code key} (atomically), then evicts down to the cap. */
    @Override
    public void store(String key, Path dir) {
        Path entry = root.resolve(key);
        if (Files.exists(entry.resolve("model.json"))) {
            touch(entry);
            return;
        }
        Path tmp = root.resolve("." + key + ".tmp-" + ProcessHandle.current().pid());
        Checkpoints.copy(dir, tmp);
        try {
            Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            delete(tmp); // another run cached the same model meanwhile; keep theirs
        }
        touch(entry);
        prune(maxBytes);
    }

    /** The entries, least recently used first. */
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
                try {
                    JsonNode m = Json.MAPPER.readTree(e.resolve("model.json").toFile());
                    role = m.path("role").asText("?");
                    variant = m.path("variant").asText("?");
                } catch (IOException ignored) {
                    // an incomplete entry: still listed, with its size, so it can be pruned
                }
                out.add(new Entry(e.getFileName().toString(), role, variant, size(e),
                        Files.getLastModifiedTime(e)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        out.sort(Comparator.comparing(Entry::lastUsed));
        return out;
    }

    /** Evicts least recently used entries until the cache holds at most {@code max} bytes; returns those evicted. */
    public List<Entry> prune(long max) {
        List<Entry> all = entries();
        long total = all.stream().mapToLong(Entry::bytes).sum();
        List<Entry> evicted = new ArrayList<>();
        for (Iterator<Entry> it = all.iterator(); it.hasNext() && total > max;) {
            Entry e = it.next();
            delete(root.resolve(e.key()));
            total -= e.bytes();
            evicted.add(e);
        }
        return evicted;
    }

    /** Removes every entry. */
    public List<Entry> clear() {
        return prune(-1);
    }

    /** Parses a size such as {@code 2G}, {@code 500M}, {@code 1024K} or a plain byte count. */
    public static long parseSize(String s) {
        String t = s.strip().toUpperCase(java.util.Locale.ROOT).replaceAll("I?B$", "");
        long unit = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            case 'T' -> 1L << 40;
            default -> 1;
        };
        String num = unit == 1 ? t : t.substring(0, t.length() - 1);
        try {
            double v = Double.parseDouble(num);
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return (long) (v * unit);
        } catch (NumberFormatException e) {
            throw new InvalidSetting("cache-max", "'" + s + "' is not a size; expected e.g. 2G, 500M or a byte count");
        }
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

    /** Removes a folder and everything in it (a warning, not an error, when it cannot). */
    public static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", dir, e.getMessage());
        }
    }

    /** The SHA-256 of each checkpoint file in {@code dir} that exists, by file name. */
    static Map<String, String> checksums(Path dir) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (String f : Checkpoints.FILES) {
            if (Files.exists(dir.resolve(f))) {
                out.put(f, Sha256.of(dir.resolve(f)));
            }
        }
        return out;
    }
}
