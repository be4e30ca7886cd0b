package io.scorewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SortedSampleTests {

    @Test
    void ofCopiesSortsAndSetsNaNsAside() {
        double[] values = {3, Double.NaN, 1, 2, Double.NaN};

        SortedSample sample = SortedSample.of(values);

        assertThat(sample.toArray()).containsExactly(1, 2, 3);
        assertThat(sample.size()).isEqualTo(3);
        assertThat(sample.missing()).isEqualTo(2);
        assertThat(values[0]).as("caller's array untouched").isEqualTo(3);
    }

    @Test
    void sortInPlaceSortsTheCallersArray() {
        double[] values = {3, 1, 2};

        SortedSample.sortInPlace(values);

        assertThat(values).containsExactly(1, 2, 3);
    }

    @Test
    void ofSortedChecksTheOrder() {
        assertThat(SortedSample.ofSorted(new double[] {1, 1, 2, Double.NaN}).size()).isEqualTo(3);
        assertThatIllegalArgumentException().isThrownBy(() -> SortedSample.ofSorted(new double[] {2, 1}));
        assertThatIllegalArgumentException().isThrownBy(() -> SortedSample.ofSorted(new double[] {Double.NaN, 1}));
    }

    @Test
    void aTiedSampleKeepsItsDistinctValuesWithCumulativeCounts() {
        double[] values = new double[40];
        for (int i = 0; i < values.length; i++) {
            values[i] = i < 10 ? -0.0 : i < 12 ? 0.0 : i < 30 ? 2.5 : 7;
        }
        values[39] = Double.NaN;

        SortedSample.Distinct distinct = SortedSample.of(values).distinct();

        assertThat(distinct.values()).containsExactly(-0.0, 2.5, 7);
        assertThat(distinct.countAtMost()).containsExactly(12, 30, 39);
    }

    @Test
    void aSampleWithManyDistinctValuesKeepsNone() {
        double[] values = new double[80];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % (values.length / SortedSample.DISTINCT_SHARE + 1);
        }

        assertThat(SortedSample.of(values).distinct()).isNull();
        assertThat(SortedSample.of(new double[] {Double.NaN}).distinct()).isNull();
        assertThat(SortedSample.of(new double[] {1, 1, 1, 1, 1, 1, 1, 1}).distinct().countAtMost()).containsExactly(8);
    }

    @Property(tries = 300)
    void aCompactedSampleAnswersAsTheSampleItself(@ForAll("samples") double[] raw) {
        SortedSample sample = SortedSample.of(raw);
        SortedSample compact = SortedSample.of(raw).compacted();

        assertThat(compact.isCompact()).isEqualTo(sample.distinct() != null);
        assertThat(compact.size()).isEqualTo(sample.size());
        assertThat(compact.missing()).isEqualTo(sample.missing());
        assertThat(compact.toArray()).containsExactly(sample.toArray());
        assertThat(java.util.Arrays.copyOf(compact.values(), compact.size())).containsExactly(sample.toArray());
        for (int i = 0; i < sample.size(); i++) {
            assertThat(compact.get(i)).isEqualTo(sample.get(i));
        }
        for (double x : new double[] {-7, -6, -5.5, -0.0, 0.0, 0.5, 1, 3, 6, 6.5, 51}) {
            assertThat(compact.countAtMost(x)).as("<= %s", x).isEqualTo(sample.countAtMost(x));
            assertThat(compact.countBelow(x)).as("< %s", x).isEqualTo(sample.countBelow(x));
        }
        for (double x : raw) {
            assertThat(compact.countAtMost(x)).isEqualTo(sample.countAtMost(x));
            assertThat(compact.countBelow(x)).isEqualTo(sample.countBelow(x));
        }
        if (!sample.isEmpty()) {
            assertThat(compact.standardDeviation()).isEqualTo(sample.standardDeviation());
            assertThat(compact.psiBins().edges()).containsExactly(sample.psiBins().edges());
            assertThat(compact.psiBins().referenceCounts()).containsExactly(sample.psiBins().referenceCounts());
            assertThat(compact.psiBins().referenceTotal()).isEqualTo(sample.psiBins().referenceTotal());
        }
    }

    @Provide
    Arbitrary<double[]> samples() {
        return SampleArbitraries.samples(300).flatMap(values -> Arbitraries.integers().between(0, 3).map(missing -> {
            double[] copy = java.util.Arrays.copyOf(values, values.length + missing);
            java.util.Arrays.fill(copy, values.length, copy.length, Double.NaN);
            return copy;
        }));
    }

    @Test
    void aSampleWithManyDistinctValuesIsNotCompacted() {
        SortedSample sample = SortedSample.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9});

        assertThat(sample.compacted()).isSameAs(sample);
    }

    @Test
    void getIsBoundedBySize() {
        SortedSample sample = SortedSample.of(new double[] {5, Double.NaN});

        assertThat(sample.get(0)).isEqualTo(5);
        assertThatThrownBy(() -> sample.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
