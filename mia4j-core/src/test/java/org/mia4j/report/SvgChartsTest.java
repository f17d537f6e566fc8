package org.mia4j.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SvgChartsTest {
    @Test
    void axesGetRoundTicksThatCoverTheData() {
        double[] r = SvgCharts.nice(0.303, 0.579);
        assertThat(r[0]).isCloseTo(0.3, within(1e-12));
        assertThat(r[1]).isCloseTo(0.7, within(1e-12)); // ticks 0.3, 0.4, ..., 0.7
        double step = (r[1] - r[0]) / 4;
        for (double[] range : new double[][] {{0.303, 0.579}, {0, 1}, {-0.02, 0.73}, {12, 987}, {0.5, 0.5}}) {
            double[] n = SvgCharts.nice(range[0], range[1]);
            double s = (n[1] - n[0]) / 4;
            double mantissa = s / Math.pow(10, Math.floor(Math.log10(s)));
            assertThat(mantissa).as(java.util.Arrays.toString(n)).isIn(1.0, 2.0, 2.5, 5.0);
            assertThat(n[0]).isLessThanOrEqualTo(range[0]);
            assertThat(n[1]).isGreaterThanOrEqualTo(range[1]);
            assertThat(Math.abs(n[0] / s - Math.rint(n[0] / s))).isLessThan(1e-9);
        }
        assertThat(step).isPositive();
    }
}
