package io.scorewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.scorewatch.model.CategoryText;

class FeatureVectorsTests {

    @Test
    void aVectorRoundTripsBitForBitIncludingMissingValues() {
        double[] vector = {1.5, Double.NaN, -0.0, Double.MIN_VALUE, 1e300, 3};
        byte[] stored = FeatureVectors.encode(vector);

        assertThat(stored).hasSize(vector.length * 8);
        assertThat(FeatureVectors.decode(stored)).containsExactly(vector);
    }

    @Test
    void aBlockKeepsEachRowAndPadsShorterVectorsWithMissingValues() {
        byte[] block = FeatureVectors.block(List.of(FeatureVectors.encode(new double[] {1, 2, 3}),
                FeatureVectors.encode(new double[] {4, 5}), FeatureVectors.encode(new double[] {7, 8, 9})));

        assertThat(FeatureVectors.width(block, 3)).isEqualTo(3);
        assertThat(FeatureVectors.decode(FeatureVectors.row(block, 3, 0))).containsExactly(1, 2, 3);
        assertThat(FeatureVectors.decode(FeatureVectors.row(block, 3, 1))).containsExactly(4, 5, Double.NaN);
        assertThat(FeatureVectors.decode(FeatureVectors.row(block, 3, 2))).containsExactly(7, 8, 9);
    }

    @Test
    void positionsPastABlocksWidthReadAsMissing() {
        byte[] block = FeatureVectors.block(List.of(FeatureVectors.encode(new double[] {7, 8}),
                FeatureVectors.encode(new double[] {9, 10})));

        assertThat(FeatureVectors.valueAt(block, 2, 0, 1)).isEqualTo(8);
        assertThat(FeatureVectors.valueAt(block, 2, 2, 0)).isEqualTo(9);
        assertThat(FeatureVectors.valueAt(block, 2, 2, 1)).isEqualTo(10);
        assertThat(FeatureVectors.valueAt(block, 2, 2, 2)).isNaN();
    }

    @Test
    void aNumberUsedAsACategoryReadsTheSameFromJsonAndCsv() {
        assertThat(CategoryText.of(3)).isEqualTo("3");
        assertThat(CategoryText.of(3.0)).isEqualTo("3");
        assertThat(CategoryText.of(-12L)).isEqualTo("-12");
        assertThat(CategoryText.of(2.5)).isEqualTo("2.5");
        assertThat(CategoryText.of(new BigDecimal("2.50"))).isEqualTo("2.5");
    }
}
