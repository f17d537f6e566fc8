package org.mia4j.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mia4j.Mia4jException;

/**
 * Model outputs and labels saved by other tools: NPY ({@code (records, classes)} float32/float64 outputs,
 * {@code (records,)} integer labels; {@code (models, records, classes)} for reference models) or CSV (a header
 * row, one row per record, one column per class; a {@code label} column may carry the labels). Outputs are
 * posteriors (rows summing to 1) or logits, turned into posteriors here with a stable softmax.
 */
public final class OutputFiles {
    /** Tolerance for posterior rows that should sum to 1 (float32 softmax written as text). */
    static final double SUM_TOLERANCE = 1e-3;

    private OutputFiles() {}

    /** Outputs of one model on {@code records} records of {@code classes} classes, row-major posteriors. */
    public record Outputs(String file, int records, int classes, float[] posteriors, Optional<int[]> labels,
            String kind) {

        public Outputs(String file, int records, int classes, float[] posteriors, Optional<int[]> labels) {
            this(file, records, classes, posteriors, labels, "posteriors");
        }
    }

    /** Reads one model's outputs; {@code logits}: the file holds logits, else posteriors. */
    public static Outputs read(Path file, boolean logits) {
        return read(file, logits ? "logits" : "posteriors", List.of());
    }

    /**
     * Reads one model's outputs. {@code kind}: {@code auto} (rows of non-negative numbers summing to 1 are
     * posteriors, anything else logits), {@code logits} (refused on rows that are all probabilities: a second softmax
     * would flatten them) or {@code posteriors}. {@code classNames}: the model's output order, for a CSV's label
     * column written as class names (empty: labels must be integers).
     */
    public static Outputs read(Path file, String kind, List<String> classNames) {
        String what = file.toString();
        if (isNpy(file)) {
            Npy.Array a = Npy.read(file);
            if (a.rank() != 2) {
                throw new Mia4jException(what + ": shape " + Arrays.toString(a.shape()) + ", expected (records, "
                        + "classes) outputs of one model");
            }
            requireFloat(what, a);
            int n = (int) a.shape()[0];
            int c = (int) a.shape()[1];
            String used = settled(kind, a.values(), n, c);
            return new Outputs(what, n, c, posteriors(what, a.values(), 0, n, c, used), Optional.empty(), used);
        }
        return readCsv(file, kind, classNames);
    }

    /** Reference models' outputs: {@code (models, records, classes)}, each model's turned into posteriors. */
    public static List<float[]> readStack(Path file, boolean logits, int records, int classes) {
        return readStack(file, logits ? "logits" : "posteriors", records, classes);
    }

    /** As above; {@code kind} as in {@link #read(Path, String, List)}. */
    public static List<float[]> readStack(Path file, String kind, int records, int classes) {
        String what = file.toString();
        if (!isNpy(file)) {
            throw new Mia4jException(what + ": reference outputs must be an NPY file of shape (models, records, "
                    + "classes)");
        }
        Npy.Array a = Npy.read(file);
        requireFloat(what, a);
        if (a.rank() != 3 || a.shape()[1] != records || a.shape()[2] != classes) {
            throw new Mia4jException(what + ": shape " + Arrays.toString(a.shape()) + ", expected (models, "
                    + records + ", " + classes + "): each reference model's outputs on the audited records");
        }
        List<float[]> out = new ArrayList<>();
        for (int m = 0; m < a.shape()[0]; m++) {
            out.add(posteriors(what + " model " + m, a.values(), (long) m * records * classes, records, classes,
                    kind));
        }
        return out;
    }

    /** A 0/1 (or bool) membership matrix {@code (models, records)}. */
    public static List<boolean[]> readMembership(Path file, int models, int records) {
        String what = file.toString();
        Npy.Array a = Npy.read(file);
        if (a.rank() != 2 || a.shape()[0] != models || a.shape()[1] != records) {
            throw new Mia4jException(what + ": shape " + Arrays.toString(a.shape()) + ", expected (" + models + ", "
                    + records + "): 1 where reference model m trained on audited record i, else 0");
        }
        List<boolean[]> out = new ArrayList<>();
        for (int m = 0; m < models; m++) {
            boolean[] in = new boolean[records];
            for (int i = 0; i < records; i++) {
                double v = a.values()[m * records + i];
                if (v != 0 && v != 1) {
                    throw new Mia4jException(what + " model " + m + " record " + i + ": " + v + ", expected 0 or 1");
                }
                in[i] = v == 1;
            }
            out.add(in);
        }
        return out;
    }

