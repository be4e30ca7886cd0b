package io.scorewatch.drift;

import java.util.List;
import java.util.stream.IntStream;

import io.scorewatch.drift.DriftProperties.Correction;
import io.scorewatch.drift.DriftProperties.Policy;
import io.scorewatch.drift.DriftRunResponse.FeatureResult;
import io.scorewatch.reference.ReferenceData.NumericColumn;

/**
 * The compute part of a drift run over numerical features, for benchmarks outside this package:
 * each feature tested as {@link DriftRuns} tests a group of features (in parallel), with the
 * default settings.
 */
public final class DriftCompute {

    private static final DriftAnalysis.Settings DEFAULTS = new DriftAnalysis.Settings(0.05, Policy.P_VALUE,
            Correction.NONE, 0.1, 0.1, 0.1);

    private DriftCompute() {
    }

    /** Feature k of the result compares {@code windows[k]} (may hold NaN) with {@code references.get(k)}. */
    public static List<FeatureResult> numerical(List<NumericColumn> references, long referenceRows,
            double[][] windows) {
        return IntStream.range(0, windows.length).parallel()
                .mapToObj(k -> DriftAnalysis.numerical(references.get(k).name(), references.get(k),
                        referenceRows, windows[k].clone(), DEFAULTS))
                .toList();
    }
}
