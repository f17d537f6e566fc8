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

    /** Reads one whole record into {@code rec}; false at the end of the file. */
    private static boolean read(Path file, DataFiles.Source s, byte[] rec) {
        try {
            int got = s.content().readNBytes(rec, 0, rec.length);
            if (got > 0 && got < rec.length) {
                throw new Mia4jException(file + ": ends inside a record (changed while being read?)");
            }
            return got > 0;
        } catch (java.io.IOException e) {
            throw DataFiles.readFailed(file.toString(), e);
        }
    }

    private static Dataset load(String name, Path dir0, List<String> files, int labelBytes, List<String> classes) {
        Path dir = resolve(dir0, name.equals("cifar10") ? "cifar-10-batches-bin" : "cifar-100-binary",
                files.get(0));
        int recordLen = labelBytes + PIXELS;
        Map<String, String> sums = new LinkedHashMap<>();
        long n = 0;
        for (String f : files) {
            Path file = dir.resolve(f);
            DataFiles.requireBuiltIn(file);
            long size;
            try {
                size = Files.size(file);
            } catch (java.io.IOException e) {
                throw DataFiles.cannotRead(file, e);
            }
            if (size == 0 || size % recordLen != 0) {
                throw new Mia4jException(file + ": " + size + " bytes is not a whole number of " + recordLen
                        + "-byte " + name + " records (" + labelBytes + " label byte(s) + 3072 pixels)");
            }
            DataFiles.requireWithinCap(file.toString(), size);
            n += size / recordLen;
        }
        if (n * PIXELS > Integer.MAX_VALUE - 8) {
            throw new Mia4jException(dir + ": " + n + " " + name + " records are more than mia4j holds in memory");
        }
        float[] x = new float[(int) n * PIXELS];
        int[] y = new int[(int) n];
        int r = 0;
        byte[] rec = new byte[recordLen];
        for (String f : files) {
            Path file = dir.resolve(f);
            try (DataFiles.Source s = DataFiles.open(file, false)) {
                // records decoded as they stream in: the files are never held whole
                for (int k = 0; read(file, s, rec); k++, r++) {
                    if (r == n) {
                        throw new Mia4jException(file + ": grew while being read");
                    }
                    int label = rec[labelBytes - 1] & 0xff;
                    if (label >= classes.size()) {
                        throw new Mia4jException(file + " record " + k + ": label " + label + ", expected 0.."
                                + (classes.size() - 1));
                    }
                    y[r] = label;
                    for (int j = 0; j < PIXELS; j++) {
                        x[r * PIXELS + j] = (rec[labelBytes + j] & 0xff) / 255f;
                    }
                }
                sums.put(f, s.sha256Hex());
            }
        }
        if (r != n) {
            throw new Mia4jException(dir + ": " + r + " " + name + " records read, the file sizes said " + n
                    + " (changed while being read?)");
        }
        return new ArrayDataset(name, new int[] {3, 32, 32}, x, y, classes, sums);
    }
}
