package org.mia4j.data;

import org.mia4j.InvalidSetting;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.mia4j.Mia4jException;

/**
 * Any CSV table with a header row: the user names the label column. Every other column is numeric (every value a
 * finite number) or categorical (mostly non-numbers, e.g. "married", "self-emp"); a column that is numeric but for a
 * few values is an error naming the first of them, since that is usually a typo. Labels may be any strings; classes
 * are their sorted distinct values (numerically when all are integers), shown by name in scores and reports. The
 * result is a {@link TabularDataset}, encoded for training with statistics of the training rows only.
 */
public final class CsvLoader {
    private CsvLoader() {}

    public static TabularDataset load(Path file, String labelColumn) {
        return load(file, labelColumn, ',');
    }

    public static TabularDataset load(Path file, String labelColumn, char delimiter) {
        return load(file, labelColumn, delimiter, List.of());
    }

    /**
     * As above, leaving out the columns {@code ignore} (e.g. record identifiers). A text column whose values are
     * (nearly) all distinct is refused: one-hot encoded, it would give each record a feature of its own, a
     * membership signal in the inputs; a strictly increasing integer column is kept with a warning
     * ({@link TabularDataset#warnings()}).
     */
    public static TabularDataset load(Path file, String labelColumn, char delimiter, List<String> ignore) {
        if (labelColumn == null || labelColumn.isBlank()) {
            throw new InvalidSetting("label-column", "is required for a CSV data set (the header name of the "
                    + "column holding the class)");
        }
        String what = file.toString();
        List<DataFiles.Row> rows;
        String sha;
        try (DataFiles.Source s = DataFiles.open(file)) {
            rows = DataFiles.csvRows(what, s.content(), delimiter, null);
            sha = s.sha256Hex();
        }
        if (rows.isEmpty()) {
            throw new Mia4jException(what + ": empty, expected a header row and at least one record");
        }
        String[] header = rows.get(0).fields().clone();
        header[0] = header[0].replace("\uFEFF", ""); // a UTF-8 byte order mark is not part of the name
        int labelCol = Arrays.asList(header).indexOf(labelColumn);
        if (labelCol < 0) {
            throw new Mia4jException(what + " line " + rows.get(0).line() + ": no column named '" + labelColumn
                    + "' in the header; columns are " + Arrays.toString(header)
                    + (header.length == 1 ? " (is the delimiter right? see --delimiter)" : ""));
        }
        for (String c : ignore) {
            if (!Arrays.asList(header).contains(c)) {
                throw new InvalidSetting("ignore-columns", "names '" + c + "', which " + what + " does not have; "
                        + "columns are " + Arrays.toString(header));
            }
            if (c.equals(labelColumn)) {
                throw new InvalidSetting("ignore-columns", "names the label column '" + c + "'");
            }
        }
        if (header.length - 1 - new java.util.HashSet<>(ignore).size() < 1) {
            throw new Mia4jException(what + " line " + rows.get(0).line() + ": the label column '" + labelColumn
                    + (ignore.isEmpty() ? "' is the only column" : "' and the ignored columns " + ignore + " are all "
                    + "the columns") + ", expected at least one feature column (is the delimiter right? see "
                    + "--delimiter)");
        }
        int n = rows.size() - 1;
        if (n == 0) {
            throw new Mia4jException(what + ": header only, expected at least one record");
        }
        String[][] cells = new String[header.length][n];
        String[] raw = new String[n];
        for (int r = 0; r < n; r++) {
            DataFiles.Row row = rows.get(r + 1);
            String[] f = row.fields();
            if (f.length != header.length) {
                throw new Mia4jException(what + " line " + row.line() + ": " + f.length + " fields, expected "
                        + header.length + " as in the header");
            }
            for (int j = 0; j < f.length; j++) {
                cells[j][r] = f[j].strip();
            }
            raw[r] = cells[labelCol][r];
            if (raw[r].isEmpty()) {
                throw new Mia4jException(what + " line " + row.line() + ": empty label in column '" + labelColumn
                        + "', expected a class");
            }
        }
        List<String> columns = new ArrayList<>();
        List<double[]> numeric = new ArrayList<>();
        List<String[]> categorical = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (int j = 0; j < header.length; j++) {
            if (j == labelCol || ignore.contains(header[j])) {
                continue;
            }
            columns.add(header[j]);
            double[] v = new double[n];
            int numbers = 0;
            int firstBad = -1;
            for (int r = 0; r < n; r++) {
                try {
                    v[r] = Double.parseDouble(cells[j][r]);
                    if (!Double.isFinite(v[r])) {
                        throw new NumberFormatException();
                    }
                    numbers++;
                } catch (NumberFormatException e) {
                    firstBad = firstBad < 0 ? r : firstBad;
                }
            }
            if (numbers == n) {
                if (increasingIntegers(v)) {
                    warnings.add(what + " column '" + header[j] + "' is a strictly increasing integer (" + (long) v[0]
                            + ", " + (long) v[1] + ", ...): if it identifies records, leave it out with "
                            + "--ignore-columns " + header[j]);
                }
                numeric.add(v);
                categorical.add(null);
            } else if (numbers * 2 < n) {
                long distinct = Arrays.stream(cells[j]).distinct().count();
                if (n >= MIN_ROWS_FOR_ID && distinct >= ID_SHARE * n) {
                    throw new Mia4jException(what + " column '" + header[j] + "': " + distinct + " distinct values in "
                            + n + " rows, like an identifier; one-hot encoded it would give each record a feature "
                            + "of its own (a membership signal in the inputs). Leave it out with --ignore-columns "
                            + header[j]);
                }
                numeric.add(null);
                categorical.add(cells[j]);
            } else {
                throw new Mia4jException(what + " line " + rows.get(firstBad + 1).line() + " column '" + header[j]
                        + "': '" + cells[j][firstBad] + "', expected a finite number (the column holds numbers in "
                        + numbers + " of " + n + " rows; fix the value, or write the column as categories)");
            }
        }
        List<String> classes = classNames(raw);
        boolean named = !Arrays.stream(raw).allMatch(c -> c.matches("-?\\d{1,9}"));
        if (classes.size() < 2) {
            throw new Mia4jException(what + ": label column '" + labelColumn + "' holds one class only, expected"
                    + " at least 2");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            index.put(classes.get(i), i);
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = index.get(raw[i]);
        }
        String name = file.getFileName().toString().replaceAll("\\.(csv|tsv|txt)(\\.gz)?$", "");
        return new TabularDataset(name, columns, numeric.toArray(double[][]::new),
                categorical.toArray(String[][]::new), y, classes, Map.of(file.getFileName().toString(),
                        sha)).withLoadNotes(named, warnings, ignore);
    }

    /** A text column with at least this share of distinct values (in enough rows) is taken for an identifier. */
    static final double ID_SHARE = 0.95;
    static final int MIN_ROWS_FOR_ID = 20;

    /** Whether {@code v} holds integers, each larger than the one before (a row number or an identifier). */
    private static boolean increasingIntegers(double[] v) {
        if (v.length < MIN_ROWS_FOR_ID) {
            return false;
        }
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i]) || i > 0 && v[i] <= v[i - 1]) {
                return false;
            }
        }
        return true;
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
