package io.scorewatch.retraining;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When to retrain ({@code scorewatch.retraining.*}), as the seed's RetrainingManager.
 *
 * @param performanceThreshold retrain when production ROC-AUC falls below this
 * @param driftThreshold       retrain when the share of drifted features exceeds this
 */
@ConfigurationProperties("scorewatch.retraining")
record RetrainingProperties(
        @DefaultValue("0.70") double performanceThreshold,
        @DefaultValue("0.10") double driftThreshold) {
}
