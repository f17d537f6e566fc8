package org.mia4j.defense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mia4j.Mia4jException;
import org.mia4j.Progress;
import org.mia4j.data.Dataset;
import org.mia4j.data.LocationLoader;
import org.mia4j.data.SplitIndices;
import org.mia4j.data.Splits;
import org.mia4j.model.Architecture;
import org.mia4j.model.Network;
import org.mia4j.prune.L1UnstructuredPruner;
import org.mia4j.prune.Mask;
import org.mia4j.prune.Pruner;
import org.mia4j.prune.PruningContext;
import org.mia4j.train.ModelTrainer;
import org.mia4j.train.Objective;
import org.mia4j.train.TrainingConfig;

/** Each defense's loss against the formula computed by hand in doubles. */
class DefenseObjectivesTest {
    static final double[][] Z = {{2.0, 0.5, -1.0}, {0.1, 0.3, 0.2}, {-0.5, 1.5, 0.0}, {3.0, -2.0, 1.0},
        {0.0, 0.0, 0.0}};
    static final int[] Y = {0, 2, 1, 1, 0};

    static double[] logSoftmax(double[] z) {
        double max = Arrays.stream(z).max().orElseThrow();
        double s = 0;
        for (double v : z) {
            s += Math.exp(v - max);
        }
        double lse = max + Math.log(s);
        return Arrays.stream(z).map(v -> v - lse).toArray();
    }

