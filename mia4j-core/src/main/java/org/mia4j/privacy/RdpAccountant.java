package org.mia4j.privacy;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.special.Erf;
import org.mia4j.InvalidSetting;

/**
 * Rényi-DP accountant of the Poisson-subsampled Gaussian mechanism (Mironov, Talwar &amp; Zhang 2019, the method of
 * Opacus and TF Privacy): RDP at each order of a grid that includes fractional ones, added over the phases of
 * training (each with its own noise multiplier, sampling rate and steps), and converted to (epsilon, delta) with the
 * improved conversion of Balle et al. 2020 (as Opacus does), taking the best order.
 */
public final class RdpAccountant {

    /** One phase of private steps. */
    public record Phase(double noiseMultiplier, double samplingRate, long steps) {
        public Phase {
            if (!(noiseMultiplier > 0) || Double.isInfinite(noiseMultiplier)) {
                throw new InvalidSetting("dp-noise", "must be > 0, got " + noiseMultiplier);
            }
            if (!(samplingRate > 0 && samplingRate <= 1)) {
                throw new InvalidSetting("dp-sampling-rate", "must be in (0,1], got " + samplingRate);
            }
            if (steps < 0) {
                throw new IllegalArgumentException("steps must be >= 0, got " + steps);
            }
        }
    }

    /** (epsilon, delta) and the order that gave it. */
    public record Epsilon(double epsilon, double delta, double order) {}

    /** Opacus's default orders: 1.1 .. 10.9 in steps of 0.1, then 12 .. 63. */
    public static final double[] ORDERS = orders();

    private RdpAccountant() {}

