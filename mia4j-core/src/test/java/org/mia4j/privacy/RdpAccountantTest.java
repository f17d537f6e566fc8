package org.mia4j.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mia4j.InvalidSetting;
import org.mia4j.privacy.RdpAccountant.Phase;

class RdpAccountantTest {

    /** The closed form at integer order, summed plainly (no logs): (1/(a-1)) log sum C(a,i)(1-q)^(a-i) q^i e^((i^2-i)/2s^2). */
    private static double closedForm(double q, double sigma, int alpha) {
        double sum = 0;
        double binom = 1;
        for (int i = 0; i <= alpha; i++) {
            if (i > 0) {
                binom = binom * (alpha - i + 1) / i;
            }
            sum += binom * Math.pow(1 - q, alpha - i) * Math.pow(q, i) * Math.exp((i * (double) i - i) / (2 * sigma * sigma));
        }
        return Math.log(sum) / (alpha - 1);
    }

    @Test
    void integerOrdersMatchTheClosedForm() {
        for (double q : new double[] {0.001, 0.01, 0.064, 0.3}) {
            for (double sigma : new double[] {0.7, 1.0, 2.5}) {
                for (int alpha : new int[] {2, 3, 5, 12, 32}) {
                    double expected = closedForm(q, sigma, alpha);
                    assertThat(RdpAccountant.rdpStep(q, sigma, alpha)).as("q %s sigma %s alpha %d", q, sigma, alpha)
                            .isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
                }
            }
        }
    }

    @Test
    void theFractionalSeriesAgreesWithTheIntegerSumAtIntegerOrders() {
        for (int alpha : new int[] {2, 3, 8, 20}) {
            double frac = RdpAccountant.logAFrac(0.02, 1.1, alpha);
            double exact = RdpAccountant.logAInt(0.02, 1.1, alpha);
            assertThat(frac).isCloseTo(exact, within(1e-8 * Math.max(1, Math.abs(exact))));
        }
        // and it is continuous between them
        double below = RdpAccountant.rdpStep(0.02, 1.1, 2.999);
        double at = RdpAccountant.rdpStep(0.02, 1.1, 3);
        assertThat(below).isCloseTo(at, within(1e-3 * at));
    }

    @Test
    void withoutSamplingItIsTheGaussianMechanism() {
        for (double alpha : new double[] {1.5, 2, 7.3, 40}) {
            assertThat(RdpAccountant.rdpStep(1, 2.0, alpha)).isEqualTo(alpha / 8);
            assertThat(RdpAccountant.rdp(List.of(new Phase(2.0, 1, 10)), alpha)).isCloseTo(10 * alpha / 8,
                    within(1e-12));
        }
        // the conversion at one order, by hand
        double a = 2;
        double eps = 10 * a / 8 + Math.log1p(-1 / a) - (Math.log(1e-5) + Math.log(a)) / (a - 1);
        assertThat(RdpAccountant.epsilon(List.of(new Phase(2.0, 1, 10)), 1e-5).epsilon()).isLessThanOrEqualTo(eps);
    }

    @Test
    void matchesOpacusOnPublishedSettings() {
        // Abadi et al.'s MNIST setting (q = 256/60000, sigma 1.1, 60 epochs, delta 1e-5): Opacus's algorithm, run
        // here in SciPy (bench/rdp_reference.py), gives 2.5966 with the improved conversion (TF Privacy's older
        // conversion reports 3.01 for the same run).
        double e = RdpAccountant.epsilon(List.of(new Phase(1.1, 256 / 60000.0, 60 * 60000 / 256)), 1e-5).epsilon();
        assertThat(e).isCloseTo(2.596556, within(1e-4));
        // fractional orders, against the same reference
        assertThat(RdpAccountant.rdpStep(0.01, 0.8, 1.5)).isCloseTo(0.0002733107, within(1e-9));
        assertThat(RdpAccountant.rdpStep(0.01, 0.8, 7.3)).isCloseTo(0.3881135, within(1e-6));
    }

    @Test
    void phasesComposeAndNoiseForInvertsEpsilon() {
        Phase train = new Phase(1.0, 0.064, 780);
        Phase tune = new Phase(1.5, 0.064, 200);
        double both = RdpAccountant.epsilon(List.of(train, tune), 1e-4).epsilon();
        assertThat(both).isGreaterThan(RdpAccountant.epsilon(List.of(train), 1e-4).epsilon());
        for (double target : new double[] {1, 4, 8}) {
            double sigma = RdpAccountant.noiseFor(target, 1e-4, 0.064, 780);
            assertThat(RdpAccountant.epsilon(List.of(new Phase(sigma, 0.064, 780)), 1e-4).epsilon())
                    .isLessThanOrEqualTo(target).isGreaterThan(0.97 * target);
        }
        assertThat(RdpAccountant.defaultDelta(5000)).isEqualTo(1e-4);
        assertThat(RdpAccountant.defaultDelta(1000)).isEqualTo(1e-3);
    }

    @Test
    void badSettingsNameTheOption() {
        assertThatThrownBy(() -> new Phase(0, 0.1, 1)).isInstanceOf(InvalidSetting.class).hasMessageContaining("dp-noise");
        assertThatThrownBy(() -> RdpAccountant.epsilon(List.of(new Phase(1, 0.1, 1)), 1.5))
                .hasMessageContaining("dp-delta");
        assertThatThrownBy(() -> RdpAccountant.noiseFor(1e-6, 1e-5, 0.5, 100000)).hasMessageContaining("cannot be met");
    }
}
