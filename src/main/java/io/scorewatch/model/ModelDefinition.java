package io.scorewatch.model;

import java.time.Period;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A monitored model, as configured in {@code config/models/<name>.yaml}.
 *
 * @param name                 the model's name, used in the API and as the {@code model} tag
 * @param description          free text
 * @param decisionThreshold    predicted default when probability >= this value
 * @param expectedPositiveRate share of defaults in the training data
 * @param highRiskProbability  a prediction is high risk when probability > this value
 * @param costs                business cost of a false negative and a false positive
 * @param reference            names of the non-feature columns of the reference CSV
 * @param features             optional type overrides, feature name to type
 * @param segments             declared segment keys, key to declaration, in the file's order
 * @param grades               the master scale, lowest PD first; empty: the deciles of the reference probability
 * @param performanceWindow    how long after a prediction its default counts (the outcome period)
 * @param initialAuc           the AUC at the initial validation; null: the active reference's AUC
 */
public record ModelDefinition(
        String name,
        String description,
        double decisionThreshold,
        double expectedPositiveRate,
        double highRiskProbability,
        Costs costs,
        ReferenceColumns reference,
        Map<String, FeatureType> features,
        Map<String, SegmentDeclaration> segments,
        List<Grade> grades,
        Period performanceWindow,
        Double initialAuc) {

    /** The performance window when the model file gives none. */
    public static final Period DEFAULT_PERFORMANCE_WINDOW = Period.ofMonths(12);

    public ModelDefinition {
        features = features == null ? Map.of() : Map.copyOf(features);
        segments = segments == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(segments));
        grades = grades == null ? List.of() : List.copyOf(grades);
        performanceWindow = performanceWindow == null ? DEFAULT_PERFORMANCE_WINDOW : performanceWindow;
    }

    /** A model with segments and the default grades, performance window and initial AUC. */
    public ModelDefinition(String name, String description, double decisionThreshold, double expectedPositiveRate,
            double highRiskProbability, Costs costs, ReferenceColumns reference, Map<String, FeatureType> features,
            Map<String, SegmentDeclaration> segments) {
        this(name, description, decisionThreshold, expectedPositiveRate, highRiskProbability, costs, reference,
                features, segments, List.of(), null, null);
    }

    /** A model without segments. */
    public ModelDefinition(String name, String description, double decisionThreshold, double expectedPositiveRate,
            double highRiskProbability, Costs costs, ReferenceColumns reference, Map<String, FeatureType> features) {
        this(name, description, decisionThreshold, expectedPositiveRate, highRiskProbability, costs, reference,
                features, Map.of());
    }

    /** Business cost of the two kinds of error. */
    public record Costs(double falseNegative, double falsePositive) {
    }

    /** Column names of the reference dataset that carry the label and the model's score. */
    public record ReferenceColumns(String targetColumn, String probabilityColumn) {
    }

    /**
     * A grade of the master scale: its name and its inclusive upper PD bound.
     *
     * @param name  the grade's name
     * @param maxPd the largest probability of the grade
     */
    public record Grade(String name, double maxPd) {
    }

    /** The 0/1 decision the model takes for a probability. */
    public int decide(double probability) {
        return probability >= decisionThreshold ? 1 : 0;
    }
}
