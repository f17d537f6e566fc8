package org.mia4j.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.mia4j.Mia4jException;

/**
 * Any numeric CSV with a header row: the user names the label column; every other column must be numeric.
 * Labels may be any strings; classes are their sorted distinct values (numerically when all are integers).
 */
public final class CsvLoader {
    private CsvLoader() {}

    public static Dataset load(Path file, String labelColumn) {
        return load(file, labelColumn, ',');
    }

    public static Dataset load(Path file, String labelColumn, char delimiter) {
        if (labelColumn == null || labelColumn.isBlank()) {
            throw new Mia4jException("--label-column is required for a CSV data set (the header name of the "
                    + "column holding the class)");
        }
        byte[] stored = DataFiles.readStored(file);
        String what = file.toString();
        List<DataFiles.Row> rows = DataFiles.csvRows(what, DataFiles.content(what, stored), delimiter, null);
        if (rows.isEmpty()) {
            throw new Mia4jException(what + ": empty, expected a header row and at least one record");
        }
        String[] header = rows.get(0).fields();
        int labelCol = Arrays.asList(header).indexOf(labelColumn);
        if (labelCol < 0) {
            throw new Mia4jException(what + " line " + rows.get(0).line() + ": no column named '" + labelColumn
                    + "' in the header; columns are " + Arrays.toString(header));
        }
        int width = header.length - 1;
        int n = rows.size() - 1;
        if (n == 0) {
            throw new Mia4jException(what + ": header only, expected at least one record");
        }
        float[] x = new float[n * width];
        String[] raw = new String[n];
        for (int r = 0; r < n; r++) {
            DataFiles.Row row = rows.get(r + 1);
            String[] f = row.fields();
            if (f.length != header.length) {
                throw new Mia4jException(what + " line " + row.line() + ": " + f.length + " fields, expected "
                        + header.length + " as in the header");
            }
            int c = 0;
            for (int j = 0; j < f.length; j++) {
                if (j == labelCol) {
                    raw[r] = f[j];
                    continue;
                }
                try {
                    float v = Float.parseFloat(f[j]);
                    if (!Float.isFinite(v)) {
                        throw new NumberFormatException();
                    }
                    x[r * width + c++] = v;
                } catch (NumberFormatException e) {
                    throw new Mia4jException(what + " line " + row.line() + " column '" + header[j] + "': '" + f[j]
                            + "', expected a finite number (encode categorical columns numerically first)");
                }
            }
        }
        List<String> classes = classNames(raw);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            index.put(classes.get(i), i);
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = index.get(raw[i]);
        }
        if (classes.size() < 2) {
            throw new Mia4jException(what + ": label column '" + labelColumn + "' holds one class only, expected"
                    + " at least 2");
        }
        String name = file.getFileName().toString().replaceAll("\\.csv(\\.gz)?$", "");
        return new ArrayDataset(name, new int[] {width}, x, y, classes,
                Map.of(file.getFileName().toString(), Sha256.of(stored)));
    }

    private static List<String> classNames(String[] raw) {
        boolean allInts = Arrays.stream(raw).allMatch(s -> s.matches("-?\\d{1,9}"));
        TreeSet<String> set = allInts
                ? new TreeSet<>((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)))
                : new TreeSet<>();
        set.addAll(Arrays.asList(raw));
        return new ArrayList<>(set);
    }
}
