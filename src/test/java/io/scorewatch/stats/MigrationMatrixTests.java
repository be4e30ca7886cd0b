package io.scorewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

/** Migration matrices against numpy counts and shares. */
class MigrationMatrixTests {

    static Stream<Named<JsonNode>> migrations() {
        return CreditGolden.cases("calibration.json", "migration");
    }

    @ParameterizedTest
    @MethodSource("migrations")
    void countsSharesAndStabilityAgreeWithNumpy(JsonNode expected) {
        int grades = expected.get("grades").asInt();
        MigrationMatrix matrix = MigrationMatrix.of(CreditGolden.ints(expected.get("from")),
                CreditGolden.ints(expected.get("to")), grades);

        long[][] counts = matrix.counts();
        double[][] shares = matrix.rowShares();
        for (int i = 0; i < grades; i++) {
            assertThat(counts[i]).as("row " + i).containsExactly(CreditGolden.longs(expected.get("counts").get(i)));
            double[] expectedShares = CreditGolden.doubles(expected.get("row_shares").get(i));
            for (int j = 0; j < grades; j++) {
                CreditGolden.assertRelative(shares[i][j], expectedShares[j], "share " + i + " -> " + j);
            }
        }
        CreditGolden.assertRelative(matrix.stayedShare(), CreditGolden.number(expected.get("stayed")), "stayed");
        CreditGolden.assertRelative(matrix.withinOneGradeShare(), CreditGolden.number(expected.get("within_one")),
                "within one grade");
    }

    @Test
    void rejectsGradesOutsideTheScaleAndMismatchedAssignments() {
        assertThatIllegalArgumentException().isThrownBy(() -> MigrationMatrix.of(new int[] {0, 3}, new int[] {0, 1}, 3));
        assertThatIllegalArgumentException().isThrownBy(() -> MigrationMatrix.of(new int[] {0}, new int[] {-1}, 3));
        assertThatIllegalArgumentException().isThrownBy(() -> MigrationMatrix.of(new int[] {0}, new int[] {0, 1}, 3));
        assertThat(MigrationMatrix.of(new int[0], new int[0], 2).stayedShare()).isNaN();
    }
}
