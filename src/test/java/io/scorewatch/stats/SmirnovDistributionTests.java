package io.scorewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * The series' powers on plain doubles equal the double-double port of pow2Scaled_D, and the long
 * series summed in logarithms agrees with the double-double series.
 */
class SmirnovDistributionTests {

    @Property(tries = 400)
    void longSeriesInLogarithmsAgreesWithTheDoubleDoubleSeries(
            @ForAll @IntRange(min = 1_000, max = 400_000) int n,
            @ForAll @DoubleRange(min = 0.0, max = 40.0) double nxSquared) {
        double x = Math.sqrt(nxSquared / n);
        double doubleDouble = SmirnovDistribution.sf(n, x, Integer.MAX_VALUE);

        double logarithms = SmirnovDistribution.sf(n, x, 1);

        assertThat(logarithms).isCloseTo(doubleDouble, withinPercentage(1e-10 * 100));
    }

    @Property(tries = 3000)
    void scaledPowerEqualsPow2Scaled(@ForAll @IntRange(min = 1, max = 400_000) int n,
            @ForAll @DoubleRange(min = 0.0, max = 1.0) double fraction,
            @ForAll @DoubleRange(min = 0.0, max = 0.5) double x) {
        int v = (int) (fraction * n);
        // the bases of the series' terms: (n - v)/n - x and v/n + x, raised to n - v and v - 1
        DoubleDouble[] bases = {DoubleDouble.quotient(n - v, n).subtract(x), DoubleDouble.quotient(v, n).add(x)};
        int[] exponents = {n - v, Math.max(v - 1, 0)};
        SmirnovDistribution.ScaledPower power = new SmirnovDistribution.ScaledPower();
        for (int k = 0; k < bases.length; k++) {
            if (bases[k].hi() <= 0) {
                continue;
            }
            DoubleDouble.Scaled expected = SmirnovDistribution.pow2Scaled(bases[k], exponents[k]);

            power.raise(bases[k].hi(), bases[k].lo(), exponents[k]);

            assertThat(new DoubleDouble(power.hi, power.lo)).isEqualTo(expected.mantissa());
            assertThat(power.exponent).isEqualTo(expected.exponent());
        }
    }
}