    /** Integer labels, one per record, each in [0, classes). */
    public static int[] readLabels(Path file, int records, int classes) {
        return readLabels(file, records, classes, List.of());
    }

    /** As above; a CSV may write the labels as class names of {@code classNames} (the model's output order). */
    public static int[] readLabels(Path file, int records, int classes, List<String> classNames) {
        String what = file.toString();
        double[] v;
        if (isNpy(file)) {
            Npy.Array a = Npy.read(file);
            if (a.rank() != 1 && !(a.rank() == 2 && a.shape()[1] == 1)) {
                throw new Mia4jException(what + ": shape " + Arrays.toString(a.shape()) + ", expected (records,) "
                        + "integer labels");
            }
            if (!a.integral()) {
                throw new Mia4jException(what + ": dtype " + a.dtype() + ", expected integer labels");
            }
            v = a.values();
        } else {
            List<DataFiles.Row> rows = DataFiles.csvRows(file, ',', null);
            // a header is a first row that is neither a number nor a class name
            int first = !rows.isEmpty() && !isNumber(rows.get(0).fields()[0])
                    && !classNames.contains(rows.get(0).fields()[0].strip()) ? 1 : 0;
            v = new double[rows.size() - first];
            for (int i = first; i < rows.size(); i++) {
                DataFiles.Row r = rows.get(i);
                v[i - first] = label(what + " line " + r.line(), r.fields()[0], classNames);
            }
        }
        return labels(what, v, records, classes);
    }

