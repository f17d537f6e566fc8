package org.mia4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mia4j.Mia4jException;

/**
 * CIFAR-10/100 "binary version": records of label byte(s) then 3072 pixel bytes (1024 R, 1024 G, 1024 B, row
 * major). CIFAR-10 has one label byte; CIFAR-100 a coarse then a fine label byte (we use the fine label).
 * The Toronto site publishes no per-file checksum, so ours are recorded, not verified.
 */
public final class CifarBinaryLoader {
    public static final List<String> CIFAR10_FILES = List.of("data_batch_1.bin", "data_batch_2.bin",
            "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin");
    public static final List<String> CIFAR100_FILES = List.of("train.bin", "test.bin");
    public static final List<String> CIFAR10_CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer",
            "dog", "frog", "horse", "ship", "truck");
    static final int PIXELS = 3 * 32 * 32;

    private CifarBinaryLoader() {}

    public static Dataset loadCifar10(Path dir) {
        return load("cifar10", dir, CIFAR10_FILES, 1, CIFAR10_CLASSES);
    }

    public static Dataset loadCifar100(Path dir) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            names.add(Integer.toString(i));
        }
        return load("cifar100", dir, CIFAR100_FILES, 2, names);
    }

    /** The folder the archive unpacks to, when the user points at its parent. */
    static Path resolve(Path dir, String inner, String firstFile) {
        if (!Files.exists(dir.resolve(firstFile)) && Files.exists(dir.resolve(inner).resolve(firstFile))) {
            return dir.resolve(inner);
        }
        return dir;
    }

    private static Dataset load(String name, Path dir0, List<String> files, int labelBytes, List<String> classes) {
        Path dir = resolve(dir0, name.equals("cifar10") ? "cifar-10-batches-bin" : "cifar-100-binary",
                files.get(0));
        int recordLen = labelBytes + PIXELS;
        Map<String, String> sums = new LinkedHashMap<>();
        List<byte[]> contents = new ArrayList<>();
        int n = 0;
        for (String f : files) {
            Path file = dir.resolve(f);
            byte[] b = DataFiles.readStored(file);
            if (b.length == 0 || b.length % recordLen != 0) {
                throw new Mia4jException(file + ": " + b.length + " bytes is not a whole number of " + recordLen
                        + "-byte " + name + " records (" + labelBytes + " label byte(s) + 3072 pixels)");
            }
            sums.put(f, Sha256.of(b));
            contents.add(b);
            n += b.length / recordLen;
        }
        float[] x = new float[n * PIXELS];
        int[] y = new int[n];
        int r = 0;
        for (int fi = 0; fi < contents.size(); fi++) {
            byte[] b = contents.get(fi);
            for (int off = 0; off < b.length; off += recordLen, r++) {
                int label = b[off + labelBytes - 1] & 0xff;
                if (label >= classes.size()) {
                    throw new Mia4jException(dir.resolve(files.get(fi)) + " record " + (off / recordLen) + ": label "
                            + label + ", expected 0.." + (classes.size() - 1));
                }
                y[r] = label;
                int base = off + labelBytes;
                for (int j = 0; j < PIXELS; j++) {
                    x[r * PIXELS + j] = (b[base + j] & 0xff) / 255f;
                }
            }
        }
        return new ArrayDataset(name, new int[] {3, 32, 32}, x, y, classes, sums);
    }
}
