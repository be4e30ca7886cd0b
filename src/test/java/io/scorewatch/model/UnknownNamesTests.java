package io.scorewatch.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bounded tally of unknown names: never more names than its capacity, frequent names kept. */
class UnknownNamesTests {

    @Test
    void aFloodOfOneOffNamesHoldsNoMoreThanTheCapacityAndCountsEveryValue() {
        UnknownNames names = new UnknownNames(20);
        for (int i = 0; i < 100_000; i++) {
            names.count("junk-" + i);
        }
        names.prediction();

        assertThat(names.sample()).hasSize(20);
        assertThat(names.occurrences()).isEqualTo(100_000);
        assertThat(names.predictions()).isEqualTo(1);
        assertThat(names.sample().stream().mapToLong(UnknownNames.Sampled::occurrences).sum()).isEqualTo(100_000);
    }

    @Test
    void aNameMoreFrequentThanOneInCapacityStaysWhateverTheJunkAroundIt() {
        // Space-Saving keeps every name whose share of all values is over 1 / capacity
        UnknownNames names = new UnknownNames(10);
        for (int prediction = 0; prediction < 500; prediction++) {
            names.count("NEW_SIGNAL");
            for (int k = 0; k < 4; k++) {
                names.count("junk-" + prediction + "-" + k);
            }
        }

        UnknownNames.Sampled signal = names.sample().stream().filter(s -> s.name().equals("NEW_SIGNAL")).findFirst()
                .orElseThrow();
        assertThat(signal.occurrences()).isGreaterThanOrEqualTo(500);
        assertThat(signal.occurrences() - signal.overestimate()).isBetween(1L, 500L);
        assertThat(names.sample().get(0).name()).isEqualTo("NEW_SIGNAL");
        assertThat(names.sample()).hasSize(10);
    }

    @Test
    void mergingTalliesAddsCountsAndKeepsTheBound() {
        UnknownNames total = new UnknownNames(3);
        UnknownNames first = new UnknownNames(3);
        first.count("a");
        first.count("a");
        first.count("b");
        first.prediction();
        UnknownNames second = new UnknownNames(3);
        second.count("a");
        second.count("c");
        second.count("d");
        second.prediction();

        total.addAll(first);
        total.addAll(second);

        assertThat(total.occurrences()).isEqualTo(6);
        assertThat(total.predictions()).isEqualTo(2);
        assertThat(total.sample()).hasSize(3);
        assertThat(total.sample().get(0)).isEqualTo(new UnknownNames.Sampled("a", 3, 0));
    }

    @Test
    void aCapacityOfZeroCountsWithoutSampling() {
        UnknownNames names = new UnknownNames(0);
        names.count("x");
        assertThat(names.sample()).isEmpty();
        assertThat(names.occurrences()).isEqualTo(1);
    }
}