    private static double[] orders() {
        List<Double> o = new ArrayList<>();
        for (int x = 1; x < 100; x++) {
            o.add(1 + x / 10.0);
        }
        for (int a = 12; a < 64; a++) {
            o.add((double) a);
        }
        return o.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The RDP of one step of the sampled Gaussian mechanism at order {@code alpha} > 1. */
    public static double rdpStep(double q, double sigma, double alpha) {
        if (q == 0) {
            return 0;
        }
        if (q == 1) {
            return alpha / (2 * sigma * sigma);
        }
        if (Double.isInfinite(alpha)) {
            return Double.POSITIVE_INFINITY;
        }
        double logA = alpha == Math.rint(alpha) ? logAInt(q, sigma, (int) alpha) : logAFrac(q, sigma, alpha);
        return logA / (alpha - 1);
    }

    /** The RDP of all phases at {@code alpha}: RDP composes by addition. */
    public static double rdp(List<Phase> phases, double alpha) {
        double sum = 0;
        for (Phase p : phases) {
            sum += p.steps() == 0 ? 0 : p.steps() * rdpStep(p.samplingRate(), p.noiseMultiplier(), alpha);
        }
        return sum;
    }

    /** The smallest epsilon at {@code delta} over {@link #ORDERS}. */
    public static Epsilon epsilon(List<Phase> phases, double delta) {
        if (!(delta > 0 && delta < 1)) {
            throw new InvalidSetting("dp-delta", "must be in (0,1), got " + delta);
        }
        double best = Double.POSITIVE_INFINITY;
        double bestOrder = Double.NaN;
        for (double a : ORDERS) {
            double r = rdp(phases, a);
            double eps = r + Math.log1p(-1 / a) - (Math.log(delta) + Math.log(a)) / (a - 1);
            if (eps < best) {
                best = eps;
                bestOrder = a;
            }
        }
        return new Epsilon(Math.max(best, 0), delta, bestOrder);
    }

    /**
     * The smallest noise multiplier (to 0.1%) at which {@code steps} steps at sampling rate {@code q} stay within
     * {@code targetEpsilon} at {@code delta}.
     */
    public static double noiseFor(double targetEpsilon, double delta, double q, long steps) {
        if (!(targetEpsilon > 0) || Double.isInfinite(targetEpsilon)) {
            throw new InvalidSetting("dp-epsilon", "must be > 0, got " + targetEpsilon);
        }
        double lo = 0.05;
        double hi = 1;
        while (epsilon(List.of(new Phase(hi, q, steps)), delta).epsilon() > targetEpsilon) {
            lo = hi;
            hi *= 2;
            if (hi > 1e4) {
                throw new InvalidSetting("dp-epsilon", targetEpsilon + " cannot be met at delta " + delta
                        + " with " + steps + " steps at sampling rate " + q + " (noise multiplier > 10,000); allow a "
                        + "larger epsilon or train fewer steps");
            }
        }
        if (epsilon(List.of(new Phase(lo, q, steps)), delta).epsilon() <= targetEpsilon) {
            return lo;
        }
        while ((hi - lo) / hi > 1e-3) {
            double mid = (lo + hi) / 2;
            if (epsilon(List.of(new Phase(mid, q, steps)), delta).epsilon() > targetEpsilon) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /** The default delta: 1/n rounded down to a power of 10. */
    public static double defaultDelta(int trainingRecords) {
        return Math.pow(10, Math.floor(Math.log10(1.0 / Math.max(trainingRecords, 2))));
    }

    /** log A at integer alpha: log sum_i C(alpha,i) q^i (1-q)^(alpha-i) exp((i^2 - i) / (2 sigma^2)). */
    static double logAInt(double q, double sigma, int alpha) {
        double logA = Double.NEGATIVE_INFINITY;
        for (int i = 0; i <= alpha; i++) {
            double logCoef = logBinom(alpha, i) + i * Math.log(q) + (alpha - i) * Math.log1p(-q);
            logA = logAdd(logA, logCoef + (i * (double) i - i) / (2 * sigma * sigma));
        }
        return logA;
    }

    /** log A at fractional alpha: the two erfc-weighted series of Mironov et al. 2019, Section 3.3. */
    static double logAFrac(double q, double sigma, double alpha) {
        double logA0 = Double.NEGATIVE_INFINITY;
        double logA1 = Double.NEGATIVE_INFINITY;
        double z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
        double logAbsCoef = 0; // log |C(alpha, i)|, built term by term (the coefficient turns negative past alpha)
        int sign = 1;
        for (int i = 0; ; i++) {
            if (i > 0) {
                double f = (alpha - (i - 1)) / i;
                logAbsCoef += Math.log(Math.abs(f));
                sign *= f < 0 ? -1 : 1;
            }
            double j = alpha - i;
            double logT0 = logAbsCoef + i * Math.log(q) + j * Math.log1p(-q);
            double logT1 = logAbsCoef + j * Math.log(q) + i * Math.log1p(-q);
            double logE0 = Math.log(0.5) + logErfc((i - z0) / (Math.sqrt(2) * sigma));
            double logE1 = Math.log(0.5) + logErfc((z0 - j) / (Math.sqrt(2) * sigma));
            double logS0 = logT0 + (i * (double) i - i) / (2 * sigma * sigma) + logE0;
            double logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1;
            if (sign > 0) {
                logA0 = logAdd(logA0, logS0);
                logA1 = logAdd(logA1, logS1);
            } else {
                logA0 = logSub(logA0, logS0);
                logA1 = logSub(logA1, logS1);
            }
            if (Math.max(logS0, logS1) < -30) {
                break;
            }
        }
        return logAdd(logA0, logA1);
    }

    /** log erfc(x), accurate in the far tail where erfc underflows. */
    static double logErfc(double x) {
        if (x < 20) {
            return Math.log(Erf.erfc(x));
        }
        double x2 = x * x; // asymptotic series: relative error below 1e-11 from x = 20, where erfc nears underflow
        double series = 1 - 1 / (2 * x2) + 3 / (4 * x2 * x2) - 15 / (8 * x2 * x2 * x2) + 105 / (16 * x2 * x2 * x2 * x2);
        return -x2 - Math.log(x) - 0.5 * Math.log(Math.PI) + Math.log(series);
    }

    private static double logBinom(int n, int k) {
        return org.apache.commons.math3.util.CombinatoricsUtils.binomialCoefficientLog(n, k);
    }

    private static double logAdd(double a, double b) {
        double hi = Math.max(a, b);
        double lo = Math.min(a, b);
        return hi == Double.NEGATIVE_INFINITY ? hi : hi + Math.log1p(Math.exp(lo - hi));
    }

    private static double logSub(double a, double b) {
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        if (a <= b) {
            return Double.NEGATIVE_INFINITY; // rounding: the true value is positive but below resolution
        }
        return a + Math.log1p(-Math.exp(b - a));
    }
}
