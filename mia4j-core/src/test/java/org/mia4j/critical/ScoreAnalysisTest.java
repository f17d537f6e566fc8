package org.mia4j.critical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoreAnalysisTest {

    @Test
    void handWorkedStatistics() {
        double[] a = {1, 2, 3, 4, 5};
        double[] b = {2, 4, 6, 8, 10};
        assertThat(ScoreAnalysis.pearson(a, b)).isCloseTo(1.0, within(1e-12));
        // monotone but not linear: Spearman 1, Pearson below 1
        double[] c = {1, 8, 27, 64, 125};
        assertThat(ScoreAnalysis.spearman(a, c)).isCloseTo(1.0, within(1e-12));
        assertThat(ScoreAnalysis.pearson(a, c)).isLessThan(0.99);
        // ties get average ranks: [1, 2.5, 2.5, 4]
        assertThat(ScoreAnalysis.ranks(new double[] {0, 5, 5, 9})).containsExactly(1, 2.5, 2.5, 4);
        // top 20% of 10 weights holds 9+10 of 55
        double[] s = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(ScoreAnalysis.concentration(s, 0.2)).isCloseTo(19.0 / 55, within(1e-12));
        assertThat(ScoreAnalysis.top(s, 0.2)).containsExactly(9, 8);
        assertThat(ScoreAnalysis.jaccard(new int[] {1, 2, 3}, new int[] {2, 3, 4})).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void correlationsPerComponent() {
        Map<String, float[]> x = new LinkedHashMap<>();
        x.put("w", new float[] {1, 2, 3});
        x.put("b", new float[] {1, 2});
        Map<String, float[]> y = new LinkedHashMap<>();
        y.put("w", new float[] {3, 2, 1});
        y.put("b", new float[] {5, 7});
        Map<String, String> kinds = Map.of("w", "linear", "b", "bias");
        List<ScoreAnalysis.Correlation> c = ScoreAnalysis.correlations(ScoreAnalysis.flatten(x, kinds),
                ScoreAnalysis.flatten(y, kinds));
        assertThat(c).extracting(ScoreAnalysis.Correlation::component).containsExactly("all", "linear", "bias");
        assertThat(c.get(1).pearson()).isCloseTo(-1, within(1e-12));
        assertThat(c.get(2).pearson()).isCloseTo(1, within(1e-12));
        assertThat(c.get(0).weights()).isEqualTo(5);
    }
}
