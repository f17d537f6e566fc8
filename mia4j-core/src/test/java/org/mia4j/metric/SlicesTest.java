package org.mia4j.metric;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SlicesTest {

    @Test
    void perClassAndCorrectnessSlicesWithBothGroupsOnly() {
        double[] s = {0.9, 0.2, 0.8, 0.7, 0.3, 0.1};
        boolean[] d = {true, false, true, true, false, false};
        boolean[] m = {true, false, true, false, true, true};
        int[] y = {0, 0, 1, 1, 2, 2}; // class 2 has members only -> no slice
        boolean[] correct = {true, true, true, false, false, false};
        List<Slices.Slice> out = Slices.of(s, d, m, y, correct, List.of("a", "b", "c"));
        assertThat(out).extracting(Slices.Slice::name).containsExactly("class=a", "class=b", "correct",
                "misclassified");
        assertThat(out.get(0).auc()).isEqualTo(1.0);
        assertThat(out.get(1).auc()).isEqualTo(1.0);
        // correct: members 0.9, 0.8 vs non-member 0.2 -> 1.0
        assertThat(out.get(2).auc()).isEqualTo(1.0);
        // misclassified: members 0.3, 0.1 vs non-member 0.7 -> 0.0
        assertThat(out.get(3).auc()).isEqualTo(0.0);
        assertThat(out.get(3).members()).isEqualTo(2);
    }
}
