package org.mia4j.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.mia4j.data.Sha256;
import org.mia4j.report.Json;

/**
 * A checkpoint folder: {@code weights.params}, {@code theta0.params}, {@code mask.params} (pruned models) and
 * {@code model.json}, written last, which lists the SHA-256 of the others; a folder whose files do not match is
 * not a checkpoint. A model's stored outputs ({@link StoredOutputs}) are entries of the same kind.
 */
public final class Checkpoints {
    static final List<String> FILES = List.of("weights.params", "theta0.params", "mask.params");

    private Checkpoints() {}

    /** Why the checkpoint in {@code dir} cannot be used, if it cannot. */
    public static Optional<String> problem(Path dir) {
        JsonNode meta;
        try {
            meta = Json.MAPPER.readTree(dir.resolve("model.json").toFile());
        } catch (IOException e) {
            return Optional.of("model.json unreadable: " + e.getMessage());
        }
        if (!ModelCache.FORMAT.equals(meta.path("format").asText())) {
            return Optional.of("written by another model format (" + meta.path("format").asText("none") + ", "
                    + "this build writes " + ModelCache.FORMAT + ")");
        }
        JsonNode sums = meta.path("files");
        if (!sums.isObject() || sums.isEmpty()) {
            return Optional.of("model.json lists no file checksums");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = sums.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            Path f = dir.resolve(e.getKey());
            if (!Files.isRegularFile(f)) {
                return Optional.of(e.getKey() + " is missing");
            }
            if (!Sha256.of(f).equals(e.getValue().asText())) {
                return Optional.of(e.getKey() + " does not match its SHA-256 in model.json");
            }
        }
        return Optional.empty();
    }

    /** Copies a checkpoint's files, model.json last (its presence marks a complete checkpoint). */
    public static void copy(Path from, Path to) {
        try {
            Files.createDirectories(to);
            List<Path> files;
            try (Stream<Path> s = Files.list(from)) {
                files = s.filter(Files::isRegularFile).sorted(Comparator.comparing(
                        p -> p.getFileName().toString().equals("model.json"))).toList();
            }
            for (Path f : files) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy checkpoint " + from + " to " + to, e);
        }
    }
}
