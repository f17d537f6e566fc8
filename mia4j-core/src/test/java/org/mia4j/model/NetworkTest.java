package org.mia4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mia4j.Mia4jException;

class NetworkTest {

    static long parameterCount(Network n) {
        return n.block().getParameters().stream().mapToLong(p -> p.getValue().getArray().size()).sum();
    }

    @Test
    void columnFcHasThePapersLayerSizes() {
        try (Network n = Network.create("t", Architecture.COLUMN_FC, new int[] {446}, 30, 1)) {
            // 446*256+256 + 256*128+128 + 128*30+30
            assertThat(parameterCount(n)).isEqualTo(446L * 256 + 256 + 256 * 128 + 128 + 128 * 30 + 30);
            float[] p = n.posteriors(new float[446 * 3], 3);
            assertThat(p).hasSize(90);
            double sum = 0;
            for (int k = 0; k < 30; k++) {
                sum += p[k];
            }
            assertThat(sum).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
        }
    }

    @Test
    void smallCnnAndResNet18RunForward() {
        try (Network cnn = Network.create("c", Architecture.SMALL_CNN, new int[] {1, 28, 28}, 10, 1)) {
            assertThat(cnn.posteriors(new float[2 * 784], 2)).hasSize(20);
        }
        try (Network r = Network.create("r", Architecture.RESNET18, new int[] {3, 32, 32}, 10, 1)) {
            // the standard CIFAR ResNet-18 has 11,173,962 parameters (+ BatchNorm running statistics)
            long trainable = r.block().getParameters().stream().filter(p -> p.getValue().requiresGradient())
                    .mapToLong(p -> p.getValue().getArray().size()).sum();
            assertThat(trainable).isEqualTo(11_173_962L);
            assertThat(r.posteriors(new float[2 * 3072], 2)).hasSize(20);
        }
    }

    @Test
    void sameSeedSameInitialWeightsAndTheta0IsKept() {
        try (Network a = Network.create("a", Architecture.COLUMN_FC, new int[] {20}, 3, 5);
                Network b = Network.create("b", Architecture.COLUMN_FC, new int[] {20}, 3, 5);
                Network c = Network.create("c", Architecture.COLUMN_FC, new int[] {20}, 3, 6)) {
            NDArray wa = a.block().getParameters().get(0).getValue().getArray();
            assertThat(wa.toFloatArray()).isEqualTo(b.block().getParameters().get(0).getValue().getArray().toFloatArray());
            assertThat(wa.toFloatArray()).isNotEqualTo(c.block().getParameters().get(0).getValue().getArray().toFloatArray());
            wa.muli(0);
            String first = a.block().getParameters().get(0).getKey();
            assertThat(a.theta0().arrays().get(first).toFloatArray())
                    .isEqualTo(b.block().getParameters().get(0).getValue().getArray().toFloatArray());
        }
    }

    @Test
    void checkpointRoundTripIsExact(@TempDir Path dir) {
        float[] x = new float[20 * 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 7) / 7f;
        }
        try (Network a = Network.create("a", Architecture.COLUMN_FC, new int[] {20}, 3, 5)) {
            a.block().getParameters().get(0).getValue().getArray().addi(0.5f); // weights now differ from theta0
            a.save(dir.resolve("w.params"), dir.resolve("t0.params"));
            try (Network b = Network.load("b", Architecture.COLUMN_FC, new int[] {20}, 3, dir.resolve("w.params"),
                    dir.resolve("t0.params"))) {
                assertThat(b.posteriors(x, 4)).isEqualTo(a.posteriors(x, 4));
                for (Map.Entry<String, NDArray> e : a.theta0().arrays().entrySet()) {
                    assertThat(b.theta0().arrays().get(e.getKey()).toFloatArray())
                            .isEqualTo(e.getValue().toFloatArray());
                }
            }
            try (Network copy = a.copy("copy")) {
                assertThat(copy.posteriors(x, 4)).isEqualTo(a.posteriors(x, 4));
            }
        }
    }

    @Test
    void loadingIntoAnotherArchitectureOrATruncatedFileIsAClearError(@TempDir Path dir) throws Exception {
        try (Network a = Network.create("a", Architecture.COLUMN_FC, new int[] {20}, 3, 5)) {
            a.save(dir.resolve("w.params"), dir.resolve("t0.params"));
        }
        assertThatThrownBy(() -> Network.load("b", Architecture.COLUMN_FC, new int[] {21}, 3,
                dir.resolve("w.params"), dir.resolve("t0.params"))).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("has shape");
        byte[] raw = Files.readAllBytes(dir.resolve("w.params"));
        Files.write(dir.resolve("w.params"), java.util.Arrays.copyOf(raw, raw.length / 2));
        assertThatThrownBy(() -> Network.load("b", Architecture.COLUMN_FC, new int[] {20}, 3,
                dir.resolve("w.params"), dir.resolve("t0.params"))).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> Architecture.of("vgg99")).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("column-fc");
        assertThatThrownBy(() -> Network.create("x", Architecture.SMALL_CNN, new int[] {446}, 3, 1))
                .isInstanceOf(Mia4jException.class).hasMessageContaining("rank 3");
    }
}
