package org.mia4j.model;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;

/**
 * A DJL model of one {@link Architecture} with its parameters, plus the initial weights theta0 it was created with
 * (needed later for rewinding). Forward passes in evaluation mode produce posteriors for the attacks.
 */
public final class Network implements AutoCloseable, Queryable {
    private final ModelSpec architecture;
    private final int[] recordShape;
    private final int numClasses;
    private final Model model;
    private final ParamSet theta0;

    private Network(ModelSpec architecture, int[] recordShape, int numClasses, Model model, ParamSet theta0) {
        this.architecture = architecture;
        this.recordShape = recordShape.clone();
        this.numClasses = numClasses;
        this.model = model;
        this.theta0 = theta0;
    }

    /**
     * The engine's intra-op threads. Training's float sums are split among them, so the same seed gives other weights
     * with another count: it is part of what determines a model (its cache key).
     */
    public static int engineThreads() {
        Engine.getInstance(); // started, so its thread settings are in effect
        return ai.djl.pytorch.jni.JniUtils.getNumThreads();
    }

    /** A freshly initialised network; the engine is seeded first so theta0 is reproducible. */
    public static Network create(String name, ModelSpec architecture, int[] recordShape, int numClasses,
            long seed) {
        Engine.getInstance().setRandomSeed(Math.floorMod(seed, Integer.MAX_VALUE));
        Model model = newModel(name, architecture, recordShape, numClasses);
        return new Network(architecture, recordShape, numClasses, model,
                ParamSet.copyOf(model.getBlock(), model.getNDManager()));
    }

    /** A network whose weights and theta0 come from checkpoint files. */
    public static Network load(String name, ModelSpec architecture, int[] recordShape, int numClasses,
            Path weights, Path theta0File) {
        Model model = newModel(name, architecture, recordShape, numClasses);
        ParamSet theta0 = ParamSet.load(theta0File, model.getNDManager());
        Network n = new Network(architecture, recordShape, numClasses, model, theta0);
        theta0.copyTo(model.getBlock(), theta0File.toString()); // validates names and shapes
        try (ParamSet w = ParamSet.load(weights, model.getNDManager())) {
            n.restore(w, weights.toString());
        }
        return n;
    }

    private static Model newModel(String name, ModelSpec architecture, int[] recordShape, int numClasses) {
        Block block = architecture.build(recordShape, numClasses);
        Model model = Model.newInstance(name);
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, batchShape(1, recordShape));
        return model;
    }

    public static Shape batchShape(int n, int[] recordShape) {
        long[] dims = new long[recordShape.length + 1];
        dims[0] = n;
        for (int i = 0; i < recordShape.length; i++) {
            dims[i + 1] = recordShape[i];
        }
        return new Shape(dims);
    }

    public ModelSpec architecture() {
        return architecture;
    }

    public int[] recordShape() {
        return recordShape.clone();
    }

    public int numClasses() {
        return numClasses;
    }

    public Model model() {
        return model;
    }

    public Block block() {
        return model.getBlock();
    }

    public NDManager manager() {
        return model.getNDManager();
    }

    /** The initial weights this network was created with. */
    public ParamSet theta0() {
        return theta0;
    }

    /** Logits in evaluation mode (dropout off, BatchNorm running statistics). */
    public NDArray logits(NDManager m, NDArray x) {
        return block().forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
    }

    /** Softmax posteriors of {@code n} records (row-major features), row-major n x C. */
    public float[] posteriors(float[] features, int n) {
        int size = features.length / Math.max(n, 1);
        float[] out = new float[n * numClasses];
        int batch = architecture.evalBatch();
        for (int start = 0; start < n; start += batch) {
            int b = Math.min(batch, n - start);
            try (NDManager m = manager().newSubManager()) {
                float[] chunk = new float[b * size];
                System.arraycopy(features, start * size, chunk, 0, b * size);
                NDArray x = m.create(chunk, batchShape(b, recordShape));
                float[] p = logits(m, x).softmax(1).toFloatArray();
                System.arraycopy(p, 0, out, start * numClasses, p.length);
            }
        }
        return out;
    }

    /** A copy of the current weights (caller closes it). */
    public ParamSet snapshot() {
        return ParamSet.copyOf(block(), manager());
    }

    public void restore(ParamSet set, String what) {
        set.copyTo(block(), what);
    }

    /** A new network with the same architecture and theta0, and weights copied from this one. */
    public Network copy(String name) {
        Model m = newModel(name, architecture, recordShape, numClasses);
        Network n = new Network(architecture, recordShape, numClasses, m, theta0.duplicate(m.getNDManager()));
        try (ParamSet w = snapshot()) {
            n.restore(w, "weights of " + model.getName());
        }
        return n;
    }

    /** Saves the current weights and theta0 as two parameter files. */
    public void save(Path weights, Path theta0File) {
        try (ParamSet w = snapshot()) {
            w.save(weights);
        }
        theta0.save(theta0File);
    }

    @Override
    public void close() {
        theta0.close();
        model.close();
    }
}
