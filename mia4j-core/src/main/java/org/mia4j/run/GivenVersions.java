package org.mia4j.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mia4j.Mia4jException;
import org.mia4j.data.Dataset;
import org.mia4j.data.SplitIndices;
import org.mia4j.plan.GivenModel;
import org.mia4j.model.TorchScriptModel;
import org.mia4j.model.Variant;
import org.mia4j.prune.PruningStats;

/**
 * The other versions of a given model (an int8 or pruned export made elsewhere), loaded and checked like the model
 * itself before anything is trained, each with its size as measured from its file: nothing says how it was made.
 */
final class GivenVersions implements AutoCloseable {
    static final GivenVersions NONE = new GivenVersions(Map.of(), List.of(), Map.of());

    private final Map<Variant, ModelsStage.GivenVersion> versions;
    private final List<String> notes;
    private final Map<String, String> checksums;

    private GivenVersions(Map<Variant, ModelsStage.GivenVersion> versions, List<String> notes,
            Map<String, String> checksums) {
        this.versions = versions;
        this.notes = notes;
        this.checksums = checksums;
    }

    /**
     * Loads every version of {@code g} as the original was ({@code original}): same record shape and class count
     * (one forward pass on members), same output reading. A version's size reduction is the larger of its file's
     * (1 - its bytes / the original's) and the share of weights exactly zero in it beyond the original's (what a
     * sparse format would save of a pruned export stored dense).
     */
    static GivenVersions load(GivenModel g, TorchScriptModel original, SplitIndices target, Dataset queried) {
        if (g.versions().isEmpty()) {
            return NONE;
        }
        Map<Variant, ModelsStage.GivenVersion> out = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        Map<String, String> sums = new LinkedHashMap<>();
        int[] sample = Arrays.copyOf(target.members(), Math.min(512, target.members().length));
        long originalBytes = bytes(Path.of(g.file()));
        double originalZeros = original.sparsity();
        try {
            for (Map.Entry<String, String> e : g.versions().entrySet()) {
                Path file = Path.of(e.getValue());
                TorchScriptModel m;
                try {
                    m = TorchScriptModel.load(file, queried.recordShape(), queried.numClasses(), g.outputs(),
                            queried.features(sample), sample.length);
                } catch (Mia4jException x) {
                    throw new Mia4jException("--version " + e.getKey() + ": " + x.getMessage());
                }
                long b = bytes(file);
                double zeros = m.sparsity();
                double fileReduction = 1 - b / (double) originalBytes;
                double zeroShare = Math.max(0, zeros - originalZeros);
                double size = Math.max(0, Math.max(fileReduction, zeroShare));
                out.put(Variant.compression(e.getKey()), new ModelsStage.GivenVersion(m,
                        new PruningStats(zeros, zeroShare, 0, size)));
                sums.put(file.getFileName().toString(), m.sha256());
                notes.add(String.format(Locale.ROOT, "Given version %s (%s): %d bytes against the original's %d "
                        + "(file %.3f smaller), weights exactly zero %.3f against %.3f; its size reduction %.3f is the "
                        + "larger of the two savings.", e.getKey(), file.getFileName(), b, originalBytes,
                        fileReduction, zeros, originalZeros, size));
            }
        } catch (RuntimeException x) {
            out.values().forEach(v -> v.model().close());
            throw x;
        }
        return new GivenVersions(Collections.unmodifiableMap(out), List.copyOf(notes), Map.copyOf(sums));
    }

    private static long bytes(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map<Variant, ModelsStage.GivenVersion> versions() {
        return versions;
    }

    /** One line per version: its file's size and zeros against the original's. */
    List<String> notes() {
        return notes;
    }

    /** Each version's file name and SHA-256, for the provenance. */
    Map<String, String> checksums() {
        return checksums;
    }

    @Override
    public void close() {
        versions.values().forEach(v -> v.model().close());
    }
}
