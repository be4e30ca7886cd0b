package io.scorewatch.stats;

/**
 * Unevaluated sum {@code hi + lo} of two doubles giving about 106 bits of precision.
 *
 * <p>A minimal port of the double-double routines scipy's cephes {@code kolmogorov.c} uses
 * (from {@code dd_real_idefs.h}, after Hida, Li and Bailey's QD library). Only what the
 * one-sided Smirnov distribution needs is provided.
 */
record DoubleDouble(double hi, double lo) {

    static final DoubleDouble ZERO = new DoubleDouble(0.0, 0.0);
    static final DoubleDouble ONE = new DoubleDouble(1.0, 0.0);

    /** A double-double together with a binary exponent: {@code mantissa * 2^exponent}. */
    record Scaled(DoubleDouble mantissa, int exponent) {
    }

    static DoubleDouble of(double a) {
        return new DoubleDouble(a, 0.0);
    }

    /** Exact {@code a + b} (two_sum). */
    static DoubleDouble sum(double a, double b) {
        double s = a + b;
        double bb = s - a;
        double e = (a - (s - bb)) + (b - bb);
        return new DoubleDouble(s, e);
    }

    /** Exact {@code a * b} (two_prod, via fused multiply-add). */
    static DoubleDouble product(double a, double b) {
        double p = a * b;
        return new DoubleDouble(p, Math.fma(a, b, -p));
    }

    /** {@code a / b} to double-double accuracy (dd_div_d_d). */
    static DoubleDouble quotient(double a, double b) {
        return of(a).divide(of(b));
    }

    boolean isZero() {
        return hi == 0.0;
    }

    boolean isFinite() {
        return Double.isFinite(hi);
    }

    DoubleDouble negate() {
        return new DoubleDouble(-hi, -lo);
    }

    /** dd_ieee_add. */
    DoubleDouble add(DoubleDouble b) {
        double s1 = hi + b.hi;
        double bb = s1 - hi;
        double s2 = (hi - (s1 - bb)) + (b.hi - bb);
        double t1 = lo + b.lo;
        double cc = t1 - lo;
        double t2 = (lo - (t1 - cc)) + (b.lo - cc);
        s2 += t1;
        double q = s1 + s2;
        s2 = s2 - (q - s1);
        s1 = q;
        s2 += t2;
        q = s1 + s2;
        return new DoubleDouble(q, s2 - (q - s1));
    }

    /** dd_add_dd_d. */
    DoubleDouble add(double b) {
        DoubleDouble s = sum(hi, b);
        double s2 = s.lo + lo;
        return quickTwoSum(s.hi, s2);
    }

    DoubleDouble subtract(DoubleDouble b) {
        return add(b.negate());
    }

    /** dd_sub_dd_d. */
    DoubleDouble subtract(double b) {
        return add(-b);
    }

    /** dd_mul. */
    DoubleDouble multiply(DoubleDouble b) {
        DoubleDouble p = product(hi, b.hi);
        double p2 = p.lo + (hi * b.lo + lo * b.hi);
        return quickTwoSum(p.hi, p2);
    }

    /** dd_mul_dd_d. */
    DoubleDouble multiply(double b) {
        DoubleDouble p1 = product(hi, b);
        DoubleDouble p2 = product(lo, b);
        return quickTwoSum(p1.hi, p2.lo + p2.hi + p1.lo);
    }

    /** dd_accurate_div. */
    DoubleDouble divide(DoubleDouble b) {
        double q1 = hi / b.hi;
        DoubleDouble r = subtract(b.multiply(q1));
        double q2 = r.hi / b.hi;
        r = r.subtract(b.multiply(q2));
        double q3 = r.hi / b.hi;
        DoubleDouble q = quickTwoSum(q1, q2);
        return q.add(q3);
    }

    DoubleDouble divide(double b) {
        return divide(of(b));
    }

    DoubleDouble inverse() {
        return ONE.divide(this);
    }

    /** dd_ldexp: multiply both parts by {@code 2^exponent}. */
    DoubleDouble ldexp(int exponent) {
        return new DoubleDouble(scale(hi, exponent), scale(lo, exponent));
    }

    /** dd_frexp: mantissa with {@code 0.5 <= |hi| < 1} (or {@code |hi| == 1} with opposite-signed lo). */
    Scaled frexp() {
        int exponent = frexpExponent(hi);
        double man = scale(hi, -exponent);
        double b1 = scale(lo, -exponent);
        if (Math.abs(man) == 0.5 && man * b1 < 0) {
            man *= 2;
            b1 *= 2;
            exponent -= 1;
        }
        return new Scaled(new DoubleDouble(man, b1), exponent);
    }

    /** dd_floor. */
    DoubleDouble floor() {
        double h = Math.floor(hi);
        double l = 0.0;
        if (h == hi) {
            l = Math.floor(lo);
            return quickTwoSum(h, l);
        }
        return new DoubleDouble(h, l);
    }

    /**
     * {@code x * 2^exponent}, like {@link Math#scalb} (a single correctly rounded operation) but
     * much cheaper when {@code 2^exponent} is itself a normal double.
     */
    static double scale(double x, int exponent) {
        if (exponent >= Double.MIN_EXPONENT && exponent <= Double.MAX_EXPONENT) {
            return x * Double.longBitsToDouble((long) (exponent + 1023) << 52);
        }
        return Math.scalb(x, exponent);
    }

    /** The exponent C's {@code frexp} would return: {@code x = m * 2^e} with {@code 0.5 <= |m| < 1}. */
    static int frexpExponent(double x) {
        if (x == 0.0 || !Double.isFinite(x)) {
            return 0;
        }
        int e = Math.getExponent(x);
        if (e == Double.MIN_EXPONENT - 1) {
            // subnormal: normalise first
            return Math.getExponent(x * 0x1p54) - 54 + 1;
        }
        return e + 1;
    }

    private static DoubleDouble quickTwoSum(double a, double b) {
        double s = a + b;
        return new DoubleDouble(s, b - (s - a));
    }
}
