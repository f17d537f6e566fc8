package org.mia4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mia4j.Mia4jException;

/**
 * Location (Shokri et al. 2017, Foursquare Bangkok): CSV without header, field 1 the class 1..30 (quoted),
 * fields 2..447 binary features. The file is small and real, so mia4j embeds it as the default data set.
 */
public final class LocationLoader {
    public static final String FILE = "bangkok.csv.gz";
    public static final String SHA256 = "233b6bfa0f717d45f83854a70f8d201a3201efef08c20d702e888938702d0267";
    static final String RESOURCE = "/org/mia4j/data/location/" + FILE;
    static final int FEATURES = 446;
    static final int CLASSES = 30;

    private LocationLoader() {}

    /** The copy embedded in the jar. */
    public static Dataset loadEmbedded() {
        try (InputStream in = LocationLoader.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("embedded resource " + RESOURCE + " missing from the build");
            }
            return parse("embedded " + FILE, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code dir/bangkok.csv.gz}, checksum verified. */
    public static Dataset load(Path dir) {
        Path file = dir.resolve(FILE);
        return parse(file.toString(), DataFiles.readBuiltIn(file));
    }

    static Dataset parse(String what, byte[] stored) {
        String sha = Sha256.of(stored);
        Sha256.verify(what, sha, SHA256);
        List<DataFiles.Row> rows;
        try (DataFiles.Source s = DataFiles.open(what, new java.io.ByteArrayInputStream(stored), stored.length)) {
            rows = DataFiles.csvRows(what, s.content(), ',', null);
        }
        float[] x = new float[rows.size() * FEATURES];
        int[] y = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            DataFiles.Row row = rows.get(r);
            String[] f = row.fields();
            if (f.length != FEATURES + 1) {
                throw new Mia4jException(what + " line " + row.line() + ": " + f.length + " fields, expected "
                        + (FEATURES + 1) + " (label then " + FEATURES + " binary features)");
            }
            int label = parseInt(what, row.line(), 1, f[0]);
            if (label < 1 || label > CLASSES) {
                throw new Mia4jException(what + " line " + row.line() + " field 1: label " + label
                        + " outside 1.." + CLASSES);
            }
            y[r] = label - 1;
            for (int j = 0; j < FEATURES; j++) {
                String v = f[j + 1];
                if (!v.equals("0") && !v.equals("1")) {
                    throw new Mia4jException(what + " line " + row.line() + " field " + (j + 2) + ": '" + v
                            + "', expected 0 or 1");
                }
                x[r * FEATURES + j] = v.equals("1") ? 1f : 0f;
            }
        }
        List<String> names = new ArrayList<>();
        for (int c = 1; c <= CLASSES; c++) {
            names.add(Integer.toString(c));
        }
        return new ArrayDataset("location", new int[] {FEATURES}, x, y, names, Map.of(FILE, sha));
    }

    static int parseInt(String what, int line, int field, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new Mia4jException(what + " line " + line + " field " + field + ": '" + v
                    + "', expected an integer");
        }
    }
}
