package org.mia4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.mia4j.Mia4jException;

/**
 * A table as read from a CSV file: numeric and categorical columns and the class of each row. Models see it encoded:
 * numeric columns standardised, categorical columns one-hot, with the means, deviations and categories learned from
 * the training rows only ({@link #fitTo}), so nothing about held-out records leaks into the features. A category
 * never seen in training encodes as all zeros. {@link #raw()} gives the numbers as written, for a model trained
 * elsewhere that expects its own inputs.
 */
public final class TabularDataset implements Dataset {
    private final String name;
    private final List<String> columns;
    private final double[][] numeric; // [column][row], NaN for categorical columns
    private final String[][] categorical; // [column][row], null for numeric columns
    private final int[] labels;
    private final List<String> classNames;
    private final Map<String, String> checksums;
    private ArrayDataset all;
    private boolean namedClasses;
    private List<String> warnings = List.of();
    private List<String> ignored = List.of();

    TabularDataset(String name, List<String> columns, double[][] numeric, String[][] categorical, int[] labels,
            List<String> classNames, Map<String, String> checksums) {
        this.name = name;
        this.columns = List.copyOf(columns);
        this.numeric = numeric;
        this.categorical = categorical;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
        this.checksums = Map.copyOf(checksums);
    }

    /** The same table with what its loader learned: string labels, warnings about columns, columns left out. */
    TabularDataset withLoadNotes(boolean named, List<String> notes, List<String> ignoredColumns) {
        this.namedClasses = named;
        this.warnings = List.copyOf(notes);
        this.ignored = List.copyOf(ignoredColumns);
        return this;
    }

    /**
     * Whether the labels were strings, so the class order is their alphabetical one and says nothing about a
     * model trained elsewhere (integer labels are their own order).
     */
    public boolean namedClasses() {
        return namedClasses;
    }

    /** What the loader noticed but did not refuse (e.g. a column that looks like a record identifier). */
    public List<String> warnings() {
        return warnings;
    }

    /** Encoded with statistics and categories of {@code trainRows}. */
    public ArrayDataset fitTo(int[] trainRows) {
        if (trainRows.length == 0) {
            throw new Mia4jException(name + ": no training rows to learn the feature encoding from");
        }
        List<double[]> scale = new ArrayList<>(); // per numeric column {mean, sd}
        List<List<String>> cats = new ArrayList<>();
        int width = 0;
        StringBuilder desc = new StringBuilder("standardise+one-hot on " + trainRows.length + " rows:");
        if (!ignored.isEmpty()) {
            desc.append(" ignored=").append(ignored);
        }
        for (int c = 0; c < columns.size(); c++) {
            if (categorical[c] == null) {
                double mean = 0;
                for (int r : trainRows) {
                    mean += numeric[c][r];
                }
                mean /= trainRows.length;
                double var = 0;
                for (int r : trainRows) {
                    var += (numeric[c][r] - mean) * (numeric[c][r] - mean);
                }
                double sd = Math.sqrt(var / trainRows.length);
                scale.add(new double[] {mean, sd > 0 ? sd : 1}); // a constant column stays 0
                cats.add(null);
                width++;
                desc.append(' ').append(columns.get(c)).append('=').append(mean).append('/').append(sd);
            } else {
                TreeSet<String> seen = new TreeSet<>();
                for (int r : trainRows) {
                    seen.add(categorical[c][r]);
                }
                scale.add(null);
                cats.add(new ArrayList<>(seen));
                width += seen.size();
                desc.append(' ').append(columns.get(c)).append('=').append(seen);
            }
        }
        int n = labels.length;
        float[] x = new float[n * width];
        for (int r = 0; r < n; r++) {
            int at = r * width;
            for (int c = 0; c < columns.size(); c++) {
                if (cats.get(c) == null) {
                    double[] s = scale.get(c);
                    x[at++] = (float) ((numeric[c][r] - s[0]) / s[1]);
                } else {
                    int k = java.util.Collections.binarySearch(cats.get(c), categorical[c][r]);
                    if (k >= 0) {
                        x[at + k] = 1;
                    }
                    at += cats.get(c).size();
                }
            }
        }
        String encoding = Sha256.of(desc.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new ArrayDataset(name, new int[] {width}, x, labels, classNames, checksums, "encoded:" + encoding);
    }

    /** The numeric columns as written (no scaling); an error when a column is categorical. */
    public ArrayDataset raw() {
        int w = columns.size();
        float[] x = new float[labels.length * w];
        for (int c = 0; c < w; c++) {
            if (categorical[c] != null) {
                throw new Mia4jException(name + ": column '" + columns.get(c) + "' is categorical; a model trained "
                        + "elsewhere needs the table encoded as it expects it (numbers only)");
            }
            for (int r = 0; r < labels.length; r++) {
                x[r * w + c] = (float) numeric[c][r];
            }
        }
        return new ArrayDataset(name, new int[] {w}, x, labels, classNames, checksums, "raw:" + columns);
    }

    /** The rows {@code idx} as a new table (used to cap large pools). */
    public TabularDataset subset(int[] idx) {
        double[][] num = new double[numeric.length][];
        String[][] cat = new String[categorical.length][];
        for (int c = 0; c < columns.size(); c++) {
            if (categorical[c] == null) {
                double[] v = new double[idx.length];
                for (int i = 0; i < idx.length; i++) {
                    v[i] = numeric[c][idx[i]];
                }
                num[c] = v;
            } else {
                String[] v = new String[idx.length];
                for (int i = 0; i < idx.length; i++) {
                    v[i] = categorical[c][idx[i]];
                }
                cat[c] = v;
            }
        }
        int[] y = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            y[i] = labels[idx[i]];
        }
        return new TabularDataset(name, columns, num, cat, y, classNames, checksums).withLoadNotes(namedClasses,
                warnings, ignored);
    }

    /** The feature columns and, for categorical ones, their distinct values. */
    public Map<String, List<String>> categories() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int c = 0; c < columns.size(); c++) {
            if (categorical[c] != null) {
                out.put(columns.get(c), new ArrayList<>(new TreeSet<>(Arrays.asList(categorical[c]))));
            }
        }
        return out;
    }

    private ArrayDataset all() {
        if (all == null) {
            int[] every = new int[labels.length];
            Arrays.setAll(every, i -> i);
            all = fitTo(every);
        }
        return all;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return labels.length;
    }

    /** Shape of the encoding fitted on every row; an audit refits on the target's training rows. */
    @Override
    public int[] recordShape() {
        return all().recordShape();
    }

    @Override
    public int numClasses() {
        return classNames.size();
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int label(int i) {
        return labels[i];
    }

    /** Features encoded with statistics of every row (an audit refits on the target's training rows only). */
    @Override
    public float[] features(int[] idx) {
        return all().features(idx);
    }

    @Override
    public String preprocessing() {
        return all().preprocessing();
    }

    @Override
    public Map<String, String> checksums() {
        return checksums;
    }
}
