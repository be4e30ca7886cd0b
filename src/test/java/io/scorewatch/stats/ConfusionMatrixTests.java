package io.scorewatch.stats;

import static io.scorewatch.stats.Tolerance.assertRelative;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

class ConfusionMatrixTests {

    static Stream<Named<JsonNode>> goldenCases() {
        return Golden.cases("classification.json", "cases");
    }

    @ParameterizedTest
    @MethodSource("goldenCases")
    void agreesWithSklearnAtTheThreshold(JsonNode expected) {
        int[] labels = Golden.ints(expected.get("labels"));
        double[] scores = Golden.doubles(expected.get("scores"));

        ConfusionMatrix m = ConfusionMatrix.atThreshold(labels, scores, expected.get("threshold").asDouble());

        JsonNode counts = expected.get("confusion");
        assertThat(m).isEqualTo(new ConfusionMatrix(counts.get("tn").asLong(), counts.get("fp").asLong(),
                counts.get("fn").asLong(), counts.get("tp").asLong()));
        assertRelative(m.precision(), expected.get("precision").asDouble(), "precision");
        assertRelative(m.recall(), expected.get("recall").asDouble(), "recall");
        assertRelative(m.f1(), expected.get("f1").asDouble(), "f1");
        assertRelative(m.accuracy(), expected.get("accuracy").asDouble(), "accuracy");
    }

    @Test
    void fromPredictionsMatchesThresholding() {
        int[] labels = {0, 1, 1, 0, 1, 0};
        double[] scores = {0.2, 0.9, 0.1, 0.5, 0.4, 0.33};
        int[] predictions = {0, 1, 0, 1, 1, 1};

        assertThat(ConfusionMatrix.fromPredictions(labels, predictions))
                .isEqualTo(ConfusionMatrix.atThreshold(labels, scores, 0.3282));
    }

    @Test
    void booleanLabelsGiveTheSameMatrix() {
        int[] labels = {0, 1, 1, 0, 1, 0};
        boolean[] flags = {false, true, true, false, true, false};
        double[] scores = {0.2, 0.9, 0.1, 0.5, 0.4, 0.33};

        assertThat(ConfusionMatrix.atThreshold(flags, scores, 0.3282))
                .isEqualTo(ConfusionMatrix.atThreshold(labels, scores, 0.3282));
        assertThat(ClassificationReport.atThreshold(flags, scores, 0.3282))
                .isEqualTo(ClassificationReport.atThreshold(labels, scores, 0.3282));
    }

    @Test
    void undefinedRatiosAreZeroAsSklearnWarnDefault() {
        ConfusionMatrix nothingPredictedPositive = new ConfusionMatrix(5, 0, 3, 0);
        ConfusionMatrix noPositiveLabel = new ConfusionMatrix(5, 2, 0, 0);

        assertThat(nothingPredictedPositive.precision()).isZero();
        assertThat(nothingPredictedPositive.f1()).isZero();
        assertThat(noPositiveLabel.recall()).isZero();
        assertThat(noPositiveLabel.f1()).isZero();
    }
}
