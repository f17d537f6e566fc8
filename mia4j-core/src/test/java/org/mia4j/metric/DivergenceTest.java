package org.mia4j.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mia4j.outputs.ModelOutputs;

class DivergenceTest {

    @Test
    void wassersteinOfHandWorkedDistributions() {
        // shifting a distribution by d moves it W1 = d
        assertThat(Divergence.wasserstein(new double[] {0.1, 0.5, 0.9}, new double[] {0.3, 0.7, 1.1}))
                .isCloseTo(0.2, within(1e-12));
        // {0, 1} vs {0.5}: |F_a - F_b| = 1/2 on [0, 1] -> 0.5
        assertThat(Divergence.wasserstein(new double[] {0, 1}, new double[] {0.5})).isCloseTo(0.5, within(1e-12));
        assertThat(Divergence.wasserstein(new double[] {0.2, 0.4}, new double[] {0.4, 0.2})).isZero();
    }

    @Test
    void perClassGapsOfConfidenceAndLoss() {
        // class 0: members p_y 0.9, 0.7; non-member 0.5. class 1: members only -> no row.
        float[] p = {0.9f, 0.1f, 0.7f, 0.3f, 0.5f, 0.5f, 0.2f, 0.8f};
        ModelOutputs o = new ModelOutputs("m", p, 2, new int[] {0, 0, 0, 1},
                new boolean[] {true, true, false, true});
        List<Divergence.ClassDivergence> d = Divergence.of(o, List.of("a", "b"));
        assertThat(d).extracting(Divergence.ClassDivergence::cls).containsExactly("a", "all");
        Divergence.ClassDivergence a = d.get(0);
        assertThat(a.confidenceGap()).isCloseTo(0.8 - 0.5, within(1e-6));
        assertThat(a.lossGap()).isCloseTo(-Math.log(0.5) + (Math.log(0.9) + Math.log(0.7)) / 2, within(1e-6));
        // members {0.7, 0.9} vs {0.5}: W1 = mean distance = 0.3
        assertThat(a.wasserstein()).isCloseTo(0.3, within(1e-6));
    }
}
