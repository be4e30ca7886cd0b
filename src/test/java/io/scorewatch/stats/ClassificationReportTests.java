package io.scorewatch.stats;

import static io.scorewatch.stats.Tolerance.assertRelative;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

class ClassificationReportTests {

    static Stream<Named<JsonNode>> goldenCases() {
        return Golden.cases("classification.json", "cases");
    }

    @ParameterizedTest
    @MethodSource("goldenCases")
    void agreesWithSklearnClassificationReport(JsonNode expected) {
        int[] labels = Golden.ints(expected.get("labels"));
        double[] scores = Golden.doubles(expected.get("scores"));
        JsonNode report = expected.get("report");

        ClassificationReport actual = ClassificationReport.atThreshold(labels, scores,
                expected.get("threshold").asDouble());

        List<Integer> expectedClasses = Stream.of("0", "1").filter(report::has).map(Integer::valueOf).toList();
        assertThat(actual.classes()).extracting(ClassificationReport.ClassMetrics::label)
                .containsExactlyElementsOf(expectedClasses);
        for (ClassificationReport.ClassMetrics c : actual.classes()) {
            JsonNode e = report.get(Integer.toString(c.label()));
            String what = "class " + c.label();
            assertRelative(c.precision(), e.get("precision").asDouble(), what + " precision");
            assertRelative(c.recall(), e.get("recall").asDouble(), what + " recall");
            assertRelative(c.f1(), e.get("f1-score").asDouble(), what + " f1");
            assertThat(c.support()).as(what + " support").isEqualTo(e.get("support").asLong());
        }
        assertRelative(actual.accuracy(), report.get("accuracy").asDouble(), "accuracy");
        assertAverage(actual.macroAverage(), report.get("macro avg"), "macro");
        assertAverage(actual.weightedAverage(), report.get("weighted avg"), "weighted");
    }

    @Test
    void classNeverPredictedHasZeroPrecision() {
        ClassificationReport report = ClassificationReport.of(new int[] {0, 1, 0, 1}, new int[] {0, 0, 0, 0});

        ClassificationReport.ClassMetrics positive = report.forClass(1).orElseThrow();
        assertThat(positive.precision()).isZero();
        assertThat(positive.recall()).isZero();
        assertThat(positive.f1()).isZero();
        assertThat(positive.support()).isEqualTo(2);
    }

    private static void assertAverage(ClassificationReport.Average actual, JsonNode expected, String what) {
        assertRelative(actual.precision(), expected.get("precision").asDouble(), what + " precision");
        assertRelative(actual.recall(), expected.get("recall").asDouble(), what + " recall");
        assertRelative(actual.f1(), expected.get("f1-score").asDouble(), what + " f1");
        assertThat(actual.support()).as(what + " support").isEqualTo(expected.get("support").asLong());
    }
}
