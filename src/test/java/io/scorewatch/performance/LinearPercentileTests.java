package io.scorewatch.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Bit-for-bit agreement with {@code numpy.percentile} (numpy 1.24, method 'linear'). */
class LinearPercentileTests {

    @Test
    void matchesNumpyExactly() {
        // numpy.percentile([1, 2, 3, 4], [0, 50, 95, 99, 100])
        double[] a = {1, 2, 3, 4};
        assertThat(LinearPercentile.ofSorted(a, 0)).isEqualTo(1.0);
        assertThat(LinearPercentile.ofSorted(a, 50)).isEqualTo(2.5);
        assertThat(LinearPercentile.ofSorted(a, 95)).isEqualTo(3.8499999999999996);
        assertThat(LinearPercentile.ofSorted(a, 99)).isEqualTo(3.9699999999999998);
        assertThat(LinearPercentile.ofSorted(a, 100)).isEqualTo(4.0);

        // numpy.percentile([0.1, 0.2, 0.7], [95, 99])
        double[] b = {0.1, 0.2, 0.7};
        assertThat(LinearPercentile.ofSorted(b, 95)).isEqualTo(0.6499999999999999);
        assertThat(LinearPercentile.ofSorted(b, 99)).isEqualTo(0.69);

        // numpy.percentile([3.3, 1.1, 2.2, 9.9, 4.4, 7.7, 100.0], [50, 95, 99]), sorted first
        double[] c = {3.3, 1.1, 2.2, 9.9, 4.4, 7.7, 100.0};
        Arrays.sort(c);
        assertThat(LinearPercentile.ofSorted(c, 50)).isEqualTo(4.4);
        assertThat(LinearPercentile.ofSorted(c, 95)).isEqualTo(72.96999999999994);
        assertThat(LinearPercentile.ofSorted(c, 99)).isEqualTo(94.59399999999995);
    }

    @Test
    void oneValueIsEveryPercentileAndNoValueIsNaN() {
        assertThat(LinearPercentile.ofSorted(new double[] {5.0}, 0)).isEqualTo(5.0);
        assertThat(LinearPercentile.ofSorted(new double[] {5.0}, 99)).isEqualTo(5.0);
        assertThat(LinearPercentile.ofSorted(new double[0], 50)).isNaN();
    }

    @Test
    void rejectsAPercentOutsideZeroToHundred() {
        assertThatIllegalArgumentException().isThrownBy(() -> LinearPercentile.ofSorted(new double[] {1}, 101));
        assertThatIllegalArgumentException().isThrownBy(() -> LinearPercentile.ofSorted(new double[] {1}, Double.NaN));
        assertThatIllegalArgumentException().isThrownBy(() -> LinearPercentile.of(new double[] {1}, 50, -1));
    }

    @Test
    void selectionOnUnsortedValuesEqualsTheSortedDefinition() {
        SplittableRandom random = new SplittableRandom(11);
        double[] percents = {99, 50, 0, 95, 100, 25, 50, 99.9};
        for (int round = 0; round < 2_000; round++) {
            int n = 1 + random.nextInt(round < 1_000 ? 12 : 3_000);
            double[] values = new double[n];
            int shape = random.nextInt(5);
            for (int i = 0; i < n; i++) {
                values[i] = switch (shape) {
                    case 0 -> random.nextDouble() * 100;         // continuous
                    case 1 -> random.nextInt(5);                 // heavy ties
                    case 2 -> i;                                 // ascending
                    case 3 -> n - i;                             // descending
                    default -> i % 2 == 0 ? i : n - i;           // interleaved
                };
            }
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            double[] selected = LinearPercentile.of(values.clone(), percents);
            for (int p = 0; p < percents.length; p++) {
                assertThat(selected[p]).as("n=%d shape=%d percent=%s", n, shape, percents[p])
                        .isEqualTo(LinearPercentile.ofSorted(sorted, percents[p]));
            }
        }
    }

    @Test
    void anEmptySampleHasNaNPercentiles() {
        assertThat(LinearPercentile.of(new double[0], 50, 95)).containsExactly(Double.NaN, Double.NaN);
    }
}
