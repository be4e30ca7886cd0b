package io.scorewatch.drift;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How drift is decided ({@code scorewatch.drift.*}).
 *
 * @param pValueThreshold    a test is significant when its (adjusted) p-value is below this (the monitoring guide: 0.05)
 * @param policy             {@code p-value} (the monitoring guide's rule), {@code effect-size} (PSI or distance large),
 *                           or {@code both} (significant and large)
 * @param correction         multiple-testing correction across features: {@code none}, {@code bonferroni},
 *                           {@code benjamini-hochberg}
 * @param psiThreshold       a PSI at or above this is a large effect (credit practice: 0.1 moderate, 0.25 significant)
 * @param distanceThreshold  a normalised Wasserstein (divided by max(reference sd, 0.001)) or Jensen-Shannon
 *                           (base 2) distance at or above this is a large effect
 * @param missingShareChange a change of a feature's missing share (absolute) at or above this is flagged
 * @param defaultWindow      window of a run that names none: the last 7 days
 * @param heapShare          share of the free heap a run may fill with window columns; a window whose
 *                           columns need more is read a group of columns at a time
 * @param warmUp             the drift code path run at start, before the service reports ready
 */
@ConfigurationProperties("scorewatch.drift")
record DriftProperties(
        @DefaultValue("0.05") double pValueThreshold,
        @DefaultValue("p-value") Policy policy,
        @DefaultValue("none") Correction correction,
        @DefaultValue("0.1") double psiThreshold,
        @DefaultValue("0.1") double distanceThreshold,
        @DefaultValue("0.1") double missingShareChange,
        @DefaultValue("7d") Duration defaultWindow,
        @DefaultValue("0.5") double heapShare,
        @DefaultValue WarmUp warmUp) {

    /**
     * At start, once the references are in memory and before the service reports ready
     * (readiness), each model with a reference runs the drift code path over its latest
     * predictions this many times, storing nothing and setting no gauge: the first run a user
     * asks for then finds the code compiled and the window's blocks in the store's cache.
     *
     * @param runs how many times (0: no warm-up)
     * @param rows at most this many of the latest predictions, the first of the default window
     *             that ends at the latest prediction
     */
    record WarmUp(@DefaultValue("3") int runs, @DefaultValue("50000") int rows) {

        WarmUp {
            if (runs < 0 || rows < 0) {
                throw new IllegalArgumentException("scorewatch.drift.warm-up: runs and rows must not be negative");
            }
        }
    }

    /** When a feature counts as drifted. */
    enum Policy {
        P_VALUE, EFFECT_SIZE, BOTH
    }

    /** Multiple-testing correction of the per-feature p-values. */
    enum Correction {
        NONE, BONFERRONI, BENJAMINI_HOCHBERG
    }
}
