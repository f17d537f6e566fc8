package org.mia4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.mia4j.Mia4jException;

/**
 * Group normalisation (Wu &amp; He 2018): the channels of each example split into {@code groups} groups, each group
 * normalised by its own mean and (biased) variance over its channels and positions, then scaled and shifted per
 * channel by learnable gamma and beta. Unlike BatchNorm it never mixes the examples of a batch, so per-example
 * gradients (DP-SGD) exist, and it behaves the same in training and evaluation. DJL 0.35 has no GroupNorm block
 * ({@code ai.djl.nn.norm} holds BatchNorm, GhostBatchNorm, LayerNorm, Dropout; LayerNorm's affine parameters are
 * per element, not per channel), so it is built here from reshape, mean and variance.
 */
public final class GroupNorm extends AbstractBlock {
    /** PyTorch's default, so the two agree number for number. */
    public static final float EPSILON = 1e-5f;

    private final int groups;
    private final Parameter gamma;
    private final Parameter beta;

    public GroupNorm(int groups) {
        if (groups < 1) {
            throw new Mia4jException("GroupNorm needs >= 1 group, got " + groups);
        }
        this.groups = groups;
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
    }

    public int groups() {
        return groups;
    }

    /** The normalised input before gamma and beta: (B, C, ...) in, the same shape out. */
    public static NDArray normalize(NDArray x, int groups) {
        Shape s = x.getShape();
        NDArray g = x.reshape(s.get(0), groups, -1);
        NDArray centred = g.sub(g.mean(new int[] {2}, true));
        NDArray var = centred.square().mean(new int[] {2}, true);
        return centred.div(var.add(EPSILON).sqrt()).reshape(s);
    }

    /** {@code normalize(x)} scaled by {@code gamma} and shifted by {@code beta}, both of shape (C). */
    public static NDArray groupNorm(NDArray x, int groups, NDArray gamma, NDArray beta) {
        long[] perChannel = new long[x.getShape().dimension()];
        java.util.Arrays.fill(perChannel, 1);
        perChannel[1] = x.getShape().get(1);
        Shape c = new Shape(perChannel);
        return normalize(x, groups).mul(gamma.reshape(c)).add(beta.reshape(c));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(groupNorm(x, groups, ps.getValue(gamma, x.getDevice(), training),
                ps.getValue(beta, x.getDevice(), training)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        if (in.dimension() < 2 || in.get(1) % groups != 0) {
            throw new Mia4jException("GroupNorm with " + groups + " groups needs a channel count divisible by "
                    + groups + ", got input shape " + in);
        }
        gamma.setShape(new Shape(in.get(1)));
        beta.setShape(new Shape(in.get(1)));
    }

}