    static int[] labels(String what, double[] v, int records, int classes) {
        if (v.length != records) {
            throw new Mia4jException(what + ": " + v.length + " labels, expected " + records + " (one per record of "
                    + "the outputs)");
        }
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i]) || v[i] < 0 || v[i] >= classes) {
                String label = v[i] == Math.rint(v[i]) && Math.abs(v[i]) < 1e15 ? Long.toString((long) v[i])
                        : Double.toString(v[i]); // "label 10", not "label 10.0"
                throw new Mia4jException(what + " record " + i + ": label " + label + " outside the classes 0.."
                        + (classes - 1) + " of the outputs");
            }
            out[i] = (int) v[i];
        }
        return out;
    }

    /** One label cell: an integer, or a name of {@code classNames} (its position). */
    static double label(String where, String cell, List<String> classNames) {
        String t = cell.strip();
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            int k = classNames.indexOf(t);
            if (k >= 0) {
                return k;
            }
            throw new Mia4jException(where + ": label '" + t + "', expected " + (classNames.isEmpty()
                    ? "an integer (labels written as class names need the model's output order: --classes "
                    + "FILE|NAME,NAME,...)" : "an integer or one of the classes " + classNames));
        }
    }

    private static Outputs readCsv(Path file, String kind, List<String> classNames) {
        String what = file.toString();
        List<DataFiles.Row> rows = DataFiles.csvRows(file, ',', null);
        if (rows.size() < 2) {
            throw new Mia4jException(what + ": expected a header row and at least one record");
        }
        String[] header = rows.get(0).fields();
        int labelCol = -1;
        for (int j = 0; j < header.length; j++) {
            if (header[j].strip().replace("\uFEFF", "").equalsIgnoreCase("label")) {
                labelCol = j;
            }
        }
        int c = header.length - (labelCol >= 0 ? 1 : 0);
        int n = rows.size() - 1;
        double[] v = new double[n * c];
        double[] y = new double[labelCol >= 0 ? n : 0];
        for (int i = 0; i < n; i++) {
            DataFiles.Row r = rows.get(i + 1);
            if (r.fields().length != header.length) {
                throw new Mia4jException(what + " line " + r.line() + ": " + r.fields().length + " fields, expected "
                        + header.length + " as in the header");
            }
            int k = 0;
            for (int j = 0; j < header.length; j++) {
                if (j == labelCol) {
                    y[i] = label(what + " line " + r.line() + " column '" + header[j] + "'", r.fields()[j],
                            classNames);
                    continue;
                }
                double x;
                try {
                    x = Double.parseDouble(r.fields()[j].strip());
                } catch (NumberFormatException e) {
                    throw new Mia4jException(what + " line " + r.line() + " column '" + header[j] + "': '"
                            + r.fields()[j] + "', expected a number");
                }
                v[i * c + k++] = x;
            }
        }
        String used = settled(kind, v, n, c);
        float[] p = posteriors(what, v, 0, n, c, used);
        Optional<int[]> labels = labelCol >= 0 ? Optional.of(labels(what + " column 'label'", y, n, c))
                : Optional.empty();
        return new Outputs(what, n, c, p, labels, used);
    }

    /**
     * Posteriors of records [0, n) of the values starting at {@code offset}: checked finite, and for posteriors
     * checked to sum to 1; logits go through a max-shifted softmax in double precision.
     */
    static float[] posteriors(String what, double[] v, long offset, int n, int c, boolean logits) {
        return posteriors(what, v, offset, n, c, logits ? "logits" : "posteriors");
    }

    static float[] posteriors(String what, double[] v, long offset, int n, int c, String kind) {
        if (c < 2) {
            throw new Mia4jException(what + ": " + c + " output column(s), expected one per class (at least 2)");
        }
        boolean probabilities = probabilities(v, offset, n, c);
        if (kind.equals("logits") && probabilities) {
            throw new Mia4jException(what + ": every row is non-negative and sums to 1: these are posteriors, not "
                    + "logits (a softmax on them would flatten every confidence); use --outputs posteriors (or auto)");
        }
        boolean logits = kind.equals("auto") ? !probabilities : kind.equals("logits");
        float[] out = new float[n * c];
        for (int i = 0; i < n; i++) {
            int base = (int) (offset + (long) i * c);
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (int k = 0; k < c; k++) {
                double x = v[base + k];
                if (!Double.isFinite(x)) {
                    throw new Mia4jException(what + " record " + i + " class " + k + ": " + x + ", expected a finite "
                            + "number");
                }
                max = Math.max(max, x);
                sum += x;
            }
            if (logits) {
                double z = 0;
                for (int k = 0; k < c; k++) {
                    z += Math.exp(v[base + k] - max);
                }
                for (int k = 0; k < c; k++) {
                    out[i * c + k] = (float) (Math.exp(v[base + k] - max) / z);
                }
                continue;
            }
            for (int k = 0; k < c; k++) {
                if (v[base + k] < 0 || v[base + k] > 1 + SUM_TOLERANCE) {
                    throw new Mia4jException(what + " record " + i + " class " + k + ": " + v[base + k] + " is not a "
                            + "probability (these look like logits: use --outputs logits)");
                }
                out[i * c + k] = (float) v[base + k];
            }
            if (Math.abs(sum - 1) > SUM_TOLERANCE) {
                throw new Mia4jException(String.format(Locale.ROOT, "%s record %d: posteriors sum to %.6g, expected 1 "
                        + "(if these are logits or scores, use --outputs logits)", what, i, sum));
            }
        }
        return out;
    }

    /** What {@code auto} reads the values as: posteriors when every row is a probability vector, else logits. */
    private static String settled(String kind, double[] v, int n, int c) {
        return !kind.equals("auto") ? kind : c >= 2 && probabilities(v, 0, n, c) ? "posteriors" : "logits";
    }

    /** Whether every row is non-negative and sums to 1 (within {@link #SUM_TOLERANCE}). */
    private static boolean probabilities(double[] v, long offset, int n, int c) {
        for (int i = 0; i < n; i++) {
            int base = (int) (offset + (long) i * c);
            double sum = 0;
            for (int k = 0; k < c; k++) {
                if (!(v[base + k] >= 0)) {
                    return false;
                }
                sum += v[base + k];
            }
            if (Math.abs(sum - 1) > SUM_TOLERANCE) {
                return false;
            }
        }
        return true;
    }

    private static void requireFloat(String what, Npy.Array a) {
        if (a.integral()) {
            throw new Mia4jException(what + ": dtype " + a.dtype() + ", expected float32 or float64 outputs");
        }
    }

    private static boolean isNpy(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