    static double ce(int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s -= logSoftmax(Z[i])[Y[i]];
        }
        return s / n;
    }

    static double eval(Objective o, int n, int epoch) {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] flat = new float[n * 3];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < 3; k++) {
                    flat[i * 3 + k] = (float) Z[i][k];
                }
            }
            NDArray logits = m.create(flat, new Shape(n, 3));
            NDArray labels = m.create(Arrays.copyOf(Y, n));
            return o.loss(logits, labels, epoch).getFloat();
        }
    }

    @Test
    void ppbAddsTheKlBetweenTheSortedPosteriorsOfTheBatchHalves() {
        int n = 5; // odd: the last record is left out of the KL term
        double kl = 0;
        for (int i = 0; i < 2; i++) {
            double[] a = Z[i].clone();
            double[] b = Z[2 + i].clone();
            Arrays.sort(a); // ascending; order does not change softmax sums, only pairing, so reverse both
            Arrays.sort(b);
            double[] la = logSoftmax(a);
            double[] lb = logSoftmax(b);
            for (int k = 0; k < 3; k++) {
                kl += Math.exp(lb[k]) * (lb[k] - la[k]);
            }
        }
        kl /= 2;
        assertThat(kl).isGreaterThan(0.01);
        assertThat(eval(new PpbDefense(4), n, 0)).isCloseTo(ce(n) + 4 * kl, offset(1e-5));
        assertThat(eval(new PpbDefense(0), n, 0)).isCloseTo(ce(n), offset(1e-6));
        assertThat(eval(new PpbDefense(4), 1, 0)).isCloseTo(ce(1), offset(1e-6));
        assertThatThrownBy(() -> new PpbDefense(-1)).isInstanceOf(Mia4jException.class).hasMessageContaining(
                "'ppb-lambda'");
    }

    @Test
    void relaxLossAlternatesAscentDescentAndFlattening() {
        int n = 5;
        double ce = ce(n);
        assertThat(eval(new RelaxLoss(0.3, 1, RelaxLoss.Form.TABULAR), n, 0)).isCloseTo(Math.abs(ce - 0.3),
                offset(1e-5));
        assertThat(eval(new RelaxLoss(2.0, 1, RelaxLoss.Form.TABULAR), n, 0)).isCloseTo(2.0 - ce, offset(1e-5));
        // odd epoch, loss above alpha: plain descent
        assertThat(eval(new RelaxLoss(0.3, 1, RelaxLoss.Form.TABULAR), n, 1)).isCloseTo(ce, offset(1e-5));
        // odd epoch, loss below alpha: posterior flattening with soft labels (true class keeps p_y, capped)
        double upper = 0.4;
        double soft = 0;
        double image = 0;
        for (int i = 0; i < n; i++) {
            double[] lp = logSoftmax(Z[i]);
            double py = Math.min(Math.exp(lp[Y[i]]), upper);
            double s = 0;
            for (int k = 0; k < 3; k++) {
                s -= (k == Y[i] ? py : (1 - py) / 2) * lp[k];
            }
            soft += s;
            int arg = 0;
            for (int k = 1; k < 3; k++) {
                arg = Z[i][k] > Z[i][arg] ? k : arg;
            }
            image += (arg == Y[i] ? 0 : s) + lp[Y[i]];
        }
        assertThat(eval(new RelaxLoss(2.0, upper, RelaxLoss.Form.TABULAR), n, 1)).isCloseTo(soft / n, offset(1e-5));
        assertThat(eval(new RelaxLoss(2.0, upper, RelaxLoss.Form.IMAGE), n, 1)).isCloseTo(image / n, offset(1e-5));
        assertThatThrownBy(() -> new RelaxLoss(0, 1, RelaxLoss.Form.IMAGE)).hasMessageContaining("'relax-alpha'");
        assertThatThrownBy(() -> new RelaxLoss(1, 1.5, RelaxLoss.Form.IMAGE)).hasMessageContaining("'relax-upper'");
    }

    @Test
    void labelSmoothingIsCrossEntropyAgainstSmoothedTargets() {
        int n = 4;
        double eps = 0.2;
        double s = 0;
        for (int i = 0; i < n; i++) {
            double[] lp = logSoftmax(Z[i]);
            for (int k = 0; k < 3; k++) {
                s -= ((k == Y[i] ? 1 - eps : 0) + eps / 3) * lp[k];
            }
        }
        assertThat(eval(new LabelSmoothing(eps), n, 3)).isCloseTo(s / n, offset(1e-5));
        assertThatThrownBy(() -> new LabelSmoothing(1)).hasMessageContaining("'smoothing'");
    }

    @Test
    void defendedTransformsAreNamedAfterTheirDefense() {
        Pruner l1 = new L1UnstructuredPruner(0.7, L1UnstructuredPruner.Scope.LAYER);
        Defense ppb = new PpbDefense(4);
        Defended twin = new Defended(l1, ppb);
        assertThat(twin.name()).isEqualTo("l1-unstructured@0.7+ppb");
        assertThat(twin.variant().undefended()).isEqualTo(l1.variant());
        assertThat(twin.defense()).isSameAs(ppb);
        assertThat(new Defended(new Cwrf(Cwrf.Mode.A3, 0.01), ppb).readsCriticalScores()).isTrue();
        Defended scratch = Defended.fromScratch(new RelaxLoss(1, 1, RelaxLoss.Form.TABULAR));
        assertThat(scratch.name()).isEqualTo("relaxloss");
        assertThat(scratch.variant().kind()).isEqualTo(org.mia4j.model.Variant.Kind.SCRATCH);
        assertThat(DefenseRegistry.create("relaxloss", org.mia4j.Settings.NONE, true).settings())
                .containsEntry("form", "image");
        assertThatThrownBy(() -> DefenseRegistry.create("dpsgd", org.mia4j.Settings.NONE, false)).hasMessageContaining(
                "unknown defense 'dpsgd'");
        DpSgdDefense dp = DpSgdDefense.of(DefenseRegistry.create("dp-sgd", org.mia4j.Settings.NONE, false)).orElseThrow();
        assertThat(dp.trainsFromScratch()).isTrue();
        assertThat(dp.delta(1250)).isEqualTo(1e-4);
        assertThat(DpSgdDefense.of(DefenseRegistry.create("dp-sgd-finetune", org.mia4j.Settings.NONE, false)).orElseThrow().scope())
                .isEqualTo("fine-tune-only");
        // a target epsilon picks sigma for all private steps: fewer steps need less noise
        DpSgdDefense target = new DpSgdDefense(true, 1, 1, 0, 4, new DpRecipe(20, 5, 128, 1e-3, 256));
        assertThat(target.mechanism(1250, target.steps(1250, 20)).noiseMultiplier())
                .isGreaterThan(target.mechanism(1250, target.steps(1250, 5)).noiseMultiplier());
        assertThat(target.steps(1250, 20)).isEqualTo(20 * 10); // ceil(1250 / 128) steps an epoch
        assertThatThrownBy(() -> new DpSgdDefense(true, 1, 1, 1.5, 0)).hasMessageContaining("dp-delta");
    }

    /** A defense that is plain cross-entropy: retraining from theta0 with it must reproduce the original. */
    static final Defense PLAIN = new Defense() {
        @Override
        public boolean trainsFromScratch() {
            return true;
        }

        @Override
        public String name() {
            return "plain";
        }

        @Override
        public NDArray loss(NDArray logits, NDArray labels, int epoch) {
            return Objective.CROSS_ENTROPY.loss(logits, labels, epoch);
        }
    };

    @Test
    void fromScratchRewindsToTheExactInitialWeightsAndRetrainsWithTheRecipe() {
        Dataset data = LocationLoader.loadEmbedded();
        SplitIndices s = Splits.protocol(data.size(), 1, 5).get(0);
        int[] train = Arrays.copyOf(s.members(), 600);
        int[] dev = Arrays.copyOf(s.dev(), 200);
        TrainingConfig recipe = new TrainingConfig(2, 64, 1e-3, 5e-4, 5);
        try (Network net = Network.create("t", Architecture.COLUMN_FC, data.recordShape(), 30, 11)) {
            new ModelTrainer(recipe).train(net, data, train, dev, List.of(), 11, Progress.SILENT.start("t", 2));
            float[] trained = CwrfTest.flat(net);
            try (Network copy = net.copy("again")) {
                Defended scratch = Defended.fromScratch(PLAIN);
                try (Mask m = scratch.prune(copy, PruningContext.none())) {
                    assertThat(CwrfTest.flat(copy)).isNotEqualTo(trained);
                    new ModelTrainer(recipe, PLAIN).train(copy,
                            data, train, dev, List.of(m), 11, Progress.SILENT.start("t", 2));
                }
                assertThat(CwrfTest.flat(copy)).containsExactly(trained);
            }
        }
    }
}
