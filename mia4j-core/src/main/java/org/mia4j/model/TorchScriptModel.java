package org.mia4j.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.mia4j.Mia4jException;
import org.mia4j.data.Sha256;

/**
 * A model trained elsewhere and saved as TorchScript ({@code torch.jit.save}), loaded by DJL's PyTorch engine. It
 * maps a batch of records (the data set's record shape) to one row of logits (or posteriors) per record; it is
 * checked on load with one forward pass, so a wrong file or output width is found before any work starts.
 */
public final class TorchScriptModel implements AutoCloseable, Queryable {
    private static final int BATCH = 1024;
    private final Model model;
    private final int[] recordShape;
    private final int numClasses;
    private final boolean logits;
    private final String sha256;
    private final Path file;

    private TorchScriptModel(Model model, Path file, int[] recordShape, int numClasses, boolean logits,
            String sha256) {
        this.model = model;
        this.file = file;
        this.recordShape = recordShape.clone();
        this.numClasses = numClasses;
        this.logits = logits;
        this.sha256 = sha256;
    }

    /** Loads {@code file}; {@code logits}: its outputs are logits (softmax applied here), else posteriors. */
    public static TorchScriptModel load(Path file, int[] recordShape, int numClasses, boolean logits) {
        return load(file, recordShape, numClasses, logits ? "logits" : "posteriors", new float[0], 0);
    }

    /**
     * Loads {@code file} and settles what it returns from its outputs on {@code n} sample records ({@code sample},
     * row-major; none: a batch of zeros): {@code auto} takes rows of non-negative numbers summing to 1 for
     * posteriors and anything else for logits; {@code logits} on such rows is refused (a softmax applied twice
     * flattens every confidence); {@code posteriors} is checked on every row later.
     */
    public static TorchScriptModel load(Path file, int[] recordShape, int numClasses, String outputs,
            float[] sample, int n) {
        if (!Files.isRegularFile(file)) {
            throw new Mia4jException("model file not found: " + file.toAbsolutePath());
        }
        String sha = Sha256.of(file);
        Model model = Model.newInstance("given", "PyTorch");
        try {
            model.load(file.toAbsolutePath());
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new Mia4jException(file + ": not a TorchScript model (save it with torch.jit.save(torch.jit."
                    + "trace(model, example), path)); the engine said: " + why);
        }
        TorchScriptModel m = new TorchScriptModel(model, file, recordShape, numClasses, true, sha);
        try {
            float[] rows = n > 0 ? m.rawOutputs(sample, n) : m.rawOutputs(new float[2 * size(recordShape)], 2);
            boolean probabilities = probabilities(rows, numClasses);
            if (outputs.equals("logits") && probabilities) {
                throw new Mia4jException(file + ": its outputs are probabilities (every row non-negative and "
                        + "summing to 1), not logits; a softmax on them would flatten every confidence: use --outputs "
                        + "posteriors (or auto)");
            }
            boolean logits = outputs.equals("auto") ? !probabilities : outputs.equals("logits");
            return new TorchScriptModel(model, file, recordShape, numClasses, logits, sha);
        } catch (RuntimeException e) {
            m.close();
            throw e instanceof Mia4jException ? e : new Mia4jException(file + ": a forward pass on a batch of shape "
                    + Network.batchShape(2, recordShape) + " failed; the model must take records of the data set's "
                    + "shape " + Arrays.toString(recordShape) + ". The engine said: " + engineError(e));
        }
    }

    /** Whether every row of {@code rows} (row-major, width {@code c}) is non-negative and sums to 1. */
    static boolean probabilities(float[] rows, int c) {
        for (int i = 0; i < rows.length / c; i++) {
            double sum = 0;
            for (int k = 0; k < c; k++) {
                float v = rows[i * c + k];
                if (!(v >= 0)) {
                    return false;
                }
                sum += v;
            }
            if (Math.abs(sum - 1) > 1e-3) {
                return false;
            }
        }
        return true;
    }

    /** What the model returns, as used: {@code logits} (softmax applied here) or {@code posteriors}. */
    public String outputKind() {
        return logits ? "logits" : "posteriors";
    }

    /** Number of parameters the model holds (every tensor of the TorchScript module). */
    public long parameterCount() {
        long n = 0;
        for (var p : model.getBlock().getParameters().values()) {
            n += p.getArray().size();
        }
        return n;
    }

