package org.mia4j.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.mia4j.FileFault;
import org.mia4j.data.Sha256;
import org.mia4j.json.Json;

/**
 * A checkpoint folder: {@code weights.params}, {@code theta0.params}, {@code mask.params} (pruned models) and
 * {@code model.json}, written last, which lists the SHA-256 of the others and carries the SHA-256 of its own other
 * fields ({@value #SELF}), so no field (seed, training report) can change unnoticed; a folder whose files do not
 * match is not a checkpoint. A model's stored outputs ({@link StoredOutputs}) are entries of the same kind.
 */
public final class Checkpoints {
    static final List<String> FILES = List.of("weights.params", "theta0.params", "mask.params");
    /** The manifest's field holding the SHA-256 of the rest of the manifest. */
    public static final String SELF = "manifest_sha256";
    private static final com.fasterxml.jackson.databind.ObjectWriter COMPACT = Json.MAPPER.writer()
            .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

    private Checkpoints() {}

    /** Writes {@code meta} as {@code dir/model.json} (atomically), with the SHA-256 of its fields added. */
    public static void writeManifest(Path dir, Object meta) {
        try {
            // through text, so the sum is over what a reader gets back (float fields read back as doubles)
            JsonNode tree = Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(meta));
            if (!(tree instanceof com.fasterxml.jackson.databind.node.ObjectNode o)) {
                throw new IllegalArgumentException("a manifest is a JSON object, not " + tree.getNodeType());
            }
            o.remove(SELF);
            o.put(SELF, selfSum(o));
            Json.write(dir.resolve("model.json"), o);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The SHA-256 of the manifest without its {@value #SELF} field. */
    private static String selfSum(JsonNode manifest) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode rest = manifest.deepCopy();
        rest.remove(SELF);
        return Sha256.of(COMPACT.writeValueAsBytes(rest));
    }

    /** Why the checkpoint in {@code dir} cannot be used, if it cannot. */
    public static Optional<String> problem(Path dir) {
        JsonNode meta;
        try {
            meta = Json.MAPPER.readTree(dir.resolve("model.json").toFile());
        } catch (IOException e) {
            return Optional.of("model.json unreadable: " + Json.why(e));
        }
        if (!meta.path(SELF).isTextual()) {
            return Optional.of("model.json carries no checksum of its own (written by an older mia4j)");
        }
        try {
            if (!selfSum(meta).equals(meta.path(SELF).asText())) {
                return Optional.of("model.json does not match its own SHA-256 (" + SELF + "): it was changed");
            }
        } catch (IOException e) {
            return Optional.of("model.json unreadable: " + Json.why(e));
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
            throw new FileFault("copying checkpoint " + from + " to", to, e);
        }
    }
}
