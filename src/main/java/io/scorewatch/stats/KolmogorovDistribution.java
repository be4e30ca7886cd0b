package io.scorewatch.stats;

/**
 * Survival function of the two-sided one-sample Kolmogorov-Smirnov statistic {@code D_n},
 * {@code P(D_n >= x)}: what {@code scipy.stats.kstwo.sf(x, n)} returns.
 *
 * <p>Port of {@code _kolmogn(n, x, cdf=False)} from scipy 1.10 {@code scipy/stats/_ksstats.py},
 * including its algorithm selection after Simard and L'Ecuyer (2011): Ruben-Gambino closed forms
 * at the extremes, twice the one-sided Smirnov tail where the two-sided intersection term
 * vanishes or is negligible, the Durbin matrix (Marsaglia-Tsang-Wang) and Pomeranz recursions for
 * small {@code n x^2}, and the Pelz-Good asymptotic series for large {@code n}.
 */
final class KolmogorovDistribution {

    private static final int E128 = 128;
    private static final double EP128 = 0x1p128;
    private static final double EM128 = 0x1p-128;
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private static final double SQRT2PI = Math.sqrt(2 * Math.PI);
    private static final double SQRT3 = Math.sqrt(3);
    private static final double PI_SQUARED = Math.PI * Math.PI;
    private static final double PI_FOUR = Math.pow(Math.PI, 4);
    private static final double PI_SIX = Math.pow(Math.PI, 6);
    private static final int MIN_LOG = -708;
    /** B_{2j}/(2j)/(2j-1) for j = 8..1, highest power first (_STIRLING_COEFFS). */
    private static final double[] STIRLING_COEFFS = {-2.955065359477124183e-2, 6.4102564102564102564e-3,
            -1.9175269175269175269e-3, 8.4175084175084175084e-4, -5.952380952380952381e-4,
            7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2};

    private KolmogorovDistribution() {
    }

    /** {@code kstwo.sf(x, n)}; mirrors {@code _kolmogn(n, x, cdf=False)}. */
    static double sf(int n, double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (n <= 0) {
            return Double.NaN;
        }
        if (x >= 1.0) {
            return 0.0;
        }
        if (x <= 0.0) {
            return 1.0;
        }
        double t = n * x;
        if (t <= 1.0) {
            // Ruben-Gambino: 1/2n <= x <= 1/n
            if (t <= 0.5) {
                return 1.0;
            }
            double prob;
            if (n <= 140) {
                prob = 1.0;
                for (int i = 1; i <= n; i++) {
                    prob *= i * (1.0 / n) * (2 * t - 1);
                }
            } else {
                prob = Math.exp(logNFactorialDivNPowN(n) + n * Math.log(2 * t - 1));
            }
            return clip(1.0 - prob);
        }
        if (t >= n - 1) {
            // Ruben-Gambino
            return clip(2 * Math.pow(1.0 - x, n));
        }
        if (x >= 0.5) {
            // exact: the two one-sided events cannot both happen
            return clip(2 * SmirnovDistribution.sf(n, x));
        }

        double nxSquared = t * x;
        if (n <= 140) {
            if (nxSquared <= 0.754693) {
                return clip(1.0 - cdfDurbinMatrix(n, x));
            }
            if (nxSquared <= 4) {
                return clip(1.0 - cdfPomeranz(n, x));
            }
            // Miller approximation: 2 * smirnov
            return clip(2 * SmirnovDistribution.sf(n, x));
        }

        // survival function has its own cut-offs for large n
        if (nxSquared >= 370.0) {
            return 0.0; // scipy's cut-off: 2*smirnov is below the subnormal range from about n x^2 ~ 372
        }
        if (nxSquared >= 2.2) {
            return clip(2 * SmirnovDistribution.sf(n, x));
        }
        double cdf;
        if (nxSquared >= 18.0) {
            cdf = 1.0;
        } else if (n <= 100000 && n * Math.pow(x, 1.5) <= 1.4) {
            cdf = cdfDurbinMatrix(n, x);
        } else {
            cdf = cdfPelzGood(n, x);
        }
        return clip(1.0 - cdf);
    }

