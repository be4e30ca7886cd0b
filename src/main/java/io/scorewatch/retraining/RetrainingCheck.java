package io.scorewatch.retraining;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;

/**
 * The monitoring guide's {@code should_retrain}: retrain when ROC-AUC is below the performance threshold or
 * the drifted share of features is above the drift threshold, with the reasons. A value that is
 * not known (no labels yet, no drift run) gives no reason.
 */
@Component
public class RetrainingCheck {

    private final RetrainingProperties properties;

    RetrainingCheck(RetrainingProperties properties) {
        this.properties = properties;
    }

    /** The decision and its reasons. */
    public record Decision(boolean shouldRetrain, List<String> reasons, double performanceThreshold,
            double driftThreshold) {
    }

    public Decision decide(Double rocAuc, Double driftShare) {
        List<String> reasons = new ArrayList<>();
        if (rocAuc != null && rocAuc < properties.performanceThreshold()) {
            reasons.add(String.format(Locale.ROOT, "Performance degradation: ROC-AUC = %.4f", rocAuc));
        }
        if (driftShare != null && driftShare > properties.driftThreshold()) {
            reasons.add(String.format(Locale.ROOT, "Significant feature drift: %.1f%% of features",
                    driftShare * 100));
        }
        return new Decision(!reasons.isEmpty(), List.copyOf(reasons), properties.performanceThreshold(),
                properties.driftThreshold());
    }
}
