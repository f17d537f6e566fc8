package org.mia4j.spark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.mia4j.data.ArrayDataset;
import org.mia4j.data.Dataset;
import org.mia4j.data.Sha256;

/**
 * An audit's data as its models see it (loaded, capped, encoded), shipped to the executors with a Spark broadcast:
 * the workers need no access to the user's files, and their cache keys (name, checksums, preprocessing) are the
 * driver's. {@link #id()} is the SHA-256 of its content, so each executor writes it to disk once.
 */
final class DataShipment implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final int[] recordShape;
    private final float[] features;
    private final int[] labels;
    private final List<String> classNames;
    private final TreeMap<String, String> checksums;
    private final String preprocessing;
    private final String id;

    private DataShipment(Dataset d) {
        int[] all = IntStream.range(0, d.size()).toArray();
        this.name = d.name();
        this.recordShape = d.recordShape().clone();
        this.features = d.features(all);
        this.labels = d.labels(all);
        this.classNames = new ArrayList<>(d.classNames());
        this.checksums = new TreeMap<>(d.checksums());
        this.preprocessing = d.preprocessing();
        ByteBuffer b = ByteBuffer.allocate(4 * (features.length + labels.length)).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(features);
        b.position(4 * features.length);
        b.asIntBuffer().put(labels);
        this.id = Sha256.of((name + "|" + checksums + "|" + preprocessing + "|" + java.util.Arrays.toString(
                recordShape) + "|" + classNames + "|" + Sha256.of(b.array())).getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
    }

    static DataShipment of(Dataset d) {
        return new DataShipment(d);
    }

    String id() {
        return id;
    }

    Dataset dataset() {
        return new ArrayDataset(name, recordShape, features, labels, classNames, Map.copyOf(checksums),
                preprocessing);
    }

    /** Writes it into {@code dir} unless it is there already (atomically: workers may read it at once); its file. */
    Path saveIn(Path dir) {
        Path file = dir.resolve("data-" + id.substring(0, 32) + ".bin");
        if (Files.exists(file)) {
            return file;
        }
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".data-", ".tmp");
            try (ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(Files.newOutputStream(
                    tmp)))) {
                out.writeObject(this);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the shipped data to " + dir, e);
        }
    }

    /** Reads a file {@link #saveIn} wrote (a worker's own input, never user data). */
    static DataShipment read(Path file) {
        try (ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            return (DataShipment) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot read the shipped data " + file + ": " + e.getMessage(), e);
        }
    }
}
