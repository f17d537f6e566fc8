package org.mia4j.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.mia4j.Mia4jException;

/**
 * UCI Adult: {@code adult.data.gz} + {@code adult.test.gz} pooled. Numeric columns are standardised over the
 * pool, categorical ones one-hot encoded ({@code ?} is its own category); label {@code >50K} is class 1.
 */
public final class AdultLoader {
    public static final Map<String, String> FILES = Map.of(
            "adult.data.gz", "c7a2b4716a97f930123e0baf879188d701e798172631a654fc703d4b082907f3",
            "adult.test.gz", "8a2c1bffa6e7ce5abfa43881ae5e87c4311ebc2b3cd526c9c40a43f19f06f799");
    private static final int FIELDS = 15;
    private static final boolean[] NUMERIC = {true, false, true, false, true, false, false, false, false, false,
        true, true, true, false};

    private AdultLoader() {}

    public static Dataset load(Path dir) {
        Map<String, String> sums = new LinkedHashMap<>();
        List<String[]> records = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (String name : List.of("adult.data.gz", "adult.test.gz")) {
            Path file = dir.resolve(name);
            byte[] stored = DataFiles.readBuiltIn(file);
            String sha = Sha256.of(stored);
            Sha256.verify(file.toString(), sha, FILES.get(name));
            sums.put(name, sha);
            // adult.test opens with the line "|1x3 Cross validator"
            List<DataFiles.Row> rows;
            try (DataFiles.Source s = DataFiles.open(file.toString(), new java.io.ByteArrayInputStream(stored),
                    stored.length)) {
                rows = DataFiles.csvRows(file.toString(), s.content(), ',', "|");
            }
            for (DataFiles.Row row : rows) {
                String[] f = row.fields();
                if (f.length != FIELDS) {
                    throw new Mia4jException(file + " line " + row.line() + ": " + f.length + " fields, expected "
                            + FIELDS);
                }
                String lab = f[14].endsWith(".") ? f[14].substring(0, f[14].length() - 1) : f[14];
                if (!lab.equals("<=50K") && !lab.equals(">50K")) {
                    throw new Mia4jException(file + " line " + row.line() + " field 15: '" + f[14]
                            + "', expected <=50K or >50K");
                }
                for (int j = 0; j < 14; j++) {
                    if (NUMERIC[j]) {
                        try {
                            Double.parseDouble(f[j]);
                        } catch (NumberFormatException e) {
                            throw new Mia4jException(file + " line " + row.line() + " field " + (j + 1) + ": '"
                                    + f[j] + "', expected a number");
                        }
                    }
                }
                records.add(f);
                labels.add(lab.equals(">50K") ? 1 : 0);
            }
        }
        return encode(records, labels, sums);
    }

    private static Dataset encode(List<String[]> records, List<Integer> labels, Map<String, String> sums) {
        int n = records.size();
        List<List<String>> cats = new ArrayList<>();
        int width = 0;
        for (int j = 0; j < 14; j++) {
            if (NUMERIC[j]) {
                cats.add(List.of());
                width++;
            } else {
                TreeSet<String> values = new TreeSet<>();
                for (String[] r : records) {
                    values.add(r[j]);
                }
                cats.add(new ArrayList<>(values));
                width += values.size();
            }
        }
        float[] x = new float[n * width];
        int[] y = new int[n];
        int col = 0;
        for (int j = 0; j < 14; j++) {
            if (NUMERIC[j]) {
                double sum = 0;
                double sq = 0;
                for (String[] r : records) {
                    double v = Double.parseDouble(r[j]);
                    sum += v;
                    sq += v * v;
                }
                double mean = sum / n;
                double sd = Math.sqrt(Math.max(sq / n - mean * mean, 1e-12));
                for (int i = 0; i < n; i++) {
                    x[i * width + col] = (float) ((Double.parseDouble(records.get(i)[j]) - mean) / sd);
                }
                col++;
            } else {
                List<String> values = cats.get(j);
                for (int i = 0; i < n; i++) {
                    x[i * width + col + values.indexOf(records.get(i)[j])] = 1f;
                }
                col += values.size();
            }
        }
        for (int i = 0; i < n; i++) {
            y[i] = labels.get(i);
        }
        return new ArrayDataset("adult", new int[] {width}, x, y, List.of("<=50K", ">50K"), sums);
    }
}
