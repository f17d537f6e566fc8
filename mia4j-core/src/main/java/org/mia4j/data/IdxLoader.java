package org.mia4j.data;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mia4j.Mia4jException;

/**
 * MNIST-style IDX files (images magic 0x803, labels magic 0x801, big-endian), plain or gzipped. Train and test
 * files are concatenated into one pool, as the split protocol wants. Pixels are scaled to [0,1].
 */
public final class IdxLoader {
    public static final List<String> FILES = List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

    private IdxLoader() {}

    /**
     * Loads the four {@link #FILES} from {@code dir}; {@code expected} maps file name to SHA-256 (may be empty for
     * unknown copies, whose checksums are still recorded).
     */
    public static Dataset load(String name, Path dir, Map<String, String> expected, List<String> classNames) {
        Map<String, String> sums = new LinkedHashMap<>();
        Images train = read(dir, FILES.get(0), FILES.get(1), expected, sums);
        Images test = read(dir, FILES.get(2), FILES.get(3), expected, sums);
        if (train.rows != test.rows || train.cols != test.cols) {
            throw new Mia4jException("IDX train images are " + train.rows + "x" + train.cols + " but test images "
                    + test.rows + "x" + test.cols + " in " + dir);
        }
        int n = train.labels.length + test.labels.length;
        int size = train.rows * train.cols;
        float[] x = new float[n * size];
        int[] y = new int[n];
        copy(train, x, y, 0, size);
        copy(test, x, y, train.labels.length, size);
        for (int i = 0; i < n; i++) {
            if (y[i] >= classNames.size()) {
                throw new Mia4jException("IDX labels in " + dir + ": label " + y[i] + " at record " + i
                        + " outside 0.." + (classNames.size() - 1));
            }
        }
        return new ArrayDataset(name, new int[] {1, train.rows, train.cols}, x, y, classNames, sums);
    }

    private record Images(byte[] pixels, int offset, int rows, int cols, int[] labels) {}

    private static void copy(Images im, float[] x, int[] y, int start, int size) {
        for (int i = 0; i < im.labels.length; i++) {
            y[start + i] = im.labels[i];
            int src = im.offset + i * size;
            int dst = (start + i) * size;
            for (int j = 0; j < size; j++) {
                x[dst + j] = (im.pixels[src + j] & 0xff) / 255f;
            }
        }
    }

    private static Images read(Path dir, String imagesName, String labelsName, Map<String, String> expected,
            Map<String, String> sums) {
        byte[] img = checked(dir.resolve(imagesName), expected, sums);
        byte[] lab = checked(dir.resolve(labelsName), expected, sums);
        String imgWhat = dir.resolve(imagesName).toString();
        String labWhat = dir.resolve(labelsName).toString();
        ByteBuffer bi = header(imgWhat, img, 16, 0x803);
        int n = bi.getInt(4);
        int rows = bi.getInt(8);
        int cols = bi.getInt(12);
        if (n < 0 || rows <= 0 || cols <= 0 || img.length != 16L + (long) n * rows * cols) {
            throw new Mia4jException(imgWhat + ": header says " + n + " images of " + rows + "x" + cols + " = "
                    + (16L + (long) n * rows * cols) + " bytes, file has " + img.length
                    + " (truncated or not an IDX image file)");
        }
        ByteBuffer bl = header(labWhat, lab, 8, 0x801);
        int nl = bl.getInt(4);
        if (nl != n || lab.length != 8 + nl) {
            throw new Mia4jException(labWhat + ": " + nl + " labels in header, " + (lab.length - 8)
                    + " bytes of labels; expected " + n + " to match " + imagesName);
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = lab[8 + i] & 0xff;
        }
        return new Images(img, 16, rows, cols, labels);
    }

    private static ByteBuffer header(String what, byte[] b, int len, int magic) {
        if (b.length < len) {
            throw new Mia4jException(what + ": " + b.length + " bytes, shorter than the " + len
                    + "-byte IDX header");
        }
        ByteBuffer bb = ByteBuffer.wrap(b);
        int m = bb.getInt(0);
        if (m != magic) {
            throw new Mia4jException(what + String.format(": magic number 0x%08x, expected 0x%08x", m, magic));
        }
        return bb;
    }

    private static byte[] checked(Path file, Map<String, String> expected, Map<String, String> sums) {
        byte[] stored = DataFiles.readStored(file);
        String sha = Sha256.of(stored);
        String want = expected.get(file.getFileName().toString());
        if (want != null) {
            Sha256.verify(file.toString(), sha, want);
        }
        sums.put(file.getFileName().toString(), sha);
        return DataFiles.content(file.toString(), stored);
    }
}
