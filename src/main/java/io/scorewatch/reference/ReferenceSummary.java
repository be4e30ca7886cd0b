package io.scorewatch.reference;

import java.time.Instant;
import java.util.List;

/**
 * What an upload answers and {@code GET .../reference} shows.
 *
 * @param typeConflicts features whose reference values did not fit the type the schema or the
 *                      model's YAML gives them (values that did not fit count as missing)
 */
record ReferenceSummary(long id, String model, Instant uploadedAt, long rows, double targetRate,
        Double probabilityMean, List<Feature> features, List<String> typeConflicts) {

    /** A reference feature: its type, its share of missing values, categories when categorical. */
    record Feature(String name, String type, double missingShare, Integer categories) {
    }
}
