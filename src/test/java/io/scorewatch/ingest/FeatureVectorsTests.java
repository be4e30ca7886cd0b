package io.scorewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

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
    void positionsPastAShorterVectorReadAsMissing() {
        ByteBuffer stored = ByteBuffer.wrap(FeatureVectors.encode(new double[] {7, 8})).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(FeatureVectors.valueAt(stored, 1)).isEqualTo(8);
        assertThat(FeatureVectors.valueAt(stored, 2)).isNaN();
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
