package org.mia4j.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.mia4j.AtomicFiles;
import org.mia4j.Mia4jException;
import org.mia4j.attack.ModelOutputs;
import org.mia4j.data.SplitIndices;
import org.mia4j.data.Splits;
import org.mia4j.report.AuditResults;
import org.mia4j.report.Json;

/**
 * A run's folder: work happens in {@code RUNS/.NAME.partial} (config, splits, checkpoints, scores), renamed to
 * {@code RUNS/NAME} only when complete, so a finished run is never half-written and an existing one is never
 * overwritten. An interrupted run started again with the same name and the same config resumes in its partial
 * folder; a different config is refused. Nothing is created until {@link #begin}.
 */
public final class RunFolder {
    private final Path runsDir;
    private final Path work;
    private final Path finalDir;
    private boolean created;
    private long cacheMaxBytes = ModelCache.DEFAULT_MAX_BYTES;

    private RunFolder(Path runsDir, String name) {
        this.runsDir = runsDir;
        this.work = runsDir.resolve("." + name + ".partial");
        this.finalDir = runsDir.resolve(name);
    }

    /** Checks the name and that no finished run has it; creates nothing. */
    public static RunFolder of(Path runsDir, String name) {
        if (!name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
            throw new Mia4jException("run name '" + name + "': use letters, digits, '.', '_' and '-' only");
        }
        Path finalDir = runsDir.resolve(name);
        if (Files.exists(finalDir)) {
            throw new Mia4jException("run folder " + finalDir + " already exists; choose another name or remove "
                    + "it (results are never overwritten)");
        }
        return new RunFolder(runsDir, name);
    }

    /** Creates the partial folder, or checks that the interrupted run in it had the same {@code config}. */
    public void begin(Object config) {
        created = !Files.exists(work);
        mkdirs(work);
        Path file = work.resolve("config.json");
        if (!Files.exists(file)) {
            Json.write(file, config);
            return;
        }
        JsonNode before;
        JsonNode now;
        try {
            // through text, so both sides get the same node types (int vs long)
            now = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(config));
            before = Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new Mia4jException("cannot read " + file + " of the interrupted run: " + e.getMessage(), e);
        }
        if (!before.equals(now)) {
            throw new Mia4jException("an interrupted run with this name used a different config (" + file
                    + "); rerun with the same options to resume, or choose another name");
        }
    }

    /** Where the models are checkpointed. */
    public Path models() {
        return work.resolve("models");
    }

    /** The model cache shared by every run in the same runs folder, if used. */
    public Optional<ModelCache> cache() {
        return cacheMaxBytes < 0 ? Optional.empty() : Optional.of(new ModelCache(runsDir.resolve(".cache"),
                cacheMaxBytes));
    }

    /** Keeps the shared model cache under {@code maxBytes} (default {@link ModelCache#DEFAULT_MAX_BYTES}). */
    public RunFolder withCacheMax(long maxBytes) {
        new ModelCache(runsDir.resolve(".cache"), maxBytes); // validates
        this.cacheMaxBytes = maxBytes;
        return this;
    }

    /** Neither reads nor fills the shared model cache. */
    public RunFolder withoutCache() {
        this.cacheMaxBytes = -1;
        return this;
    }

    /** Saves a split, refusing one that differs from what an interrupted run saved. */
    public void saveSplit(SplitIndices s, int poolSize) {
        Path f = work.resolve("splits").resolve(s.name() + ".json");
        if (Files.exists(f) && !Splits.load(f, poolSize).equals(s)) {
            throw new Mia4jException(f + " differs from the split this config produces; the data changed "
                    + "since the interrupted run. Remove " + work + " to start afresh.");
        }
        Splits.save(s, f);
    }

    /** Per-record attack scores of one audited model: record index, label, membership, one column per attack. */
    public void writeScores(String model, int[] recordIndex, ModelOutputs target, java.util.List<String> classNames,
            Map<String, double[]> columns) {
        StringBuilder sb = new StringBuilder("record,label,class,member");
        columns.keySet().forEach(k -> sb.append(',').append(k));
        sb.append('\n');
        for (int i = 0; i < target.size(); i++) {
            String name = classNames.get(target.labels()[i]);
            sb.append(recordIndex[i]).append(',').append(target.labels()[i]).append(',')
                    .append(name.matches("[^,\"\r\n]*") ? name : '"' + name.replace("\"", "\"\"") + '"').append(',')
                    .append(target.members()[i] ? 1 : 0);
            for (double[] col : columns.values()) {
                sb.append(',').append(String.format(Locale.ROOT, "%.6g", col[i]));
            }
            sb.append('\n');
        }
        AtomicFiles.writeString(work.resolve("scores").resolve(model.replace('@', '_') + ".csv"), sb.toString());
    }

    public void writeResults(AuditResults results, String html) {
        Json.write(work.resolve("results.json"), results);
        AtomicFiles.writeString(work.resolve("report.html"), html);
    }

    /** Renames the finished partial folder to its final name and returns it. */
    public Path commit() {
        try {
            Files.move(work, finalDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename " + work + " to " + finalDir, e);
        }
        return finalDir;
    }

    /**
     * After a failure caused by the input: removes the partial folder if this run created it, so the corrected
     * command is not refused as another configuration. A partial folder of an earlier, interrupted run is kept: it
     * resumes.
     */
    public void discardIfNew() {
        if (!created || !Files.exists(work)) {
            return;
        }
        try (java.util.stream.Stream<Path> s = Files.walk(work)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + work, e);
        }
    }

    static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }
}
