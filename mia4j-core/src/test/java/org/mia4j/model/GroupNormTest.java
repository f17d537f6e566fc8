package org.mia4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.mia4j.Mia4jException;

class GroupNormTest {

    // Fixture from PyTorch 1.13 (Debian python3-torch), generated once:
    //   torch.manual_seed(7); x = round((randn(2,4,2,3)*2+0.5), 4 places); gamma, beta = round(randn(4)), 4 places
    //   gn = torch.nn.GroupNorm(2, 4).double(); weight, bias = gamma, beta; y = gn(x)   (eps 1e-5)
    static final float[] X = {-1.1403f, 1.2913f, 2.2978f, -2.2768f, 0.1660f, 1.0703f, -0.7822f, -1.2873f, 2.3531f,
        -0.5710f, -1.8194f, -0.4203f, 1.9171f, 2.5255f, 0.9608f, 2.6803f, -2.6653f, -0.1491f, 4.3527f, -0.1600f,
        0.8969f, 2.0641f, 2.5782f, -0.9490f, 0.0813f, 0.0693f, -3.1315f, -0.1905f, -3.6230f, 1.8482f, -2.1467f,
        -2.2195f, 0.3329f, 0.4530f, 0.8488f, 5.0967f, 2.4142f, -0.8237f, -1.1569f, -0.7114f, -2.3025f, 3.0947f,
        3.7819f, -1.6134f, -0.0232f, -0.0003f, 1.5022f, 1.0201f};
    static final float[] GAMMA = {1.2799f, -0.9941f, 1.8150f, -0.6028f};
    static final float[] BETA = {1.6148f, 1.9302f, -0.4225f, -0.0832f};
    static final float[] TORCH_Y = {7.0643567e-01f, 2.8159276e+00f, 3.6890991e+00f, -2.7951499e-01f,
        1.8396933e+00f, 2.6242029e+00f, 2.3944351e+00f, 2.7347784e+00f, 2.8182732e-01f, 2.2521257e+00f,
        3.0933146e+00f, 2.1505820e+00f, 3.1537007e-01f, 9.1707249e-01f, -6.3040249e-01f, 1.0701684e+00f,
        -4.2165845e+00f, -1.7280842e+00f, -1.1282718e+00f, 3.5399246e-01f, 6.8377454e-03f, -3.7654666e-01f,
        -5.4541055e-01f, 6.1315139e-01f, 1.7811676e+00f, 1.7744317e+00f, -2.2260206e-02f, 1.6285993e+00f,
        -2.9815188e-01f, 2.7729744e+00f, 2.7723512e+00f, 2.8040907e+00f, 1.6912888e+00f, 1.6389273e+00f,
        1.4663654e+00f, -3.8564488e-01f, 1.5194053e+00f, -1.6523671e+00f, -1.9787621e+00f, -1.5423606e+00f,
        -3.1009655e+00f, 2.1860074e+00f, -1.1731131e+00f, 5.8218460e-01f, 6.4831637e-02f, 5.7381390e-02f,
        -4.3143940e-01f, -2.7459381e-01f};

    private static GroupNorm block(NDManager m, int groups, Shape in) {
        GroupNorm gn = new GroupNorm(groups);
        gn.initialize(m, DataType.FLOAT32, in);
        return gn;
    }

    private static float[] forward(GroupNorm gn, NDManager m, float[] x, Shape shape, boolean training) {
        return gn.forward(new ParameterStore(m, false), new NDList(m.create(x, shape)), training).singletonOrThrow()
                .toFloatArray();
    }

    @Test
    void matchesPyTorchsGroupNorm() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape shape = new Shape(2, 4, 2, 3);
            GroupNorm gn = block(m, 2, shape);
            m.create(GAMMA).copyTo(gn.getParameters().get("gamma").getArray());
            m.create(BETA).copyTo(gn.getParameters().get("beta").getArray());
            for (boolean training : new boolean[] {true, false}) {
                float[] y = forward(gn, m, X, shape, training);
                for (int i = 0; i < y.length; i++) {
                    assertThat(y[i]).as("y[%d] training=%s", i, training).isCloseTo(TORCH_Y[i], within(1e-5f));
                }
            }
        }
    }

    @Test
    void initialisedAsIdentityAffineAndNeverMixesExamples() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape shape = new Shape(2, 4, 2, 3);
            GroupNorm gn = block(m, 2, shape);
            assertThat(gn.getParameters().get("gamma").getArray().toFloatArray()).containsOnly(1f);
            assertThat(gn.getParameters().get("beta").getArray().toFloatArray()).containsOnly(0f);
            float[] both = forward(gn, m, X, shape, true);
            float[] second = forward(gn, m, java.util.Arrays.copyOfRange(X, 24, 48), new Shape(1, 4, 2, 3), true);
            for (int i = 0; i < 24; i++) {
                assertThat(second[i]).isCloseTo(both[24 + i], within(1e-6f));
            }
            // each group of the first example: mean 0, variance 1 (up to eps)
            for (int g = 0; g < 2; g++) {
                double s = 0;
                double sq = 0;
                for (int i = g * 12; i < g * 12 + 12; i++) {
                    s += both[i];
                    sq += both[i] * (double) both[i];
                }
                assertThat(s / 12).isCloseTo(0, within(1e-5));
                assertThat(sq / 12).isCloseTo(1, within(1e-4));
            }
        }
    }

    @Test
    void refusesChannelsNotDivisibleByGroups() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> block(m, 3, new Shape(1, 4, 2, 2))).isInstanceOf(Mia4jException.class)
                    .hasMessageContaining("divisible by 3");
        }
        assertThatThrownBy(() -> new GroupNorm(0)).isInstanceOf(Mia4jException.class);
    }

    private static long count(Network n, Class<?> type) {
        long[] c = {0};
        java.util.function.Consumer<ai.djl.nn.Block>[] walk = new java.util.function.Consumer[1];
        walk[0] = b -> {
            if (type.isInstance(b)) {
                c[0]++;
            }
            b.getChildren().values().forEach(walk[0]);
        };
        walk[0].accept(n.block());
        return c[0];
    }

    @Test
    void groupNormArchitecturesHaveGroupNormWhereTheBatchNormOnesHaveBatchNorm() {
        try (Network bn = Network.create("bn", Architecture.SMALL_CNN_BN, new int[] {1, 28, 28}, 10, 1);
                Network gn = Network.create("gn", Architecture.SMALL_CNN_GN, new int[] {1, 28, 28}, 10, 1)) {
            assertThat(count(gn, GroupNorm.class)).isEqualTo(count(bn, BatchNorm.class)).isEqualTo(2);
            assertThat(count(gn, BatchNorm.class)).isZero();
            // the same trainable parameters: gamma and beta per channel, bias-free convolutions
            assertThat(NetworkTest.parameterCount(gn)).isEqualTo(NetworkTest.parameterCount(bn) - 2 * (32 + 64));
            assertThat(gn.posteriors(new float[2 * 784], 2)).hasSize(20);
        }
        try (Network r = Network.create("r", Architecture.RESNET18_GN, new int[] {3, 32, 32}, 10, 1)) {
            assertThat(count(r, GroupNorm.class)).isEqualTo(20); // stem + 2 per block + 3 projections
            assertThat(count(r, BatchNorm.class)).isZero();
            assertThat(NetworkTest.parameterCount(r)).isEqualTo(11_173_962L); // resnet18's trainable count
            assertThat(r.posteriors(new float[2 * 3072], 2)).hasSize(20);
        }
    }
}
