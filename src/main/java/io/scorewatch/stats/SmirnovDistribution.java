package io.scorewatch.stats;

/**
 * Survival function of the one-sided Kolmogorov-Smirnov statistic {@code D_n+}: {@code P(D_n+ >= x)}.
 *
 * <p>Port of {@code _smirnov} from scipy's cephes {@code kolmogorov.c} (the function behind
 * {@code scipy.special.smirnov}), which sums the Smirnov / Birnbaum-Tingey series in
 * double-double arithmetic. Only the survival function is ported (the CDF and density are
 * not needed by the two-sided distribution).
 */
final class SmirnovDistribution {

    /**
     * cephes MINLOG as scipy builds it (with denormals) = log(2^-1075): the survival function is
     * summed down to the subnormal range, as {@code scipy.special.smirnov} does.
     */
    private static final double MINLOG = -7.451332191019412076235E2;
    private static final int SMIRNOV_MAX_COMPUTE_N = 1_000_000;
    private static final int SM_UPPER_MAX_TERMS = 3;
    private static final int SM_UPPERSUM_MIN_N = 10;
    /** Keep both parts of a double-double normalised while exponentiating. */
    private static final int MAX_EXPONENT = 960;
    private static final double DBL_EPSILON = Math.ulp(1.0);
    private static final double LN2 = Math.log(2);
    /** From this many terms the lower series is summed in logarithms (lowerSeriesInLogarithms). */
    private static final int LOG_SERIES_MIN_TERMS = 1_000;

    private SmirnovDistribution() {
    }

    /** {@code scipy.special.smirnov(n, x)}. */
    static double sf(int n, double x) {
        return sf(n, x, LOG_SERIES_MIN_TERMS);
    }

    /** As {@link #sf(int, double)}, the lower series in logarithms from {@code logSeriesMinTerms} terms. */
    static double sf(int n, double x, int logSeriesMinTerms) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (!(n > 0 && x >= 0.0 && x <= 1.0)) {
            return Double.NaN;
        }
        if (n == 1) {
            return 1 - x;
        }
        if (x == 0.0) {
            return 1.0;
        }
        if (x == 1.0) {
            return 0.0;
        }

        // modNX: floor(n*x) and the remainder, exactly
        DoubleDouble nxD = DoubleDouble.product(n, x);
        DoubleDouble nxFloorD = nxD.floor();
        double alpha = nxD.subtract(nxFloorD).hi();
        int nxfl = (int) nxFloorD.hi();
        if (alpha == 1) {
            nxfl += 1;
            alpha = 0;
        }

        int n1mxfl = n - nxfl - (alpha == 0 ? 0 : 1);
        int n1mxceil = n - nxfl;
        if (alpha == 0) {
            // the last term is not included in either summation
            n1mxfl -= 1;
            n1mxceil += 1;
        }

        // x <= 1/n
        if (nxfl == 0 || (nxfl == 1 && alpha == 0)) {
            double t = pow(DoubleDouble.sum(1, x), n - 1).hi();
            double cdf = x * t;
            return clip(1 - cdf);
        }
        // the survival function underflows
        if (-2 * n * x * x < MINLOG) {
            return 0.0;
        }
        // x >= 1 - 1/n
        if (nxfl >= n - 1) {
            return clip(pow(DoubleDouble.sum(1, -x), n).hi());
        }
        // n too big to sum: p ~ e^(-(6nx+1)^2 / 18n)
        if (n > SMIRNOV_MAX_COMPUTE_N) {
            double logp = -Math.pow(6.0 * n * x + 1, 2) / 18.0 / n;
            double sf = logp < -Math.log(2) ? Math.exp(logp) : 1 - (-Math.expm1(logp));
            return clip(sf);
        }

        // Upper sum only when it has few terms (its terms alternate in sign).
        int nUpperTerms = n - n1mxceil + 1;
        boolean useUpperSum = nUpperTerms <= 1 && x < 0.5;
        useUpperSum = useUpperSum
                || (n >= SM_UPPERSUM_MIN_N && nUpperTerms <= SM_UPPER_MAX_TERMS && x <= 0.5 / Math.sqrt(n));