    /** log(n! / n^n) by Stirling's series (_log_nfactorial_div_n_pow_n). */
    static double logNFactorialDivNPowN(int n) {
        double rn = 1.0 / n;
        double arg = rn / n;
        double poly = 0.0;
        for (double c : STIRLING_COEFFS) {
            poly = poly * arg + c;
        }
        return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
    }

    /**
     * {@code P(D_n <= d)} by Durbin's matrix algorithm as arranged by Marsaglia, Tsang and Wang
     * (_kolmogn_DMTW).
     */
    static double cdfDurbinMatrix(int n, double d) {
        if (d >= 1.0) {
            return 1.0;
        }
        double nd = n * d;
        if (nd <= 0.5) {
            return 0.0;
        }
        int k = (int) Math.ceil(nd);
        double h = k - nd;
        int m = 2 * k - 1;

        // v is the first column (and reversed last row) of H; w[j] = 1/j!
        double[] v = new double[m];
        double[] w = new double[m];
        double fac = 1.0;
        for (int j = 1; j <= m; j++) {
            v[j - 1] = 1.0 - Math.pow(h, j);
            w[j - 1] = fac;
            fac /= j;
            v[j - 1] *= fac;
        }
        double tt = Math.pow(Math.max(2 * h - 1.0, 0), m) - 2 * Math.pow(h, m);
        v[m - 1] = (1.0 + tt) * fac;

        double[][] matrix = new double[m][m];
        for (int i = 1; i < m; i++) {
            for (int r = i - 1; r < m; r++) {
                matrix[r][i] = w[r - (i - 1)];
            }
        }
        for (int r = 0; r < m; r++) {
            matrix[r][0] = v[r];
        }
        for (int c = 0; c < m; c++) {
            matrix[m - 1][c] = v[m - 1 - c];
        }

        double[][] power = identity(m);
        int nn = n;
        int exponent = 0;
        int matrixExponent = 0;
        while (nn > 0) {
            if (nn % 2 != 0) {
                power = multiply(power, matrix);
                exponent += matrixExponent;
            }
            matrix = multiply(matrix, matrix);
            matrixExponent *= 2;
            if (Math.abs(matrix[k - 1][k - 1]) > EP128) {
                scale(matrix, 1.0 / EP128);
                matrixExponent += E128;
            }
            nn = nn / 2;
        }

        double p = power[k - 1][k - 1];
        // multiply by n!/n^n
        for (int i = 1; i <= n; i++) {
            p = i * p / n;
            if (Math.abs(p) < EM128) {
                p *= EP128;
                exponent -= E128;
            }
        }
        if (exponent != 0) {
            p = Math.scalb(p, exponent);
        }
        return clip(p);
    }

