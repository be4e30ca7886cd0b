package io.scorewatch.reference;

import java.time.Instant;
import java.util.Map;

import io.scorewatch.stats.SortedSample;

/**
 * A model's active reference dataset, ready for drift tests: each numerical feature as its
 * sorted non-missing values, each categorical feature as category counts, the target as its
 * positive count, the probability column sorted.
 *
 * @param id              the dataset's id
 * @param model           the model
 * @param uploadedAt      when it was uploaded
 * @param rows            number of rows
 * @param numerical       numerical features by name
 * @param categorical     categorical features by name
 * @param targetPositives rows whose target is 1
 * @param probability     the probability column, sorted (missing values excluded)
 * @param probabilityOfDefaults    the probabilities of the rows whose target is 1, sorted (for
 *                                 calibration; empty for a dataset stored before they were kept)
 * @param probabilityOfNonDefaults the probabilities of the rows whose target is 0, sorted
 */
public record ReferenceData(long id, String model, Instant uploadedAt, long rows, Map<String, NumericColumn> numerical,
        Map<String, CategoricalColumn> categorical, long targetPositives, SortedSample probability,
        SortedSample probabilityOfDefaults, SortedSample probabilityOfNonDefaults) {

    /** A numerical feature: sorted non-missing values and the count of missing ones. */
    public record NumericColumn(String name, SortedSample values, long missing) {
    }

    /** A categorical feature: count per category and the count of missing values. */
    public record CategoricalColumn(String name, Map<String, Long> counts, long missing) {
    }

    public long targetNegatives() {
        return rows - targetPositives;
    }

    public double targetRate() {
        return rows == 0 ? Double.NaN : (double) targetPositives / rows;
    }
}
