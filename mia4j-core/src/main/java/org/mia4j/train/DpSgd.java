package org.mia4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.mia4j.InvalidSetting;
import org.mia4j.model.GroupNorm;
import org.mia4j.model.Residual;

/**
 * DP-SGD (Abadi et al. 2016): batches drawn by Poisson sampling (each record with probability q, as the accountant
 * assumes), every example's gradient clipped to L2 norm {@code clip}, Gaussian noise of standard deviation
 * {@code noiseMultiplier * clip} added to the sum, divided by the expected batch size; the optimiser then steps on
 * that gradient. A sample larger than {@code microBatch} is clipped and summed a micro-batch at a time before the
 * noise is added once (Opacus's virtual steps): memory stays bounded and the step is the same.
 *
 * <p>Per-example gradients come from one batched forward and backward pass, not a loop over examples: a zero tensor
 * added to each layer's output collects the gradient at that output per example; for a Linear layer the
 * per-example weight gradient is the outer product of that gradient and the layer's input, so its norm is the
 * product of two vector norms ("ghost norm") and the clipped sum is one matrix product; a convolution's input is
 * unfolded (a convolution with an identity kernel) and its per-example gradients are one batched matrix product; a
 * GroupNorm's per-example gamma and beta gradients are its output gradient times its normalised input, and its output
 * gradient, summed over each channel's positions. Layers may sit in nested chains and {@link Residual} blocks.
 *
 * @param noiseMultiplier sigma: noise standard deviation over the clipping norm
 * @param clip C: the L2 norm every example's whole gradient is clipped to
 * @param microBatch the most examples one forward/backward pass holds
 */
public record DpSgd(double noiseMultiplier, double clip, int microBatch) {
    /** The micro-batch of DP-SGD's default recipe. */
    public static final int DEFAULT_MICRO_BATCH = 256;

    /** With the default micro-batch. */
    public DpSgd(double noiseMultiplier, double clip) {
        this(noiseMultiplier, clip, DEFAULT_MICRO_BATCH);
    }

    public DpSgd {
        if (microBatch < 1) {
            throw new InvalidSetting("dp-micro-batch", "must be >= 1, got " + microBatch);
        }
        if (!(noiseMultiplier > 0) || Double.isInfinite(noiseMultiplier)) {
            throw new InvalidSetting("dp-noise", "must be > 0, got " + noiseMultiplier);
        }
        if (!(clip > 0) || Double.isInfinite(clip)) {
            throw new InvalidSetting("dp-clip", "must be > 0, got " + clip);
        }
    }

    /** Settings recorded in cache keys and results. */
    public Map<String, Object> settings() {
        return Map.of("noise_multiplier", noiseMultiplier, "clip", clip, "micro_batch", microBatch);
    }

    /**
     * Refuses a network this cannot train privately: it must be built of Linear, Conv2d (groups 1) and GroupNorm
     * layers and parameter-free blocks, in chains and {@link Residual} blocks. BatchNorm mixes the records of a batch,
     * so per-example gradients do not exist.
     */
    public static void check(Block block, String architecture) {
        if (block instanceof SequentialBlock || block instanceof Residual) {
            for (Block child : block.getChildren().values()) {
                check(child, architecture);
            }
            return;
        }
        if (block instanceof BatchNorm) {
            throw new InvalidSetting("defenses", "dp-sgd cannot train " + architecture + ": BatchNorm mixes the "
                    + "records of a batch, so per-example gradients (and the privacy guarantee) do not exist; "
                    + "use a BatchNorm-free architecture: --arch small-cnn-gn or resnet18-gn (GroupNorm), small-cnn "
                    + "or column-fc");
        }
        if (!(tappable(block) || block.getParameters().isEmpty())) {
            throw new InvalidSetting("defenses", "dp-sgd cannot compute per-example gradients of "
                    + block.getClass().getSimpleName() + " in " + architecture + " (use --arch column-fc, small-cnn, "
                    + "small-cnn-gn or resnet18-gn)");
        }
    }

    /** A layer whose per-example gradients {@link #clippedSum} computes. */
    private static boolean tappable(Block b) {
        return b instanceof Linear || b instanceof GroupNorm || b instanceof Conv2d c && c.getGroups() == 1;
    }

