package io.scorewatch.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import io.scorewatch.drift.DriftRuns;
import io.scorewatch.model.ModelDefinition;
import io.scorewatch.model.ModelRegistry;

/**
 * The daily prediction drift gauge ({@code credit_scoring_prediction_drift_p_value}) on every
 * replica: at the daily schedule each replica tests the probabilities of the daily window
 * against the reference itself (unlocked, as the metrics gauges are refreshed), so that every
 * replica exports the same p-value. The locked daily job records the same test in its run.
 */
@Component
class PredictionDriftGauges {

    private static final Logger log = LoggerFactory.getLogger(PredictionDriftGauges.class);

    private final ModelRegistry models;
    private final DriftRuns drift;
    private final Duration dailyWindow;
    private final Clock clock;

    PredictionDriftGauges(ModelRegistry models, DriftRuns drift,
            @Value("${scorewatch.schedule.daily-window}") Duration dailyWindow, Clock clock) {
        this.models = models;
        this.drift = drift;
        this.dailyWindow = dailyWindow;
        this.clock = clock;
    }

    @Scheduled(cron = "${scorewatch.schedule.daily}")
    void refresh() {
        Instant to = clock.instant().truncatedTo(ChronoUnit.MICROS);
        for (ModelDefinition model : models.all()) {
            try {
                drift.predictionDrift(model.name(), to.minus(dailyWindow), to);
            } catch (ErrorResponseException nothingToCompare) {
                log.debug("No daily prediction drift for model {}: {}", model.name(),
                        nothingToCompare.getBody().getDetail());
            } catch (RuntimeException e) {
                log.warn("Could not test the daily prediction drift of model {}; its gauge keeps its value",
                        model.name(), e);
            }
        }
    }
}
