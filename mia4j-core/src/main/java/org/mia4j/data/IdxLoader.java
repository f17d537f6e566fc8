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
        String imgWhat = dir.resolve(imagesName).toString();
        String labWhat = dir.resolve(labelsName).toString();
        byte[] img;
        int n;
        int rows;
        int cols;
        try (DataFiles.Source s = checked(dir.resolve(imagesName), expected, sums)) {
            ByteBuffer bi = header(imgWhat, s, 16, 0x803);
            n = bi.getInt(4);
            rows = bi.getInt(8);
            cols = bi.getInt(12);
            long need = (long) n * rows * cols;
            if (n < 0 || rows <= 0 || cols <= 0 || !s.gzipped() && s.storedSize() != 16 + need) {
                throw new Mia4jException(imgWhat + ": header says " + n + " images of " + rows + "x" + cols + " = "
                        + (16 + need) + " bytes, file has " + s.storedSize()
                        + " (truncated or not an IDX image file)");
            }
            DataFiles.requireWithinCap(imgWhat, 16 + need);
            img = DataFiles.readUpTo(imgWhat, s.content(), need);
            if (img.length != need || !DataFiles.atEnd(imgWhat, s.content())) {
                throw new Mia4jException(imgWhat + ": header says " + n + " images of " + rows + "x" + cols + " = "
                        + (16 + need) + " bytes, the file holds " + (img.length < need ? 16 + img.length : "more")
                        + " (truncated or not an IDX image file)");
            }
        }
        int[] labels = new int[n];
        try (DataFiles.Source s = checked(dir.resolve(labelsName), expected, sums)) {
            ByteBuffer bl = header(labWhat, s, 8, 0x801);
            int nl = bl.getInt(4);
            if (nl != n) {
                throw new Mia4jException(labWhat + ": " + nl + " labels in header; expected " + n + " to match "
                        + imagesName);
            }
            byte[] lab = DataFiles.readUpTo(labWhat, s.content(), n);
            if (lab.length != n || !DataFiles.atEnd(labWhat, s.content())) {
                throw new Mia4jException(labWhat + ": " + nl + " labels in header, " + (lab.length < n ? lab.length
                        : "more") + " bytes of labels; expected " + n + " to match " + imagesName);
            }
            for (int i = 0; i < n; i++) {
                labels[i] = lab[i] & 0xff;
            }
        }
        return new Images(img, 0, rows, cols, labels);
    }

    private static ByteBuffer header(String what, DataFiles.Source s, int len, int magic) {
        byte[] b = DataFiles.readUpTo(what, s.content(), len);
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

    /** The stored file, its checksum verified (when known) before its content is read. */
    private static DataFiles.Source checked(Path file, Map<String, String> expected, Map<String, String> sums) {
        byte[] stored = DataFiles.readBuiltIn(file);
        String sha = Sha256.of(stored);
        String want = expected.get(file.getFileName().toString());
        if (want != null) {
            Sha256.verify(file.toString(), sha, want);
        }
        sums.put(file.getFileName().toString(), sha);
        return DataFiles.open(file.toString(), new java.io.ByteArrayInputStream(stored), stored.length);
    }
}
