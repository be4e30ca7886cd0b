package io.scorewatch.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** Bit-for-bit agreement with {@code numpy.percentile} (numpy 1.24, method 'linear'). */
class LinearPercentileTests {

    @Test
    void matchesNumpyExactly() {
        // numpy.percentile([1, 2, 3, 4], [0, 50, 95, 99, 100])
        double[] a = {1, 2, 3, 4};
        assertThat(LinearPercentile.of(a, 0)).isEqualTo(1.0);
        assertThat(LinearPercentile.of(a, 50)).isEqualTo(2.5);
        assertThat(LinearPercentile.of(a, 95)).isEqualTo(3.8499999999999996);
        assertThat(LinearPercentile.of(a, 99)).isEqualTo(3.9699999999999998);
        assertThat(LinearPercentile.of(a, 100)).isEqualTo(4.0);

        // numpy.percentile([0.1, 0.2, 0.7], [95, 99])
        double[] b = {0.1, 0.2, 0.7};
        assertThat(LinearPercentile.of(b, 95)).isEqualTo(0.6499999999999999);
        assertThat(LinearPercentile.of(b, 99)).isEqualTo(0.69);

        // numpy.percentile([3.3, 1.1, 2.2, 9.9, 4.4, 7.7, 100.0], [50, 95, 99]), sorted first
        double[] c = {3.3, 1.1, 2.2, 9.9, 4.4, 7.7, 100.0};
        Arrays.sort(c);
        assertThat(LinearPercentile.of(c, 50)).isEqualTo(4.4);
        assertThat(LinearPercentile.of(c, 95)).isEqualTo(72.96999999999994);
        assertThat(LinearPercentile.of(c, 99)).isEqualTo(94.59399999999995);
    }

    @Test
    void oneValueIsEveryPercentileAndNoValueIsNaN() {
        assertThat(LinearPercentile.of(new double[] {5.0}, 0)).isEqualTo(5.0);
        assertThat(LinearPercentile.of(new double[] {5.0}, 99)).isEqualTo(5.0);
        assertThat(LinearPercentile.of(new double[0], 50)).isNaN();
    }

    @Test
    void rejectsAPercentOutsideZeroToHundred() {
        assertThatIllegalArgumentException().isThrownBy(() -> LinearPercentile.of(new double[] {1}, 101));
        assertThatIllegalArgumentException().isThrownBy(() -> LinearPercentile.of(new double[] {1}, Double.NaN));
    }
}