    /** {@code P(D_n <= x)} by the Pomeranz (1974) recursion (_kolmogn_Pomeranz). */
    static double cdfPomeranz(int n, double x) {
        double t = n * x;
        int ll = (int) Math.floor(t);
        double f = 1.0 * (t - ll);
        double g = Math.min(f, 1.0 - f);
        int ceilf = f > 0 ? 1 : 0;
        int roundf = f > 0.5 ? 1 : 0;
        int npwrs = 2 * (ll + 1);
        // almost-Poisson probabilities: (g/n)^m/m!, (2g/n)^m/m!, ((1-2g)/n)^m/m!
        double[] gpower = new double[npwrs];
        double[] twogpower = new double[npwrs];
        double[] onem2gpower = new double[npwrs];
        gpower[0] = 1.0;
        twogpower[0] = 1.0;
        onem2gpower[0] = 1.0;
        int exponent = 0;
        double gOverN = g / n;
        double twoGOverN = 2 * g / n;
        double oneMinusTwoGOverN = (1 - 2 * g) / n;
        for (int m = 1; m < npwrs; m++) {
            gpower[m] = gpower[m - 1] * gOverN / m;
            twogpower[m] = twogpower[m - 1] * twoGOverN / m;
            onem2gpower[m] = onem2gpower[m - 1] * oneMinusTwoGOverN / m;
        }

        double[] v0 = new double[npwrs];
        double[] v1 = new double[npwrs];
        v1[0] = 1;
        int v0s = 0;
        int v1s = 0;

        int[] bounds = pomeranzBounds(0, n, ll, ceilf, roundf);
        int j1 = bounds[0];
        for (int i = 1; i < 2 * n + 2; i++) {
            int k1 = j1;
            double[] swap = v0;
            v0 = v1;
            v1 = swap;
            int swapStart = v0s;
            v0s = v1s;
            v1s = swapStart;
            java.util.Arrays.fill(v1, 0.0);
            bounds = pomeranzBounds(i, n, ll, ceilf, roundf);
            j1 = bounds[0];
            int j2 = bounds[1];
            double[] powers;
            if (i == 1 || i == 2 * n + 1) {
                powers = gpower;
            } else {
                powers = (i % 2 != 0) ? twogpower : onem2gpower;
            }
            int ln2 = j2 - k1 + 1;
            if (ln2 > 0) {
                int from = k1 - v0s;
                double[] conv = convolve(v0, from, Math.min(from + ln2, npwrs) - from,
                        powers, Math.min(ln2, npwrs));
                int convStart = j1 - k1;
                int convLen = j2 - j1 + 1;
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < convLen; c++) {
                    v1[c] = conv[convStart + c];
                }
                for (double value : v1) {
                    max = Math.max(max, value);
                }
                // scale to avoid underflow
                if (0 < max && max < EM128) {
                    scale(v1, EP128);
                    exponent -= E128;
                }
                v1s = v0s + j1 - k1;
            }
        }

