package org.mia4j.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mia4j.InvalidSetting;
import org.mia4j.model.Queryable;

class HopSkipJumpTest {
    static final int D = 20;
    static final int N = 40;
    static NDManager manager;
    static Linear model;
    static float[] x = new float[N * D];
    static int[] predicted = new int[N];

    /** Two classes split by the hyperplane w.x + b = 0: logits (0, w.x + b). */
    record Linear(NDManager manager, NDArray w, float b) implements Queryable {
        @Override
        public int[] recordShape() {
            return new int[] {D};
        }

        @Override
        public int numClasses() {
            return 2;
        }

        @Override
        public NDArray logits(NDManager m, NDArray in) {
            NDArray s = in.matMul(w).add(b);
            return m.zeros(s.getShape()).stack(s, 1);
        }

        double margin(float[] rows, int i) {
            double dot = b;
            double norm = 0;
            float[] wv = w.toFloatArray();
            for (int j = 0; j < D; j++) {
                dot += wv[j] * rows[i * D + j];
                norm += wv[j] * wv[j];
            }
            return dot / Math.sqrt(norm);
        }
    }

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
        Random r = new Random(3);
        float[] w = new float[D];
        for (int j = 0; j < D; j++) {
            w[j] = (float) r.nextGaussian();
        }
        model = new Linear(manager, manager.create(w, new Shape(D)), 0.3f);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < N; i++) {
            predicted[i] = model.margin(x, i) > 0 ? 1 : 0;
        }
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    @Test
    void findsTheDistanceToALinearBoundary() {
        HopSkipJump hsj = new HopSkipJump(1000, D);
        // 1 + 10 queries, then iterations of 100 sqrt(t + 1) + 6 + 10: 116, 157, 189, 216, 240, then 55 + 6 + 10 with
        // what is left
        assertThat(hsj.iterations()).isEqualTo(6);
        assertThat(hsj.queriesPerRecord()).isEqualTo(1000);
        float[] dist = hsj.distances(model, x, predicted, N, 11, k -> {});
        double worst = 0;
        for (int i = 0; i < N; i++) {
            double truth = Math.abs(model.margin(x, i));
            // an upper bound (a point labelled otherwise) close to the truth
            assertThat((double) dist[i]).isGreaterThanOrEqualTo(truth * (1 - 1e-4));
            worst = Math.max(worst, dist[i] / truth - 1);
        }
        assertThat(worst).isLessThan(0.1);
        assertThat(mean(dist)).isLessThan(0.05);
    }

    static double mean(float[] dist) {
        double e = 0;
        for (int i = 0; i < N; i++) {
            e += dist[i] / Math.abs(model.margin(x, i)) - 1;
        }
        return e / N;
    }

    @Test
    void moreQueriesComeCloser() {
        float[] few = new HopSkipJump(60, D).distances(model, x, predicted, N, 11, k -> {});
        float[] many = new HopSkipJump(1000, D).distances(model, x, predicted, N, 11, k -> {});
        double errFew = 0;
        double errMany = 0;
        for (int i = 0; i < N; i++) {
            double truth = Math.abs(model.margin(x, i));
            errFew += few[i] / truth - 1;
            errMany += many[i] / truth - 1;
        }
        assertThat(errMany).isLessThan(errFew);
    }

    @Test
    void wronglyLabelledRecordsAreAtDistanceZero() {
        int[] wrong = predicted.clone();
        wrong[0] = 1 - wrong[0];
        wrong[5] = 1 - wrong[5];
        float[] dist = new HopSkipJump(100, D).distances(model, x, wrong, N, 11, k -> {});
        assertThat(dist[0]).isZero();
        assertThat(dist[5]).isZero();
        assertThat(dist[1]).isPositive();
    }

    @Test
    void batchedEqualsOneRecordAtATimeAndIsSeeded() {
        float[] batched = new HopSkipJump(200, D, 16).distances(model, x, predicted, N, 5, k -> {});
        float[] single = new HopSkipJump(200, D, 1).distances(model, x, predicted, N, 5, k -> {});
        for (int i = 0; i < N; i++) {
            assertThat(single[i]).isCloseTo(batched[i], within(1e-5f * batched[i]));
        }
        assertThat(new HopSkipJump(200, D, 16).distances(model, x, predicted, N, 5, k -> {})).isEqualTo(batched);
        assertThat(new HopSkipJump(200, D, 16).distances(model, x, predicted, N, 6, k -> {})).isNotEqualTo(batched);
    }

    @Test
    void findsTheBoundaryOfAGivenTorchScriptModel() throws Exception {
        // tiny.pt: logit_k = sum_j (k - j)/4 x_j + b_k, b = (0.1, 0, -0.1). Classes a and k meet where
        // (a - k)/4 S + b_a - b_k = 0 (S = sum_j x_j), at L2 distance |...| / (|a - k| / 2) from x; a point of
        // class a is as far from the boundary as from the nearest of those planes (its region is convex).
        java.nio.file.Path file = java.nio.file.Path.of(getClass().getResource("/torchscript/tiny.pt").toURI());
        double[] b = {0.1, 0, -0.1};
        int n = 30;
        Random r = new Random(8);
        float[] xs = new float[n * 4];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (float) (2 * r.nextGaussian());
        }
        try (org.mia4j.model.TorchScriptModel given = org.mia4j.model.TorchScriptModel.load(file, new int[] {4}, 3,
                true)) {
            int[] label = new int[n];
            double[] truth = new double[n];
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int j = 0; j < 4; j++) {
                    sum += xs[i * 4 + j];
                }
                double[] logit = new double[3];
                for (int k = 0; k < 3; k++) {
                    logit[k] = k / 4.0 * sum + b[k]; // without sum_j j x_j / 4, the same for every class
                }
                for (int k = 1; k < 3; k++) {
                    label[i] = logit[k] > logit[label[i]] ? k : label[i];
                }
                truth[i] = Double.MAX_VALUE;
                for (int k = 0; k < 3; k++) {
                    if (k != label[i]) {
                        int a = label[i];
                        truth[i] = Math.min(truth[i], Math.abs((a - k) / 4.0 * sum + b[a] - b[k]) / (Math.abs(a - k)
                                / 2.0));
                    }
                }
            }
            float[] dist = new HopSkipJump(1000, 4).distances(given, xs, label, n, 3, k -> {});
            for (int i = 0; i < n; i++) {
                assertThat((double) dist[i]).isGreaterThanOrEqualTo(truth[i] * (1 - 1e-4))
                        .isLessThan(truth[i] * 1.1 + 1e-3);
            }
        }
    }

    @Test
    void tooSmallABudgetIsRefused() {
        assertThatThrownBy(() -> new BoundaryAttack(10)).isInstanceOf(InvalidSetting.class)
                .hasMessageContaining("boundary-queries");
    }
}
