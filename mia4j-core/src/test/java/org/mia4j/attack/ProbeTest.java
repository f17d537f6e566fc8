package org.mia4j.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mia4j.Mia4jException;
import org.mia4j.model.Architecture;
import org.mia4j.model.Network;

class ProbeTest {

    @Test
    void sensitivityIsSeededNonNegativeAndZeroForAConstantModel() {
        float[] x = new float[5 * 8];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 3) / 3f;
        }
        int[] y = {0, 1, 2, 0, 1};
        try (Network n = Network.create("n", Architecture.COLUMN_FC, new int[] {8}, 3, 1)) {
            SensitivityProbe probe = new SensitivityProbe(10, 1e-2);
            float[] a = probe.compute(n, x, y, 5, 7);
            assertThat(a).hasSize(15).isEqualTo(probe.compute(n, x, y, 5, 7));
            for (float v : a) {
                assertThat(v).isGreaterThanOrEqualTo(0f);
            }
            assertThat(a).isNotEqualTo(new float[15]);
            // all weights zero: the output does not depend on the input
            n.block().getParameters().forEach(p -> p.getValue().getArray().muli(0));
            assertThat(probe.compute(n, x, y, 5, 7)).containsOnly(0f);
        }
        assertThatThrownBy(() -> new SensitivityProbe(0, 1e-3)).isInstanceOf(Mia4jException.class);
    }

    @Test
    void labelNoiseShareIsOneForCorrectAndZeroForWrongLabelsUnderTinyNoise() {
        float[] x = new float[4 * 8];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 5) / 5f;
        }
        try (Network n = Network.create("n", Architecture.COLUMN_FC, new int[] {8}, 3, 2)) {
            float[] p = n.posteriors(x, 4);
            int[] right = new int[4];
            int[] wrong = new int[4];
            for (int i = 0; i < 4; i++) {
                int arg = 0;
                for (int k = 1; k < 3; k++) {
                    if (p[i * 3 + k] > p[i * 3 + arg]) {
                        arg = k;
                    }
                }
                right[i] = arg;
                wrong[i] = (arg + 1) % 3;
            }
            LabelNoiseProbe probe = new LabelNoiseProbe(8, 1e-7);
            assertThat(probe.compute(n, x, right, 4, 1)).containsOnly(1f);
            assertThat(probe.compute(n, x, wrong, 4, 1)).containsOnly(0f);
        }
    }
}
