package io.scorewatch.retraining;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class RetrainingCheckTests {

    private final RetrainingCheck check = new RetrainingCheck(RetrainingPropertiesTests.bind(Map.of()));

    @Test
    void theSeedsExampleRetrainsForBothReasons() {
        // the monitoring guide: should_retrain(current_roc_auc=0.68, drifted_features_pct=0.12)
        RetrainingCheck.Decision decision = check.decide(0.68, 0.12);
        assertThat(decision.shouldRetrain()).isTrue();
        assertThat(decision.reasons()).containsExactly("Performance degradation: ROC-AUC = 0.6800",
                "Significant feature drift: 12.0% of features");
    }

    @Test
    void theThresholdsAreStrictAndUnknownValuesGiveNoReason() {
        assertThat(check.decide(0.70, 0.10).shouldRetrain()).isFalse();
        assertThat(check.decide(null, null).shouldRetrain()).isFalse();
        assertThat(check.decide(null, 0.5).reasons()).hasSize(1);
    }
}
