package org.mia4j.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import org.mia4j.AtomicFiles;
import org.mia4j.FileFault;
import org.mia4j.InvalidSetting;
import org.mia4j.Mia4jException;
import org.mia4j.data.SplitIndices;
import org.mia4j.data.Splits;
import org.mia4j.json.Json;
import org.mia4j.outputs.ModelOutputs;
import org.mia4j.report.AuditResults;

/**
 * A run's folder: work happens in {@code RUNS/.NAME.partial} (config, splits, checkpoints, scores), renamed to
 * {@code RUNS/NAME} only when complete, so a finished run is never half-written and an existing one is never
 * overwritten. An interrupted run started again with the same name and the same config resumes in its partial
 * folder; a different config is refused. Nothing is created until {@link #begin}.
 */
public final class RunFolder {
    private static final int MAX_NAME = 120;
    private final Path runsDir;
    private final boolean autoNamed;
    private final String base;
    private String name;
    private Path work;
    private Path finalDir;
    private boolean created;
    private long cacheMaxBytes = ModelCache.DEFAULT_MAX_BYTES;
    private String runFile;
    private FileChannel lockChannel;
    private FileLock lock;

    private RunFolder(Path runsDir, String name, boolean autoNamed) {
        this.runsDir = runsDir;
        this.autoNamed = autoNamed;
        this.base = name;
        rename(name);
    }

    private void rename(String n) {
        this.name = n;
        this.work = runsDir.resolve("." + n + ".partial");
        this.finalDir = runsDir.resolve(n);
    }

    /** Checks the name, the runs folder and that no finished run has the name; creates nothing. */
    public static RunFolder of(Path runsDir, String name) {
        check(runsDir, name);
        Path finalDir = runsDir.resolve(name);
        if (Files.exists(finalDir)) {
            throw new Mia4jException("run folder " + finalDir + " already exists; choose another name or remove "
                    + "it (results are never overwritten)");
        }
        return new RunFolder(runsDir, name, false);
    }

    /**
     * A folder named {@code base}, or {@code base-2}, {@code base-3}, ... when that name is taken or another run is
     * starting with it at the same moment: auto-named runs never collide.
     */
    public static RunFolder named(Path runsDir, String base) {
        check(runsDir, base);
        return new RunFolder(runsDir, base, true);
    }

    private static void check(Path runsDir, String name) {
        if (!name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
            throw new InvalidSetting("name", "'" + name + "': use letters, digits, '.', '_' and '-' only");
        }
        if (name.length() > MAX_NAME) {
            throw new InvalidSetting("name", "has " + name.length() + " characters; use at most " + MAX_NAME);
        }
        if (Files.exists(runsDir) && !Files.isDirectory(runsDir)) {
            throw new InvalidSetting("runs-dir", runsDir + " is a file; expected a folder (it is created if missing)");
        }
    }

    /** The run's name (an auto-named run may have taken a suffix). */
    public String name() {
        return name;
    }

    /**
     * Takes the run's lock (an OS file lock: a second run of the same name is refused, naming the process that
     * holds it), then creates the partial folder, or checks that the interrupted run in it had the same config.
     */
    public void begin(Object config) {
        mkdirs(runsDir);
        for (int k = 2; !tryLock() || autoNamed && (Files.exists(finalDir) || Files.exists(work)); k++) {
            if (!autoNamed) {
                throw new Mia4jException("a run named '" + name + "' is already running" + holder()
                        + "; wait for it, or choose another name");
            }
            unlock();
            rename(base + "-" + k);
        }
        created = !Files.exists(work);
        mkdirs(work);
        if (runFile != null) {
            AtomicFiles.writeString(work.resolve("run.yaml"), runFile);
        }
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
            throw new Mia4jException("cannot read " + file + " of the interrupted run: " + Json.why(e), e);
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

    /** A folder of the run's own for work files that do not outlive the run (an engine's scratch). */
    public Path scratch(String name) {
        return work.resolve(name);
    }

    /** A result file of the run: written in the partial folder, kept when the run is committed. */
    public Path file(String name) {
        return work.resolve(name);
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

    /** Writes {@code yaml} as the run's {@code run.yaml}: the run file that repeats it. */
    public RunFolder withRunFile(String yaml) {
        this.runFile = yaml;
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

    /**
     * The attacker's population (record indices), {@code splits/population.json}; a resumed run must find the same.
     */
    public void savePopulation(int[] population) {
        Path f = work.resolve("splits").resolve("population.json");
        java.util.Map<String, Object> content = new java.util.LinkedHashMap<>();
        content.put("name", "population");
        content.put("records", population);
        String json;
        try {
            json = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(content);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try {
            if (Files.exists(f) && !Files.readString(f).equals(json)) {
                throw new Mia4jException(f + " differs from the population this config produces; the data changed "
                        + "since the interrupted run. Remove " + work + " to start afresh.");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        AtomicFiles.writeString(f, json);
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
                sb.append(',').append(col[i]); // Double.toString: the shortest text that reads back exactly
            }
            sb.append('\n');
        }
        AtomicFiles.writeString(work.resolve("scores").resolve(model.replace('@', '_') + ".csv"), sb.toString());
    }

    public void writeResults(AuditResults results, String html) {
        Json.write(work.resolve("results.json"), results);
        AtomicFiles.writeString(work.resolve("report.html"), html);
    }

    /** What a run made in its folder: the folder under its final name, and the run's result. */
    public record Done<R>(Path dir, R result) {}

    /**
     * Runs {@code work} in this folder and commits the folder once it is complete; a run refused for bad input
     * ({@link Mia4jException}) leaves no folder it created; the lock is released either way.
     */
    public <R> Done<R> complete(java.util.function.Supplier<R> work) {
        try {
            R r = work.get();
            return new Done<>(commit(), r);
        } catch (Mia4jException e) {
            discardIfNew();
            throw e;
        } finally {
            unlock();
        }
    }

    /** Renames the finished partial folder to its final name, releases the lock and returns the folder. */
    public Path commit() {
        try {
            Files.move(work, finalDir);
        } catch (IOException e) {
            throw new FileFault("renaming " + work + " to", finalDir, e);
        } finally {
            unlock();
        }
        return finalDir;
    }

    private Path lockFile() {
        return runsDir.resolve("." + name + ".lock");
    }

    private boolean tryLock() {
        try {
            lockChannel = FileChannel.open(lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            lock = lockChannel.tryLock();
            if (lock == null) {
                lockChannel.close();
                lockChannel = null;
                return false;
            }
            lockChannel.truncate(0);
            lockChannel.write(java.nio.ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid())
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII)), 0);
            return true;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return false; // this process holds it already (another run in the same JVM)
        } catch (IOException e) {
            throw new FileFault("locking", lockFile(), e);
        }
    }

    private String holder() {
        try {
            String pid = Files.readString(lockFile()).strip();
            return pid.isEmpty() ? "" : " in process " + pid;
        } catch (IOException e) {
            return "";
        }
    }

    /** Releases the run's lock (when the run ends, whatever way). */
    public void unlock() {
        try {
            if (lock != null) {
                Files.deleteIfExists(lockFile());
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException ignored) {
            // the OS releases the lock when the process ends in any case
        } finally {
            lock = null;
            lockChannel = null;
        }
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
            throw new FileFault("removing", work, e);
        }
    }

    public static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new FileFault("creating", dir, e);
        }
    }
}