        if (!useUpperSum && n1mxfl + 1 >= logSeriesMinTerms) {
            return clip(lowerSeriesInLogarithms(n, x, n1mxfl + 1));
        }
        int start = 0;
        int step = 1;
        int nTerms = n1mxfl + 1;
        int vmid = n / 2;
        DoubleDouble binomialMantissa = DoubleDouble.ONE;
        int binomialExponent = 0;
        DoubleDouble aj;
        if (useUpperSum) {
            start = n;
            step = -1;
            nTerms = n - n1mxceil + 1;
            aj = pow4(1, x, 1, 0, n - 1);
        } else {
            DoubleDouble t2 = pow4(1, -x, 1, 0, n);
            aj = t2.divide(x);
        }
        DoubleDouble ajSum = DoubleDouble.ZERO.add(aj);

        DoubleDouble.Scaled binomial = updateBinomial(binomialMantissa, binomialExponent, n, 0);
        binomialMantissa = binomial.mantissa();
        binomialExponent = binomial.exponent();

        ScaledPower power = new ScaledPower();
        for (int j = 1; j < nTerms; j++) {
            int v = start + j * step;
            aj = computeAv(n, x, v, binomialMantissa, binomialExponent, power);
            if (aj.isFinite() && !aj.isZero()) {
                ajSum = ajSum.add(aj);
            }
            // safe to stop early?
            if (!aj.isZero()) {
                if (4 * (nTerms - j) * Math.abs(aj.hi()) < DBL_EPSILON * ajSum.hi() && j != nTerms - 1) {
                    break;
                }
            } else if (j > vmid) {
                break;
            }
            binomial = updateBinomial(binomialMantissa, binomialExponent, n, j);
            binomialMantissa = binomial.mantissa();
            binomialExponent = binomial.exponent();
        }
        double prob = ajSum.multiply(x).hi();
        double sf = step < 0 ? 1 - prob : prob;
        return clip(sf);
    }

    /**
     * {@code x * sum(A_v, v = 0 .. nTerms - 1)}, the lower series, with each term as the
     * exponential of its logarithm: {@code log A_v = log Binomial(n, v) + (n - v) log(1 - x - v/n)
     * + (v - 1) log(x + v/n)}, the binomial's logarithm kept as a compensated running sum, and
     * the terms summed relative to the largest so far. A long series (a drift window of 50,000
     * against a reference of 300,000 has some 40,000 terms) costs a few plain logarithms a term
     * instead of two double-double powers. Each logarithm is within some {@code n} ulp, so a term,
     * and the sum of these positive terms, is within about 1e-11 relative of the double-double
     * value; it stops early on the same rule.
     */
    static double lowerSeriesInLogarithms(int n, double x, int nTerms) {
        double logX = Math.log(x);
        double largest = n * Math.log1p(-x) - logX; // A_0 = (1 - x)^n / x
        double sum = 1.0; // the terms over e^largest
        CompensatedSum logBinomial = new CompensatedSum();
        for (int v = 1; v < nTerms; v++) {
            logBinomial.add(Math.log((double) (n - v + 1) / v));
            double below = (double) (n - v) / n - x;
            double above = (double) v / n + x;
            double logTerm = logBinomial.value() + (n - v) * Math.log(below) + (v - 1) * Math.log(above);
            if (logTerm > largest) {
                sum = sum * Math.exp(largest - logTerm) + 1.0;
                largest = logTerm;
                continue;
            }
            double term = Math.exp(logTerm - largest);
            sum += term;
            if (4.0 * (nTerms - v) * term < DBL_EPSILON * sum && v != nTerms - 1) {
                break;
            }
        }
        return Math.exp(largest + Math.log(sum) + logX);
    }

    /**
     * A_v(n, x) = Binomial(n, v) * (1 - x - v/n)^(n-v) * (x + v/n)^(v-1) (computeAv), the two
     * powers by {@link ScaledPower}, which gives what {@link #pow2Scaled} gives without allocating.
     */
    private static DoubleDouble computeAv(int n, double x, int v, DoubleDouble binomialMantissa,
            int binomialExponent, ScaledPower power) {
        DoubleDouble t2x = DoubleDouble.quotient(n - v, n).subtract(x);
        power.raise(t2x.hi(), t2x.lo(), n - v);
        DoubleDouble t2 = new DoubleDouble(power.hi, power.lo);
        int t2Exponent = power.exponent;
        DoubleDouble t1x = DoubleDouble.quotient(v, n).add(x);
        power.raise(t1x.hi(), t1x.lo(), v - 1);
        DoubleDouble t1 = new DoubleDouble(power.hi, power.lo);
        DoubleDouble ans = t1.multiply(t2).multiply(binomialMantissa);
        int exponent = binomialExponent + power.exponent + t2Exponent;
        return ans.ldexp(exponent);
    }

    /**
     * {@link #pow2Scaled} for a non-negative exponent, the same operations in the same order on
     * plain doubles: the series evaluates it twice per term, tens of thousands of times for a large
     * {@code n}, and the recursive, record-returning form spends more time allocating than
     * computing. The result is left in the fields: {@code (hi + lo) * 2^exponent}.
     */
    static final class ScaledPower {

        double hi;
        double lo;
        int exponent;

        /** (aHi + aLo)^m for m >= 0. */
        void raise(double aHi, double aLo, int m) {
            if (m < 0) {
                throw new IllegalArgumentException("negative exponent " + m);
            }
            if (m == 0) {
                set(1.0, 0.0, 0);
                return;
            }
            frexp(aHi, aLo, 0);
            double yHi = hi;
            double yLo = lo;
            int yE = exponent;
            if (m == 1) {
                return;
            }
            int maxExpt = MAX_EXPONENT;
            if (m * (yHi - 1) / yHi < -MAX_EXPONENT * LN2) {
                double lg2y = Math.log(yHi) / LN2;
                double lgAns = m * lg2y;
                if (lgAns <= -MAX_EXPONENT) {
                    maxExpt = (int) (nextPowerOf2(-MAX_EXPONENT / lg2y + 1) / 2);
                }
            }
            if (m <= maxExpt) {
                pow(yHi, yLo, m);
                frexp(hi, lo, m * yE);
                return;
            }
            int q = m / maxExpt;
            int r = m % maxExpt;
            // y^m = (y^maxExpt)^q * y^r
            raise(yHi, yLo, r);
            double y2rHi = hi;
            double y2rLo = lo;
            int y2rE = exponent;
            raise(yHi, yLo, maxExpt);
            int y2mE = exponent;
            raise(hi, lo, q);
            int y2mqE = exponent + y2mE * q;
            // dd_mul of the two mantissas, then frexp
            double p = y2rHi * hi;
            double p2 = Math.fma(y2rHi, hi, -p) + (y2rHi * lo + y2rLo * hi);
            double s = p + p2;
            frexp(s, p2 - (s - p), y2mqE + y2rE + m * yE);
        }

        /** pow_D for m > 0. */
        private void pow(double aHi, double aLo, int m) {
            if (aHi == 0.0) {
                set(0.0, 0.0, 0);
                return;
            }
            double ans = Math.pow(aHi, m);
            double r = aLo / aHi;
            double adj = m * r;
            if (Math.abs(adj) > 1e-8) {
                if (Math.abs(adj) < 1e-4) {
                    adj += (m * r) * ((m - 1) / 2.0 * r);
                } else {
                    adj = Math.expm1(m * Math.log1p(r));
                }
            }
            // two_sum(ans, ans * adj)
            double b = ans * adj;
            double sum = ans + b;
            double bb = sum - ans;
            set(sum, (ans - (sum - bb)) + (b - bb), 0);
        }

        /** dd_frexp of (aHi, aLo), plus {@code extraExponent}. */
        private void frexp(double aHi, double aLo, int extraExponent) {
            int e = DoubleDouble.frexpExponent(aHi);
            double man = DoubleDouble.scale(aHi, -e);
            double b1 = DoubleDouble.scale(aLo, -e);
            if (Math.abs(man) == 0.5 && man * b1 < 0) {
                man *= 2;
                b1 *= 2;
                e -= 1;
            }
            set(man, b1, e + extraExponent);
        }

        private void set(double hi, double lo, int exponent) {
            this.hi = hi;
            this.lo = lo;
            this.exponent = exponent;
        }
    }

    /** Binomial(n, j+1) from Binomial(n, j), kept as mantissa and exponent (updateBinomial). */
    private static DoubleDouble.Scaled updateBinomial(DoubleDouble mantissa, int exponent, int n, int j) {
        DoubleDouble ratio = DoubleDouble.quotient(n - j, j + 1.0);
        DoubleDouble.Scaled next = mantissa.multiply(ratio).frexp();
        return new DoubleDouble.Scaled(next.mantissa(), exponent + next.exponent());
    }

    /** a^m using pow() on the high part and a first-order correction for the low part (pow_D). */
    static DoubleDouble pow(DoubleDouble a, int m) {
        if (m <= 0) {
            if (m == 0) {
                return DoubleDouble.ONE;
            }
            return pow(a, -m).inverse();
        }
        if (a.isZero()) {
            return DoubleDouble.ZERO;
        }
        double ans = Math.pow(a.hi(), m);
        double r = a.lo() / a.hi();
        double adj = m * r;
        if (Math.abs(adj) > 1e-8) {
            if (Math.abs(adj) < 1e-4) {
                // first two terms of the Taylor series of (1+r)^m
                adj += (m * r) * ((m - 1) / 2.0 * r);
            } else {
                adj = Math.expm1(m * Math.log1p(r));
            }
        }
        return DoubleDouble.sum(ans, ans * adj);
    }

    /** a^m as (mantissa, exponent) so that huge and tiny powers do not overflow (pow2Scaled_D). */
    static DoubleDouble.Scaled pow2Scaled(DoubleDouble a, int m) {
        if (m <= 0) {
            if (m == 0) {
                return new DoubleDouble.Scaled(DoubleDouble.ONE, 0);
            }
            DoubleDouble.Scaled positive = pow2Scaled(a, -m);
            DoubleDouble.Scaled inverse = positive.mantissa().inverse().frexp();
            return new DoubleDouble.Scaled(inverse.mantissa(), -positive.exponent() + inverse.exponent());
        }
        DoubleDouble.Scaled yScaled = a.frexp();
        DoubleDouble y = yScaled.mantissa();
        int yE = yScaled.exponent();
        if (m == 1) {
            return yScaled;
        }
        int maxExpt = MAX_EXPONENT;
        // y^maxExpt must stay above 2^-960: split the exponentiation if needed
        if (m * (y.hi() - 1) / y.hi() < -MAX_EXPONENT * Math.log(2)) {
            double lg2y = Math.log(y.hi()) / Math.log(2);
            double lgAns = m * lg2y;
            if (lgAns <= -MAX_EXPONENT) {
                maxExpt = (int) (nextPowerOf2(-MAX_EXPONENT / lg2y + 1) / 2);
            }
        }
        if (m <= maxExpt) {
            DoubleDouble.Scaled ans = pow(y, m).frexp();
            return new DoubleDouble.Scaled(ans.mantissa(), ans.exponent() + m * yE);
        }
        int q = m / maxExpt;
        int r = m % maxExpt;
        // y^m = (y^maxExpt)^q * y^r
        DoubleDouble.Scaled y2r = pow2Scaled(y, r);
        DoubleDouble.Scaled y2m = pow2Scaled(y, maxExpt);
        DoubleDouble.Scaled y2mq = pow2Scaled(y2m.mantissa(), q);
        DoubleDouble.Scaled ans = y2r.mantissa().multiply(y2mq.mantissa()).frexp();
        int y2mqE = y2mq.exponent() + y2m.exponent() * q;
        int ansE = ans.exponent() + y2mqE + y2r.exponent() + m * yE;
        return new DoubleDouble.Scaled(ans.mantissa(), ansE);
    }

    /** ((a+b)/(c+d))^m (pow4_D). */
    private static DoubleDouble pow4(double a, double b, double c, double d, int m) {
        if (m <= 0) {
            if (m == 0) {
                return DoubleDouble.ONE;
            }
            return pow4(c, d, a, b, -m);
        }
        DoubleDouble numerator = DoubleDouble.sum(a, b);
        DoubleDouble denominator = DoubleDouble.sum(c, d);
        if (numerator.isZero()) {
            return denominator.isZero() ? new DoubleDouble(Double.NaN, Double.NaN) : DoubleDouble.ZERO;
        }
        if (denominator.isZero()) {
            double inf = numerator.hi() < 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            return new DoubleDouble(inf, 0.0);
        }
        return pow(numerator.divide(denominator), m);
    }

    /** nextPowerOf2 exactly as written in kolmogorov.c. */
    private static double nextPowerOf2(double x) {
        double q = Math.scalb(x, 1 - 53);
        double l = Math.abs(q + x);
        if (l == 0) {
            l = Math.abs(x);
        } else {
            int lInt = (int) l;
            if (lInt == l) {
                l = lInt;
            }
        }
        return l;
    }

    private static double clip(double p) {
        return p < 0 ? 0.0 : Math.min(p, 1.0);
    }
}
