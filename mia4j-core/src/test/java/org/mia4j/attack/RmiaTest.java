package org.mia4j.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mia4j.metric.RocCurve;
import org.mia4j.outputs.Observations;

class RmiaTest {

    static float[] conf(double... p) {
        float[] out = new float[p.length * 2];
        for (int i = 0; i < p.length; i++) {
            out[2 * i] = (float) p[i];
            out[2 * i + 1] = (float) (1 - p[i]);
        }
        return out;
    }

    @Test
    void handComputedScore() {
        // refs: both OUT for x, p_y(x) = 0.4 and 0.6 -> p_OUT = 0.5; with a = 1, p(x) = p_OUT = 0.5
        // target p(x|theta) = 0.8 -> LR(x) = 1.6
        // population: refs give p(z) = 0.5 for all; target gives 0.2, 0.4, 0.6, 0.9 -> LR(z) = 0.4, 0.8, 1.2, 1.8
        // gamma = 1.5: count z with LR(z) <= 1.6 / 1.5 = 1.0667 -> 2 of 4
        List<float[]> pop = List.of(conf(0.5, 0.5, 0.5, 0.5), conf(0.5, 0.5, 0.5, 0.5));
        ReferenceOutputs r = new ReferenceOutputs(2, new int[] {0}, List.of(conf(0.4), conf(0.6)),
                List.of(new boolean[] {false}, new boolean[] {false}), pop, new int[4]);
        Observations target = new Observations("t", conf(0.8), 2, new int[] {0}, java.util.Map.of(),
                conf(0.2, 0.4, 0.6, 0.9));
        assertThat(new Rmia(1.5).scores(r, target)[0]).isCloseTo(0.5, within(1e-12));
        assertThat(new Rmia(1.0).scores(r, target)[0]).isCloseTo(0.75, within(1e-12));
        // online: one reference IN (p 0.9), one OUT (p 0.3): p(x) = (0.9 + 0.3) / 2 = 0.6, LR(x) = 0.8 / 0.6 = 1.333;
        // gamma 1: LR(z) <= 1.333 -> 0.4, 0.8, 1.2 -> 3 of 4; offline (a = 1) would use p_OUT = 0.3 only -> 4 of 4
        ReferenceOutputs mixed = new ReferenceOutputs(2, new int[] {0}, List.of(conf(0.9), conf(0.3)),
                List.of(new boolean[] {true}, new boolean[] {false}), pop, new int[4]);
        assertThat(new Rmia(1.0, true).scores(mixed, target)[0]).isCloseTo(0.75, within(1e-12));
        assertThat(new Rmia(1.0).scores(mixed, target)[0]).isCloseTo(1.0, within(1e-12));
        assertThat(new Rmia(1.0, true).name()).isEqualTo("rmia-online");
    }

    @Test
    void separatesMembersAndTunesA() {
        Random rnd = new Random(2);
        int n = 300;
        int z = 200;
        int refsCount = 4;
        double[] base = new double[n];
        for (int i = 0; i < n; i++) {
            base[i] = 0.2 + 0.5 * rnd.nextDouble();
        }
        List<float[]> post = new ArrayList<>();
        List<boolean[]> in = new ArrayList<>();
        List<float[]> pop = new ArrayList<>();
        double[] zBase = new double[z];
        for (int j = 0; j < z; j++) {
            zBase[j] = 0.2 + 0.5 * rnd.nextDouble();
        }
        for (int r = 0; r < refsCount; r++) {
            boolean[] f = new boolean[n];
            double[] p = new double[n];
            for (int i = 0; i < n; i++) {
                f[i] = rnd.nextBoolean();
                p[i] = Math.min(0.99, base[i] + (f[i] ? 0.25 : 0) + 0.02 * rnd.nextGaussian());
            }
            post.add(conf(p));
            in.add(f);
            double[] pz = new double[z];
            for (int j = 0; j < z; j++) {
                pz[j] = zBase[j] + 0.02 * rnd.nextGaussian();
            }
            pop.add(conf(pz));
        }
        ReferenceOutputs refs = new ReferenceOutputs(2, new int[n], post, in, pop, new int[z]);
        boolean[] member = new boolean[n];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            member[i] = i % 2 == 1;
            t[i] = Math.min(0.99, base[i] + (member[i] ? 0.25 : 0) + 0.02 * rnd.nextGaussian());
        }
        Observations target = new Observations("t", conf(t), 2, new int[n], java.util.Map.of(), conf(zBase));
        Rmia rmia = new Rmia(2.0);
        AttackScores s = rmia.fit(new AttackerKnowledge(null, Optional.of(refs))).score(target);
        assertThat(RocCurve.of(s.scores(), member).auc()).isGreaterThan(0.9);
        assertThat(rmia.a()).isBetween(0.0, 1.0);
    }
}
