package org.mia4j.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RocCurveTest {

    @Test
    void scikitLearnDocumentationExample() {
        // sklearn.metrics.roc_curve / roc_auc_score docs: y=[0,0,1,1], scores=[0.1,0.4,0.35,0.8]
        // -> fpr [0, 0, 0.5, 0.5, 1], tpr [0, 0.5, 0.5, 1, 1], AUC 0.75
        RocCurve r = RocCurve.of(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true});
        assertThat(r.fpr()).containsExactly(0, 0, 0.5, 0.5, 1);
        assertThat(r.tpr()).containsExactly(0, 0.5, 0.5, 1, 1);
        assertThat(r.auc()).isEqualTo(0.75);
    }

    @Test
    void handWorkedExampleWithTies() {
        // members 3,2,2; non-members 2,1. Pairs won: (3>2)(3>1)(2=2 half)(2>1)(2=2 half)(2>1) = 5 of 6.
        RocCurve r = RocCurve.of(new double[] {3, 2, 2, 2, 1}, new boolean[] {true, true, true, false, false});
        assertThat(r.auc()).isCloseTo(5.0 / 6, within(1e-12));
        // tied scores form one step: (0,0) (0,1/3) (0.5,1) (1,1)
        assertThat(r.fpr()).containsExactly(0, 0, 0.5, 1);
        assertThat(r.tprAtFpr(0.0)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(r.tprAtFpr(0.49)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(r.tprAtFpr(0.5)).isEqualTo(1.0);
        assertThat(r.advantage()).isEqualTo(0.5);
    }

    @Test
    void aucEqualsTheMannWhitneyPairCountOnRandomTiedScores() {
        Random rnd = new Random(1);
        for (int trial = 0; trial < 20; trial++) {
            int n = 50 + rnd.nextInt(150);
            double[] s = new double[n];
            boolean[] m = new boolean[n];
            for (int i = 0; i < n; i++) {
                m[i] = i < 10 || rnd.nextBoolean();
                m[n - 1] = false;
                s[i] = rnd.nextInt(12) + (m[i] ? rnd.nextInt(3) : 0); // many ties, members shifted up
            }
            double won = 0;
            int pairs = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (m[i] && !m[j]) {
                        pairs++;
                        won += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                    }
                }
            }
            assertThat(RocCurve.of(s, m).auc()).isCloseTo(won / pairs, within(1e-12));
        }
    }

    @Test
    void perfectAndInvertedScores() {
        boolean[] m = {true, true, false, false};
        assertThat(RocCurve.of(new double[] {4, 3, 2, 1}, m).auc()).isEqualTo(1.0);
        assertThat(RocCurve.of(new double[] {4, 3, 2, 1}, m).tprAtFpr(0)).isEqualTo(1.0);
        assertThat(RocCurve.of(new double[] {1, 2, 3, 4}, m).auc()).isEqualTo(0.0);
        assertThat(RocCurve.of(new double[] {1, 2, 3, 4}, m).advantage()).isEqualTo(1.0);
    }
}
