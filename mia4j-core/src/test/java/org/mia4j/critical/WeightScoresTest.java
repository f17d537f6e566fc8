package org.mia4j.critical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mia4j.Mia4jException;
import org.mia4j.Progress;
import org.mia4j.data.Dataset;
import org.mia4j.data.LocationLoader;
import org.mia4j.data.SplitIndices;
import org.mia4j.data.Splits;
import org.mia4j.model.Architecture;
import org.mia4j.model.Network;
import org.mia4j.train.ModelTrainer;
import org.mia4j.train.TrainingConfig;

class WeightScoresTest {
    static final Dataset DATA = LocationLoader.loadEmbedded();
    static final SplitIndices SPLIT = Splits.protocol(DATA.size(), 1, 2).get(0);

    static Network trained() {
        Network n = Network.create("t", Architecture.COLUMN_FC, DATA.recordShape(), 30, 5);
        new ModelTrainer(TrainingConfig.DEFAULT.withEpochs(3)).train(n, DATA, SPLIT.members(), SPLIT.dev(), List.of(),
                5, Progress.SILENT.start("t", 3));
        return n;
    }

    @Test
    void scoresCoverEveryTrainableWeightAndAreNonNegative() {
        try (Network n = trained()) {
            Map<String, float[]> l = WeightScores.learnability(n, DATA, SPLIT.members(), 128, true);
            assertThat(l).hasSize(6); // 3 weights + 3 biases
            long total = l.values().stream().mapToLong(v -> v.length).sum();
            assertThat(total).isEqualTo(446L * 256 + 256 + 256 * 128 + 128 + 128 * 30 + 30);
            l.values().forEach(v -> {
                for (float x : v) {
                    assertThat(x).isGreaterThanOrEqualTo(0f);
                }
            });
            // squared and absolute forms rank differently but are both positive somewhere
            assertThat(l.get(l.keySet().iterator().next())).isNotEqualTo(new float[446 * 256]);
        }
    }

    @Test
    void lossGapOfASetAgainstItselfIsZero() {
        try (Network n = trained()) {
            int[] m = Arrays.copyOf(SPLIT.members(), 256);
            Map<String, float[]> g = WeightScores.lossGap(n, DATA, m, m, 128);
            g.values().forEach(v -> {
                for (float x : v) {
                    assertThat(x).isZero();
                }
            });
            Map<String, float[]> g2 = WeightScores.lossGap(n, DATA, m, Arrays.copyOf(SPLIT.nonMembers(), 256), 128);
            assertThat(g2.values().stream().mapToDouble(v -> {
                double s = 0;
                for (float x : v) {
                    s += x;
                }
                return s;
            }).sum()).isGreaterThan(0);
        }
    }

    @Test
    void pveIsSeededLeavesTheModelUntouchedAndNeedsData() {
        try (Network n = trained()) {
            float[] before = n.posteriors(DATA.features(new int[] {0, 1}), 2);
            WeightScores.PveOptions o = new WeightScores.PveOptions(0.5, 5, true, 1.0);
            int[] ref = Arrays.copyOf(SPLIT.nonMembers(), 300);
            Map<String, float[]> a = WeightScores.pve(n, DATA, SPLIT.members(), ref, 64, 1e-3, o, 3);
            Map<String, float[]> b = WeightScores.pve(n, DATA, SPLIT.members(), ref, 64, 1e-3, o, 3);
            a.forEach((k, v) -> assertThat(b.get(k)).isEqualTo(v));
            Map<String, float[]> c = WeightScores.pve(n, DATA, SPLIT.members(), ref, 64, 1e-3,
                    new WeightScores.PveOptions(1.0, 5, true, 1.0), 3);
            assertThat(c.values().iterator().next()).isNotEqualTo(a.values().iterator().next());
            assertThat(n.posteriors(DATA.features(new int[] {0, 1}), 2)).isEqualTo(before);
            assertThatThrownBy(() -> WeightScores.pve(n, DATA, SPLIT.members(), new int[0], 64, 1e-3, o, 3))
                    .isInstanceOf(Mia4jException.class).hasMessageContaining("reference records");
            assertThatThrownBy(() -> WeightScores.pve(n, DATA, SPLIT.members(), Arrays.copyOf(SPLIT.members(), 10), 64,
                    1e-3, o, 3)).isInstanceOf(Mia4jException.class).hasMessageContaining("overlap");
            assertThatThrownBy(() -> new WeightScores.PveOptions(1.5, 5, true, 1)).isInstanceOf(Mia4jException.class)
                    .hasMessageContaining("'pve-lambda'");
        }
    }
}
