package io.scorewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

/** Hosmer-Lemeshow over grades against the statistic and scipy.stats.chi2.sf with G - 2 degrees of freedom. */
class HosmerLemeshowTests {

    static Stream<Named<JsonNode>> portfolios() {
        return CreditGolden.cases("calibration.json", "portfolios");
    }

    static List<GradeOutcome> grades(JsonNode portfolio) {
        long[] counts = CreditGolden.longs(portfolio.get("counts"));
        long[] defaults = CreditGolden.longs(portfolio.get("defaults"));
        double[] pds = CreditGolden.doubles(portfolio.get("pds"));
        List<GradeOutcome> grades = new ArrayList<>();
        for (int g = 0; g < counts.length; g++) {
            grades.add(new GradeOutcome(counts[g], defaults[g], pds[g]));
        }
        return grades;
    }

    @ParameterizedTest
    @MethodSource("portfolios")
    void agreesWithChiSquareSurvival(JsonNode portfolio) {
        HosmerLemeshow test = HosmerLemeshow.of(grades(portfolio));

        JsonNode expected = portfolio.get("hosmer_lemeshow");
        CreditGolden.assertRelative(test.statistic(), CreditGolden.number(expected.get("statistic")), "statistic");
        assertThat(test.degreesOfFreedom()).isEqualTo(expected.get("dof").asInt());
        CreditGolden.assertRelative(test.pValue(), CreditGolden.number(expected.get("p_value")), "p-value");
    }

    @Test
    void rejectsADegeneratePdInAGradeWithClients() {
        List<GradeOutcome> grades = List.of(new GradeOutcome(10, 0, 0.0), new GradeOutcome(10, 1, 0.1),
                new GradeOutcome(10, 2, 0.2));

        assertThatIllegalArgumentException().isThrownBy(() -> HosmerLemeshow.of(grades));
    }
}
