package org.mia4j.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mia4j.FileFault;
import org.mia4j.data.Sha256;
import org.mia4j.json.Json;

/**
 * A model's posteriors on given records, kept in a checkpoint store as an entry of its own: {@code posteriors.f32}
 * (row-major little-endian floats) and a {@code model.json} that lists its SHA-256, so it is verified like a
 * checkpoint. Its key hashes the model's key and the records, so it is what that model gives on them. Engines' workers
 * write those of the reference models, so the audit needs neither their checkpoints nor a forward pass of its own.
 */
public final class StoredOutputs {
    static final String FILE = "posteriors.f32";

    /** What the manifest says: format, whose outputs, their shape and the file's SHA-256. */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(Checkpoints.SELF)
    record Manifest(String format, String role, String variant, int rows, int classes, Map<String, String> files) {}

    private StoredOutputs() {}

    /** The key of {@code model}'s outputs on {@code records}. */
    public static String key(String model, int[] records) {
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("model", model);
        k.put("outputs_on", Sha256.of(bytes(records)));
        try {
            return Sha256.of(Json.MAPPER.writeValueAsBytes(k)).substring(0, 32);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the entry into {@code dir} (model.json last). */
    public static void write(Path dir, String role, String variant, float[] posteriors, int rows, int classes) {
        try {
            Files.createDirectories(dir);
            ByteBuffer b = ByteBuffer.allocate(4 * posteriors.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(posteriors);
            Files.write(dir.resolve(FILE), b.array());
            Checkpoints.writeManifest(dir, new Manifest(ModelCache.FORMAT, role, variant + " (outputs)", rows,
                    classes, Map.of(FILE, Sha256.of(dir.resolve(FILE)))));
        } catch (IOException e) {
            throw new FileFault("writing outputs to", dir, e);
        }
    }

    /** The posteriors of a verified entry in {@code dir}, which must hold {@code rows} x {@code classes}. */
    public static float[] read(Path dir, int rows, int classes) {
        try {
            Manifest m = Json.MAPPER.readValue(dir.resolve("model.json").toFile(), Manifest.class);
            if (m.rows() != rows || m.classes() != classes) {
                throw new IllegalStateException("stored outputs in " + dir + " hold " + m.rows() + " x " + m.classes()
                        + " posteriors, not " + rows + " x " + classes);
            }
            float[] out = new float[rows * classes];
            ByteBuffer.wrap(Files.readAllBytes(dir.resolve(FILE))).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
                    .get(out);
            return out;
        } catch (IOException e) {
            throw new FileFault("reading outputs in", dir, e);
        }
    }

    private static byte[] bytes(int[] records) {
        ByteBuffer b = ByteBuffer.allocate(4 * records.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(records);
        return b.array();
    }
}
