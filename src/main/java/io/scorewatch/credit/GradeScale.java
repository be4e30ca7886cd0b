package io.scorewatch.credit;

import java.util.List;

import io.scorewatch.stats.MasterScale;

/**
 * The master scale a model's validation uses: the grades its YAML configures, or the deciles of
 * its active reference's probability column.
 *
 * @param names  the grades' names, lowest PD first
 * @param scale  their inclusive upper bounds
 * @param source {@code configured} or {@code reference-deciles}
 */
public record GradeScale(List<String> names, MasterScale scale, String source) {

    public GradeScale {
        names = List.copyOf(names);
    }

    /** The upper PD bound of grade {@code k}, null for an unbounded top grade. */
    public Double maxPd(int k) {
        double bound = scale.upperBounds()[k];
        return Double.isFinite(bound) ? bound : null;
    }
}
