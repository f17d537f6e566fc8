package org.mia4j.defense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mia4j.InvalidSetting;
import org.mia4j.model.Architecture;
import org.mia4j.model.Network;

class OutputMaskTest {

    static float[] posteriors(int n, int c, Random rnd) {
        float[] p = new float[n * c];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int k = 0; k < c; k++) {
                p[i * c + k] = (float) Math.exp(3 * rnd.nextGaussian());
                sum += p[i * c + k];
            }
            for (int k = 0; k < c; k++) {
                p[i * c + k] /= (float) sum;
            }
        }
        return p;
    }

    static int argMax(float[] p, int i, int c) {
        int arg = 0;
        for (int k = 1; k < c; k++) {
            if (p[i * c + k] > p[i * c + arg]) {
                arg = k;
            }
        }
        return arg;
    }

    @Test
    void labelsOnlyReleasesTheOneHotLabel() {
        int n = 50;
        int c = 7;
        float[] p = posteriors(n, c, new Random(1));
        try (NDManager m = NDManager.newBaseManager()) {
            float[] out = new LabelsOnly().release(m, p, c);
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < c; k++) {
                    assertThat(out[i * c + k]).isEqualTo(k == argMax(p, i, c) ? 1f : 0f);
                }
            }
        }
    }

    @Test
    void roundingKeepsDDecimalsAndRowsSummingToOne() {
        int n = 200;
        int c = 30;
        float[] p = posteriors(n, c, new Random(2));
        try (NDManager m = NDManager.newBaseManager()) {
            for (int d : new int[] {1, 2, 3}) {
                double unit = Math.pow(10, -d);
                float[] out = new RoundedPosteriors(d).release(m, p, c);
                boolean differs = false;
                for (int i = 0; i < n; i++) {
                    double sum = 0;
                    for (int k = 0; k < c; k++) {
                        double v = out[i * c + k];
                        sum += v;
                        assertThat(v / unit).isCloseTo(Math.rint(v / unit), within(1e-3)); // on the grid
                        assertThat(Math.abs(v - p[i * c + k])).isLessThan(unit); // rounded down or up
                        differs |= v != p[i * c + k];
                    }
                    assertThat(sum).isCloseTo(1.0, within(1e-5));
                }
                assertThat(differs).isTrue();
            }
        }
    }

    @Test
    void specsParseAndBadOnesNameTheSetting() {
        assertThat(OutputMask.parse("labels-only")).get().extracting(OutputMask::labelsOnly).isEqualTo(true);
        assertThat(OutputMask.parse("round@2")).get().extracting(OutputMask::name).isEqualTo("round@2");
        assertThat(OutputMask.parse("ppb@4")).isEmpty();
        assertThatThrownBy(() -> OutputMask.parse("round@x")).isInstanceOf(InvalidSetting.class)
                .hasMessageContaining("defenses");
        assertThatThrownBy(() -> OutputMask.parse("round@0")).isInstanceOf(InvalidSetting.class);
    }

    @Test
    void aMaskedModelAnswersThroughTheMask() {
        float[] x = new float[6 * 8];
        Random rnd = new Random(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        try (Network net = Network.create("n", Architecture.COLUMN_FC, new int[] {8}, 3, 1);
                NDManager m = net.manager().newSubManager()) {
            NDArray in = m.create(x, new Shape(6, 8));
            float[] plain = net.logits(m, in).softmax(1).toFloatArray();
            float[] labels = new MaskedModel(net, new LabelsOnly()).logits(m, in).softmax(1).toFloatArray();
            float[] rounded = new MaskedModel(net, new RoundedPosteriors(2)).logits(m, in).softmax(1).toFloatArray();
            for (int i = 0; i < 6; i++) {
                for (int k = 0; k < 3; k++) {
                    // log(0) is stood in for by log(1e-30)
                    assertThat(labels[i * 3 + k]).isCloseTo(k == argMax(plain, i, 3) ? 1f : 0f, within(1e-12f));
                    assertThat((double) rounded[i * 3 + k]).isCloseTo(Math.rint(100 * rounded[i * 3 + k]) / 100,
                            within(1e-6));
                }
            }
        }
    }
}