        // multiply by n!
        double ans = v1[n - v1s];
        for (int m = 1; m <= n; m++) {
            if (Math.abs(ans) > EP128) {
                ans *= EM128;
                exponent += E128;
            }
            ans *= m;
        }
        if (exponent != 0) {
            ans = Math.scalb(ans, exponent);
        }
        return clip(ans);
    }

    /** Endpoints of the non-zero interval of row i (_pomeranz_compute_j1j2). */
    private static int[] pomeranzBounds(int i, int n, int ll, int ceilf, int roundf) {
        int j1;
        int j2;
        if (i == 0) {
            j1 = -ll - ceilf - 1;
            j2 = ll + ceilf - 1;
        } else {
            int ip1div2 = (i + 1) / 2;
            int ip1mod2 = (i + 1) % 2;
            if (ip1mod2 == 0) {
                if (ip1div2 == n + 1) {
                    j1 = n - ll - ceilf - 1;
                    j2 = n + ll + ceilf - 1;
                } else {
                    j1 = ip1div2 - 1 - ll - roundf - 1;
                    j2 = ip1div2 + ll - 1 + ceilf - 1;
                }
            } else {
                j1 = ip1div2 - 1 - ll - 1;
                j2 = ip1div2 + ll + roundf - 1;
            }
        }
        return new int[] {Math.max(j1 + 2, 0), Math.min(j2, n)};
    }

    /** Full discrete convolution of a[from, from+aLen) with b[0, bLen) (numpy.convolve, mode 'full'). */
    private static double[] convolve(double[] a, int from, int aLen, double[] b, int bLen) {
        double[] out = new double[aLen + bLen - 1];
        for (int i = 0; i < aLen; i++) {
            double ai = a[from + i];
            for (int j = 0; j < bLen; j++) {
                out[i + j] += ai * b[j];
            }
        }
        return out;
    }

    /**
     * Pelz-Good approximation to {@code P(D_n <= x)}, the Li-Chien/Korolyuk expansion transformed with
     * Jacobi theta identities for small {@code x sqrt(n)} (_kolmogn_PelzGood).
     */
    static double cdfPelzGood(int n, double x) {
        if (x <= 0.0) {
            return 0.0;
        }
        if (x >= 1.0) {
            return 1.0;
        }
        double z = Math.sqrt(n) * x;
        double zsquared = z * z;
        double zthree = Math.pow(z, 3);
        double zfour = Math.pow(z, 4);
        double zsix = Math.pow(z, 6);

        double qlog = -PI_SQUARED / 8 / zsquared;
        if (qlog < MIN_LOG) {
            return 0.0;
        }
        double q = Math.exp(qlog);

        // coefficients of the terms in the sums for K1, K2 and K3
        double k1a = -zsquared;
        double k1b = PI_SQUARED / 4;

        double k2a = 6 * zsix + 2 * zfour;
        double k2b = (2 * zfour - 5 * zsquared) * PI_SQUARED / 4;
        double k2c = PI_FOUR * (1 - 2 * zsquared) / 16;

        double k3d = PI_SIX * (5 - 30 * zsquared) / 64;
        double k3c = PI_FOUR * (-60 * zsquared + 212 * zfour) / 16;
        double k3b = PI_SQUARED * (135 * zfour - 96 * zsix) / 4;
        double k3a = -30 * zsix - 90 * Math.pow(z, 8);

        double[] k0to3 = new double[4];
        // Horner scheme for sum c_i q^(i^2) over odd i
        int maxk = (int) Math.ceil(16 * z / Math.PI);
        for (int k = maxk; k > 0; k--) {
            int m = 2 * k - 1;
            double msquared = (double) m * m;
            double mfour = msquared * msquared;
            double msix = mfour * msquared;
            double qpower = Math.pow(q, 8 * k);
            double[] coeffs = {1.0, k1a + k1b * msquared, k2a + k2b * msquared + k2c * mfour,
                    k3a + k3b * msquared + k3c * mfour + k3d * msix};
            for (int i = 0; i < 4; i++) {
                k0to3[i] = k0to3[i] * qpower + coeffs[i];
            }
        }
        double[] divisors = {z, 6 * zfour, 72 * Math.pow(z, 7), 6480 * Math.pow(z, 10)};
        for (int i = 0; i < 4; i++) {
            k0to3[i] = k0to3[i] * q * SQRT2PI / divisors[i];
        }

        // the remaining sums over all integers k for K2 and K3
        q = Math.exp(-PI_SQUARED / 2 / zsquared);
        double sqrt3z = SQRT3 * z;
        double k2extra = 0.0;
        double k3extra = 0.0;
        for (int k = maxk; k > 0; k--) {
            double ksquared = (double) k * k;
            double qpower = Math.pow(q, ksquared);
            double kspi = Math.PI * k;
            k2extra += ksquared * qpower;
            k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ksquared * qpower;
        }
        k2extra *= PI_SQUARED * SQRT2PI / (-36 * zthree);
        k0to3[2] += k2extra;
        k3extra *= PI_SQUARED * SQRT2PI / (216 * zsix);
        k0to3[3] += k3extra;

        double sum = 0.0;
        for (int i = 0; i < 4; i++) {
            sum += k0to3[i] / Math.pow(n * 1.0, i / 2.0);
        }
        return sum;
    }

    private static double[][] identity(int m) {
        double[][] id = new double[m][m];
        for (int i = 0; i < m; i++) {
            id[i][i] = 1.0;
        }
        return id;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int m = a.length;
        double[][] c = new double[m][m];
        for (int i = 0; i < m; i++) {
            double[] ci = c[i];
            for (int k = 0; k < m; k++) {
                double aik = a[i][k];
                if (aik == 0.0) {
                    continue;
                }
                double[] bk = b[k];
                for (int j = 0; j < m; j++) {
                    ci[j] += aik * bk[j];
                }
            }
        }
        return c;
    }

    private static void scale(double[][] matrix, double factor) {
        for (double[] row : matrix) {
            scale(row, factor);
        }
    }

    private static void scale(double[] row, double factor) {
        for (int i = 0; i < row.length; i++) {
            row[i] *= factor;
        }
    }

    private static double clip(double p) {
        return p < 0 ? 0.0 : Math.min(p, 1.0);
    }
}