    /** A Poisson sample of {@code records}: each independently with probability {@code q}. */
    static int[] sample(int[] records, double q, Random rnd) {
        int[] out = new int[records.length];
        int n = 0;
        for (int r : records) {
            if (rnd.nextDouble() < q) {
                out[n++] = r;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** A layer with weights, the input it saw and the zero tensor added to its output. */
    private record Tap(Block layer, NDArray input, NDArray zero) {}

    /** The sum over a batch of every example's gradient clipped to norm {@code clip}, per parameter. */
    record Clipped(Map<Parameter, NDArray> sums, double loss) {}

    /**
     * Computes the private gradient of one batch and leaves it in every parameter's gradient, ready for
     * {@code trainer.step()}. {@code x} may hold no records (an empty Poisson sample): then the gradient is noise.
     *
     * @return the batch's mean loss (NaN when empty)
     */
    public double privateGradient(Trainer trainer, SequentialBlock block, NDManager m, NDArray x, NDArray y,
            Objective objective, int epoch, double expectedBatch) {
        Clipped c = clippedSum(trainer, block, m, x, y, objective, epoch, microBatch);
        for (var p : block.getParameters()) {
            Parameter param = p.getValue();
            NDArray sum = c.sums().get(param);
            NDArray noise = m.randomNormal(0f, (float) (noiseMultiplier * clip), param.getArray().getShape(),
                    DataType.FLOAT32);
            NDArray grad = param.getArray().getGradient();
            grad.muli(0).addi((sum == null ? noise : sum.add(noise)).div(expectedBatch));
        }
        return c.loss();
    }

    /**
     * The clipped per-example gradients of a batch, summed over micro-batches of at most {@code micro} examples
     * (empty when the batch is); the loss is the batch mean.
     */
    Clipped clippedSum(Trainer trainer, SequentialBlock block, NDManager m, NDArray x, NDArray y,
            Objective objective, int epoch, int micro) {
        long b = x.getShape().get(0);
        if (b <= micro) {
            return clippedSum(trainer, block, m, x, y, objective, epoch);
        }
        Map<Parameter, NDArray> sums = new java.util.HashMap<>();
        double loss = 0;
        for (long start = 0; start < b; start += micro) {
            long end = Math.min(b, start + micro);
            try (NDManager part = m.newSubManager()) {
                Clipped c = clippedSum(trainer, block, part, x.get(start + ":" + end), y.get(start + ":" + end),
                        objective, epoch);
                loss += c.loss() * (end - start);
                c.sums().forEach((p, g) -> {
                    NDArray acc = sums.get(p);
                    if (acc == null) {
                        g.attach(m); // kept past the micro-batch's manager
                        sums.put(p, g);
                    } else {
                        acc.addi(g);
                    }
                });
            }
        }
        return new Clipped(sums, loss / b);
    }

    /** The clipped per-example gradients of one physical batch, summed (empty when the batch is). */
    Clipped clippedSum(Trainer trainer, SequentialBlock block, NDManager m, NDArray x, NDArray y,
            Objective objective, int epoch) {
        long b = x.getShape().get(0);
        Map<Parameter, NDArray> sums = new java.util.HashMap<>();
        if (b == 0) {
            return new Clipped(sums, Double.NaN);
        }
        List<Tap> taps = new ArrayList<>();
        double loss;
        try (GradientCollector gc = trainer.newGradientCollector()) {
            NDArray h = tappedForward(block, x, new ParameterStore(m, false), m, taps);
            NDArray l = objective.loss(h, y, epoch);
            loss = l.getFloat();
            // 0 x each weight's sum: cheap, and it makes the engine keep a gradient array we then overwrite
            NDArray touch = m.zeros(new Shape());
            for (Tap t : taps) {
                for (var p : t.layer().getParameters()) {
                    touch = touch.add(p.getValue().getArray().sum());
                }
            }
            gc.backward(l.mul(b).add(touch.mul(0))); // the sum of per-example losses: each output gradient is one example's
        }
        // per tap: Linear {input, output gradient}, conv {w, bias}, GroupNorm {gamma, beta}
        List<NDArray[]> perLayer = new ArrayList<>();
        NDArray sq = m.zeros(new Shape(b));
        for (Tap t : taps) {
            NDArray g = t.zero().getGradient();
            if (t.layer() instanceof Linear) {
                NDArray a = t.input().stopGradient().reshape(b, -1);
                NDArray g2 = g.reshape(b, -1);
                NDArray aSq = a.square().sum(new int[] {1});
                if (t.layer().getParameters().contains("bias")) {
                    aSq = aSq.add(1);
                }
                sq = sq.add(g2.square().sum(new int[] {1}).mul(aSq)); // ghost norm: ||g a^T||^2 = ||g||^2 ||a||^2
                perLayer.add(new NDArray[] {a, g2});
            } else if (t.layer() instanceof GroupNorm gn) {
                NDArray xhat = GroupNorm.normalize(t.input().stopGradient(), gn.groups());
                NDArray g3 = g.reshape(b, g.getShape().get(1), -1); // (B, C, positions)
                NDArray gamma = g3.mul(xhat.reshape(g3.getShape())).sum(new int[] {2}); // (B, C)
                NDArray beta = g3.sum(new int[] {2});
                sq = sq.add(gamma.square().sum(new int[] {1})).add(beta.square().sum(new int[] {1}));
                perLayer.add(new NDArray[] {gamma, beta});
            } else {
                Convolution c = (Convolution) t.layer();
                NDArray u = unfold(t.input().stopGradient(), c, m); // (B, Cin*k*k, L)
                NDArray g3 = g.reshape(b, g.getShape().get(1), -1); // (B, Cout, L)
                NDArray w = g3.batchMatMul(u.transpose(0, 2, 1)); // (B, Cout, Cin*k*k)
                sq = sq.add(w.square().sum(new int[] {1, 2}));
                NDArray bias = g3.sum(new int[] {2}); // (B, Cout)
                if (c.isIncludeBias()) {
                    sq = sq.add(bias.square().sum(new int[] {1}));
                }
                perLayer.add(new NDArray[] {w, bias});
            }
        }
        NDArray scale = sq.sqrt().maximum(1e-12f).pow(-1).mul(clip).minimum(1f); // min(1, C / ||g_i||)
        for (int i = 0; i < taps.size(); i++) {
            Tap t = taps.get(i);
            NDArray[] f = perLayer.get(i);
            for (var p : t.layer().getParameters()) {
                Parameter param = p.getValue();
                boolean weight = p.getKey().equals("weight") || p.getKey().equals("gamma");
                NDArray sum;
                if (t.layer() instanceof Linear) {
                    NDArray cg = f[1].mul(scale.reshape(b, 1)); // (B, out)
                    sum = weight ? cg.transpose().matMul(f[0]) : cg.sum(new int[] {0});
                } else if (t.layer() instanceof GroupNorm) {
                    sum = f[weight ? 0 : 1].mul(scale.reshape(b, 1)).sum(new int[] {0});
                } else {
                    sum = weight ? f[0].mul(scale.reshape(b, 1, 1)).sum(new int[] {0})
                            : f[1].mul(scale.reshape(b, 1)).sum(new int[] {0});
                }
                sums.put(param, sum.reshape(param.getArray().getShape()));
            }
        }
        return new Clipped(sums, loss);
    }

    /**
     * {@code block}'s output on {@code x} in training mode, each tappable layer's weights detached and a zero tensor,
     * recorded in {@code taps}, added to its output.
     */
    private static NDArray tappedForward(Block block, NDArray x, ParameterStore ps, NDManager m, List<Tap> taps) {
        if (block instanceof SequentialBlock) {
            NDArray h = x;
            for (Block child : block.getChildren().values()) {
                h = tappedForward(child, h, ps, m, taps);
            }
            return h;
        }
        if (block instanceof Residual r) {
            return tappedForward(r.main(), x, ps, m, taps).add(tappedForward(r.shortcut(), x, ps, m, taps));
        }
        if (block.getParameters().isEmpty()) {
            return block.forward(ps, new NDList(x), true).singletonOrThrow();
        }
        NDArray h = detachedForward(block, x);
        NDArray zero = m.zeros(h.getShape(), h.getDataType());
        zero.setRequiresGradient(true);
        taps.add(new Tap(block, x, zero));
        return h.add(zero);
    }

    /**
     * A layer's output with its weights detached: autograd then computes only the output gradients the taps collect,
     * not the (unclipped) weight gradients, which the clipped sums replace anyway.
     */
    private static NDArray detachedForward(Block layer, NDArray x) {
        var params = layer.getParameters();
        if (layer instanceof GroupNorm gn) {
            return GroupNorm.groupNorm(x, gn.groups(), params.get("gamma").getArray().stopGradient(),
                    params.get("beta").getArray().stopGradient());
        }
        NDArray w = params.get("weight").getArray().stopGradient();
        NDArray b = params.contains("bias") ? params.get("bias").getArray().stopGradient() : null;
        if (layer instanceof Conv2d c) {
            return Conv2d.conv2d(x, w, b, c.getStride(), c.getPadding(), c.getDilation(), c.getGroups())
                    .singletonOrThrow();
        }
        return (b == null ? Linear.linear(x, w) : Linear.linear(x, w, b)).singletonOrThrow();
    }

    /** im2col as a convolution with an identity kernel: (B, Cin, H, W) to (B, Cin*kh*kw, L). */
    static NDArray unfold(NDArray input, Convolution c, NDManager m) {
        long cin = input.getShape().get(1);
        long kh = c.getKernelShape().get(0);
        long kw = c.getKernelShape().get(1);
        long k = cin * kh * kw;
        NDArray eye = m.eye((int) k).reshape(k, cin, kh, kw);
        NDArray cols = Conv2d.conv2d(input, eye, null, c.getStride(), c.getPadding(), c.getDilation(), 1)
                .singletonOrThrow();
        return cols.reshape(input.getShape().get(0), k, -1);
    }
}
