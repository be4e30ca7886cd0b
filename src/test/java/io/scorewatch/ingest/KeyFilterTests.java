package io.scorewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class KeyFilterTests {

    @Test
    void everyKeyPutIsFoundAndAboutOnePercentOfTheOthersIs() {
        int capacity = 100_000;
        KeyFilter filter = new KeyFilter(capacity);
        SplittableRandom random = new SplittableRandom(7);
        long[] keys = random.longs(capacity).toArray();
        for (long key : keys) {
            filter.put(key);
        }
        for (long key : keys) {
            assertThat(filter.mightContain(key)).isTrue();
        }
        int others = 200_000;
        long falsePositives = random.longs(others).filter(filter::mightContain).count();
        // 10 bits and 7 probes a key: 0.8% in theory; the table rounds up to a power of two
        assertThat(falsePositives / (double) others).isBetween(0.0005, 0.012);
    }

    @Test
    void keysThatDifferOnlyInTheirHighBitsAreToldApart() {
        KeyFilter filter = new KeyFilter(1_000);
        for (long i = 0; i < 1_000; i++) {
            filter.put(i << 40);
        }
        long falsePositives = 0;
        for (long i = 1_000; i < 101_000; i++) {
            if (filter.mightContain(i << 40)) {
                falsePositives++;
            }
        }
        assertThat(falsePositives).isLessThan(2_000);
    }
}