    /**
     * Share of exact zeros among the weights (parameters of two or more dimensions: linear and convolution kernels,
     * as mia4j's own sparsity counts them); 0 when the module has none.
     */
    public double sparsity() {
        long zeros = 0;
        long total = 0;
        for (var p : model.getBlock().getParameters().values()) {
            NDArray a = p.getArray();
            if (a.getShape().dimension() < 2) {
                continue;
            }
            total += a.size();
            zeros += a.size() - a.countNonzero().getLong();
        }
        return total == 0 ? 0 : zeros / (double) total;
    }

    /**
     * The line of a TorchScript failure that says what went wrong: libtorch's message starts with "The following
     * operation failed in the TorchScript interpreter" and a traceback, and ends with the error itself (e.g. "mat1
     * and mat2 shapes cannot be multiplied (2x5 and 4x3)", the shapes given and expected).
     */
    static String engineError(Throwable e) {
        List<String> lines = String.valueOf(e.getMessage()).lines().map(String::strip).filter(l -> !l.isEmpty())
                .toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            int at = lines.get(i).indexOf("Error: ");
            if (at >= 0) {
                return lines.get(i).substring(at + "Error: ".length());
            }
        }
        return lines.isEmpty() ? "" : lines.get(0);
    }

    @Override
    public NDManager manager() {
        return model.getNDManager();
    }

    @Override
    public int[] recordShape() {
        return recordShape.clone();
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    /** Logits as the model returns them, or the log of its posteriors (same softmax). */
    @Override
    public NDArray logits(NDManager m, NDArray x) {
        NDArray y = model.getBlock().forward(new ParameterStore(m, false), new NDList(x), false).get(0)
                .toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        return logits ? y : y.clip(1e-30f, 1f).log();
    }

    public String sha256() {
        return sha256;
    }

    /** Posteriors of {@code n} records (row-major features), row-major n x C; each row checked. */
    public float[] posteriors(float[] features, int n) {
        float[] p = posteriorsUnchecked(features, n);
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int k = 0; k < numClasses; k++) {
                float v = p[i * numClasses + k];
                if (!Float.isFinite(v) || v < 0) {
                    throw new Mia4jException(file + ": output " + v + " for record " + i + " class " + k + " is not "
                            + "a probability" + (logits ? "" : " (the model returns logits: use --outputs auto or "
                            + "logits)"));
                }
                sum += v;
            }
            if (Math.abs(sum - 1) > 1e-3) {
                throw new Mia4jException(file + ": outputs of record " + i + " sum to " + sum + ", expected 1 "
                        + "(the model returns logits, not posteriors: use --outputs auto or logits)");
            }
        }
        return p;
    }

    private float[] posteriorsUnchecked(float[] features, int n) {
        return outputs(features, n, logits);
    }

    /** The model's outputs as it returns them (no softmax), row-major n x C. */
    private float[] rawOutputs(float[] features, int n) {
        return outputs(features, n, false);
    }

    private float[] outputs(float[] features, int n, boolean softmax) {
        int size = size(recordShape);
        float[] out = new float[n * numClasses];
        for (int start = 0; start < n; start += BATCH) {
            int b = Math.min(BATCH, n - start);
            try (NDManager m = model.getNDManager().newSubManager()) {
                NDArray x = m.create(Arrays.copyOfRange(features, start * size, (start + b) * size),
                        Network.batchShape(b, recordShape));
                NDArray y = model.getBlock().forward(new ParameterStore(m, false), new NDList(x), false).get(0);
                if (y.getShape().dimension() != 2 || y.getShape().get(0) != b || y.getShape().get(1) != numClasses) {
                    throw new Mia4jException(file + ": the model returns shape " + y.getShape() + " for " + b
                            + " records, expected (" + b + ", " + numClasses + "): one output per class of the data "
                            + "set");
                }
                float[] p = (softmax ? y.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).softmax(1)
                        : y.toType(ai.djl.ndarray.types.DataType.FLOAT32, false)).toFloatArray();
                System.arraycopy(p, 0, out, start * numClasses, p.length);
            }
        }
        return out;
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public void close() {
        model.close();
    }
}
