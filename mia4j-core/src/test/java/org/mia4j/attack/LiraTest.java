package org.mia4j.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mia4j.Mia4jException;
import org.mia4j.metric.RocCurve;
import org.mia4j.outputs.Observations;

class LiraTest {

    /** Two-class posteriors whose logit-scaled confidence of class 0 is phi. */
    static float[] twoClass(double... phi) {
        float[] p = new float[phi.length * 2];
        for (int i = 0; i < phi.length; i++) {
            double q = 1 / (1 + Math.exp(-phi[i]));
            p[2 * i] = (float) q;
            p[2 * i + 1] = (float) (1 - q);
        }
        return p;
    }

    static ReferenceOutputs refs(double[][] phi, boolean[][] in, int[] labels) {
        List<float[]> post = new ArrayList<>();
        List<boolean[]> ins = new ArrayList<>();
        List<float[]> pop = new ArrayList<>();
        for (int r = 0; r < phi.length; r++) {
            post.add(twoClass(phi[r]));
            ins.add(in[r]);
            pop.add(twoClass(0.0));
        }
        return new ReferenceOutputs(2, labels, post, ins, pop, new int[] {0});
    }

    @Test
    void phiIsTheLogitScaledConfidence() {
        float[] p = {0.9f, 0.05f, 0.05f};
        assertThat(Lira.phi(p, 3, 0, 0)).isCloseTo(Math.log(0.9 / 0.1), within(1e-6));
    }

    @Test
    void handComputedOnlineOfflineAndFixedScores() {
        // one record; IN phis 2 and 4 (median 3, sd 1), OUT phis -1 and 1 (median 0, sd 1); target phi 3
        double[][] phi = {{2}, {4}, {-1}, {1}};
        boolean[][] in = {{true}, {true}, {false}, {false}};
        ReferenceOutputs r = refs(phi, in, new int[] {0});
        Observations target = new Observations("t", twoClass(3), 2, new int[] {0});
        // log N(3; 3, 1) - log N(3; 0, 1) = 0 - (-4.5)
        assertThat(new Lira(Lira.Variant.ONLINE).scores(r, target)[0]).isCloseTo(4.5, within(1e-4));
        assertThat(new Lira(Lira.Variant.OFFLINE).scores(r, target)[0]).isCloseTo(3.0, within(1e-4));
        assertThat(new Lira(Lira.Variant.FIXED_VARIANCE).scores(r, target)[0]).isCloseTo(4.5, within(1e-4));
    }

    /** n records; each of R references trains on a random half; training raises phi by 3. */
    static ReferenceOutputs synthetic(int n, int rCount, double[] base, Random rnd) {
        double[][] phi = new double[rCount][n];
        boolean[][] in = new boolean[rCount][n];
        for (int r = 0; r < rCount; r++) {
            for (int i = 0; i < n; i++) {
                in[r][i] = rnd.nextBoolean();
                phi[r][i] = base[i] + (in[r][i] ? 3 : 0) + 0.5 * rnd.nextGaussian();
            }
        }
        return refs(phi, in, new int[n]);
    }

    @Test
    void separatesMembersOnSyntheticReferencesAndCalibratesWithoutTheTarget() {
        Random rnd = new Random(5);
        int n = 400;
        double[] base = new double[n];
        for (int i = 0; i < n; i++) {
            base[i] = 2 * rnd.nextGaussian(); // records differ in difficulty: per-record calibration matters
        }
        ReferenceOutputs r = synthetic(n, 8, base, rnd);
        boolean[] member = new boolean[n];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            member[i] = i % 2 == 0;
            t[i] = base[i] + (member[i] ? 3 : 0) + 0.5 * rnd.nextGaussian();
        }
        Observations target = new Observations("t", twoClass(t), 2, new int[n]);
        AttackerKnowledge k = new AttackerKnowledge(null, Optional.of(r));
        for (Lira.Variant v : Lira.Variant.values()) {
            AttackScores s = new Lira(v).fit(k).score(target);
            assertThat(RocCurve.of(s.scores(), member).auc()).as(v.name()).isGreaterThan(0.9);
            int flagged = 0;
            for (int i = 0; i < n; i++) {
                flagged += s.decisions()[i] == member[i] ? 1 : 0;
            }
            assertThat(flagged / (double) n).as(v + " decision accuracy").isGreaterThan(0.8);
        }
    }

    @Test
    void tooFewReferenceModelsIsAClearError() {
        ReferenceOutputs one = refs(new double[][] {{1}}, new boolean[][] {{true}}, new int[] {0});
        AttackerKnowledge k = new AttackerKnowledge(null, Optional.of(one));
        assertThatThrownBy(() -> new Lira(Lira.Variant.ONLINE).fit(k)).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("at least 4 reference models, got 1").hasMessageContaining("--references");
        assertThatThrownBy(() -> new Lira(Lira.Variant.OFFLINE).fit(new AttackerKnowledge(null, Optional.empty())))
                .isInstanceOf(Mia4jException.class).hasMessageContaining("needs reference models");
    }
}
