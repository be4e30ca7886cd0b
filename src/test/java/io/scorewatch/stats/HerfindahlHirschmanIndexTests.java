package io.scorewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

/** The Herfindahl-Hirschman index of grade distributions against numpy. */
class HerfindahlHirschmanIndexTests {

    static Stream<Named<JsonNode>> distributions() {
        return CreditGolden.cases("calibration.json", "hhi");
    }

    @ParameterizedTest
    @MethodSource("distributions")
    void agreesWithSumOfSquaredShares(JsonNode expected) {
        long[] counts = CreditGolden.longs(expected.get("counts"));

        HerfindahlHirschmanIndex hhi = HerfindahlHirschmanIndex.of(counts);

        assertThat(hhi.grades()).isEqualTo(counts.length);
        CreditGolden.assertRelative(hhi.value(), CreditGolden.number(expected.get("hhi")), "HHI");
        CreditGolden.assertRelative(hhi.normalised(), CreditGolden.number(expected.get("normalised")), "normalised HHI");
    }

    @Test
    void noClientsIsUndefinedAndNegativeCountsAreRejected() {
        assertThat(HerfindahlHirschmanIndex.of(new long[] {0, 0}).value()).isNaN();
        assertThatIllegalArgumentException().isThrownBy(() -> HerfindahlHirschmanIndex.of(new long[] {3, -1}));
        assertThatIllegalArgumentException().isThrownBy(() -> HerfindahlHirschmanIndex.of(new long[0]));
    }
}
