package org.mia4j.defense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mia4j.Mia4jException;
import org.mia4j.Progress;
import org.mia4j.critical.ScoreAnalysis;
import org.mia4j.data.Dataset;
import org.mia4j.data.LocationLoader;
import org.mia4j.data.SplitIndices;
import org.mia4j.data.Splits;
import org.mia4j.model.Architecture;
import org.mia4j.model.Network;
import org.mia4j.prune.Mask;
import org.mia4j.prune.PruningContext;
import org.mia4j.train.ModelTrainer;
import org.mia4j.train.TrainingConfig;

class CwrfTest {
    static final Dataset DATA = LocationLoader.loadEmbedded();
    static final SplitIndices SPLIT = Splits.protocol(DATA.size(), 1, 4).get(0);

    /** Scores that make the first weights of the first layer the most "vulnerable". */
    static Map<String, float[]> scores(Network n) {
        Map<String, float[]> s = new LinkedHashMap<>();
        n.block().getParameters().forEach(p -> {
            float[] v = new float[(int) p.getValue().getArray().size()];
            s.put(p.getKey(), v);
        });
        float[] first = s.values().iterator().next();
        for (int i = 0; i < first.length; i++) {
            first[i] = first.length - i;
        }
        return s;
    }

    static float[] flat(Network n) {
        List<Float> out = new ArrayList<>();
        n.block().getParameters().forEach(p -> {
            for (float x : p.getValue().getArray().toFloatArray()) {
                out.add(x);
            }
        });
        float[] a = new float[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return a;
    }

    static float[] fineTuneWith(Cwrf.Mode mode, double ratio, float[][] theta0AndTrained, int[][] chosenOut) {
        try (Network n = Network.create("t", Architecture.COLUMN_FC, DATA.recordShape(), 30, 6)) {
            TrainingConfig cfg = new TrainingConfig(2, 128, 1e-2, 5e-4, 5);
            new ModelTrainer(cfg).train(n, DATA, SPLIT.members(), SPLIT.dev(), List.of(), 6,
                    Progress.SILENT.start("t", 2));
            Map<String, Object> shared = new HashMap<>();
            Map<String, float[]> s = scores(n);
            shared.put(Cwrf.SCORES, s);
            chosenOut[0] = ScoreAnalysis.top(ScoreAnalysis.flatten(s, Map.of()).values(), ratio);
            float[] theta0 = new float[0];
            try (Network t0 = n.copy("t0")) {
                t0.restore(t0.theta0(), "theta0");
                theta0 = flat(t0);
            }
            theta0AndTrained[0] = theta0;
            theta0AndTrained[1] = flat(n);
            Cwrf cwrf = new Cwrf(mode, ratio);
            PruningContext ctx = new PruningContext(DATA, SPLIT.members(), 128, 1, m -> {}, new int[0], shared);
            try (Mask m = cwrf.prune(n, ctx)) {
                new ModelTrainer(cfg.withCosine()).train(n, DATA, SPLIT.members(), SPLIT.dev(), List.of(m), 1,
                        Progress.SILENT.start("f", 2));
            }
            return flat(n);
        }
    }

    @Test
    void cwrfRewindsAndFreezesTheChosenWeightsWhileTheRestTrains() {
        float[][] ref = new float[2][];
        int[][] chosen = new int[1][];
        float[] after = fineTuneWith(Cwrf.Mode.A3, 0.001, ref, chosen);
        boolean[] c = new boolean[after.length];
        Arrays.stream(chosen[0]).forEach(i -> c[i] = true);
        int moved = 0;
        for (int i = 0; i < after.length; i++) {
            if (c[i]) {
                assertThat(after[i]).isEqualTo(ref[0][i]); // exactly theta0 despite Adam and weight decay
            } else if (after[i] != ref[1][i]) {
                moved++;
            }
        }
        assertThat(chosen[0].length).isEqualTo(Math.round(0.001 * after.length));
        assertThat(moved).isGreaterThan(after.length / 2);
    }

    @Test
    void ablationsTreatTheChosenWeightsAsDocumented() {
        float[][] ref = new float[2][];
        int[][] chosen = new int[1][];
        float[] a1 = fineTuneWith(Cwrf.Mode.A1, 0.01, ref, chosen);
        for (int i : chosen[0]) {
            assertThat(a1[i]).isZero();
        }
        float[] a2 = fineTuneWith(Cwrf.Mode.A2, 0.01, ref, chosen);
        boolean[] c = new boolean[a2.length];
        Arrays.stream(chosen[0]).forEach(i -> c[i] = true);
        int movedChosen = 0;
        for (int i = 0; i < a2.length; i++) {
            if (!c[i]) {
                assertThat(a2[i]).isEqualTo(ref[1][i]); // everything else frozen as trained
            } else if (a2[i] != ref[0][i]) {
                movedChosen++;
            }
        }
        assertThat(movedChosen).isGreaterThan(chosen[0].length / 2); // the rewound weights train
        float[] perm = fineTuneWith(Cwrf.Mode.PERMUTE, 0.01, ref, chosen);
        float[] was = new float[chosen[0].length];
        float[] now = new float[chosen[0].length];
        for (int k = 0; k < was.length; k++) {
            was[k] = ref[1][chosen[0][k]];
            now[k] = perm[chosen[0][k]];
        }
        assertThat(now).isNotEqualTo(was);
        Arrays.sort(was);
        Arrays.sort(now);
        assertThat(now).isEqualTo(was); // same values, other places
    }

    @Test
    void badRatiosUnknownTreatmentsAndMissingScoresAreClearErrors() {
        assertThatThrownBy(() -> new Cwrf(Cwrf.Mode.A3, 0)).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("(0, 1)");
        assertThatThrownBy(() -> new Cwrf(Cwrf.Mode.A3, 1)).isInstanceOf(Mia4jException.class);
        assertThatThrownBy(() -> Cwrf.Mode.of("rewind-all")).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("cwrf");
        assertThat(new Cwrf(Cwrf.Mode.A3, 0.001).name()).isEqualTo("cwrf@0.001");
        try (Network n = Network.create("t", Architecture.COLUMN_FC, new int[] {4}, 2, 1)) {
            assertThatThrownBy(() -> new Cwrf(Cwrf.Mode.A3, 0.1).prune(n, PruningContext.none()))
                    .isInstanceOf(Mia4jException.class).hasMessageContaining("scores");
        }
    }
}
