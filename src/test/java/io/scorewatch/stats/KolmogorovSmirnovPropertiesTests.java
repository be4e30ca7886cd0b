package io.scorewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class KolmogorovSmirnovPropertiesTests {

    @Provide
    Arbitrary<double[]> samples() {
        return SampleArbitraries.samples(300);
    }

    @Property(tries = 300)
    void swappingTheSamplesChangesNothing(@ForAll("samples") double[] x, @ForAll("samples") double[] y) {
        KolmogorovSmirnov xy = KolmogorovSmirnov.test(x, y);
        KolmogorovSmirnov yx = KolmogorovSmirnov.test(y, x);

        assertThat(yx.statistic()).isEqualTo(xy.statistic());
        assertThat(yx.pValue()).isEqualTo(xy.pValue());
    }

    @Property(tries = 300)
    void statisticAndPValueAreProbabilities(@ForAll("samples") double[] x, @ForAll("samples") double[] y) {
        KolmogorovSmirnov result = KolmogorovSmirnov.test(x, y);

        assertThat(result.statistic()).isBetween(0.0, 1.0);
        assertThat(result.pValue()).isBetween(0.0, 1.0);
    }

    @Property(tries = 300)
    void statisticIsTheLargestGapBetweenEmpiricalCdfs(@ForAll("samples") double[] x, @ForAll("samples") double[] y) {
        double bruteForce = 0.0;
        for (double[] sample : new double[][] {x, y}) {
            for (double v : sample) {
                bruteForce = Math.max(bruteForce, Math.abs(fractionAtMost(x, v) - fractionAtMost(y, v)));
            }
        }

        assertThat(KolmogorovSmirnov.statistic(SortedSample.of(x), SortedSample.of(y))).isEqualTo(bruteForce);
    }

    @Property(tries = 200)
    void presortedReferenceEqualsUnsorted(@ForAll("samples") double[] reference, @ForAll("samples") double[] sample) {
        assertThat(KolmogorovSmirnov.test(SortedSample.of(reference), sample))
                .isEqualTo(KolmogorovSmirnov.test(reference, sample));
    }

    @Property(tries = 200)
    void aSampleDoesNotDifferFromItself(@ForAll("samples") double[] x) {
        KolmogorovSmirnov result = KolmogorovSmirnov.test(x, x.clone());

        assertThat(result.statistic()).isZero();
        assertThat(result.pValue()).isEqualTo(1.0);
    }

    private static double fractionAtMost(double[] sample, double v) {
        int count = 0;
        for (double s : sample) {
            if (s <= v) {
                count++;
            }
        }
        return (double) count / sample.length;
    }
}
