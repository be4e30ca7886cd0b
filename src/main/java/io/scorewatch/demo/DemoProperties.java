package io.scorewatch.demo;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Profile;

/**
 * The demo's traffic simulator ({@code scorewatch.demo.*}, profile {@code demo} only).
 *
 * @param apiKey         the key the simulator posts with (admin: it also uploads the reference and starts runs)
 * @param baseUrl        the service to post to; empty: this service itself on its local port
 * @param model          the model the traffic belongs to
 * @param modelVersion   the model version the predictions carry
 * @param seed           seed of the synthetic applicants (the same seed, the same data)
 * @param referenceRows  rows of the reference dataset uploaded at start
 * @param history        how far back the back-filled history reaches
 * @param historyPerDay  back-filled predictions per day of history
 * @param scenario       what happens in production: stable, gradual-drift, sudden-drift, concept-drift,
 *                       latency-spike or error-burst
 * @param driftStart     how long before now the scenario began (a gradual one reaches full strength now)
 * @param labelDelay     how long after a prediction its real outcome arrives
 * @param liveRate       live predictions per second after the back-fill
 * @param labelInterval  how often matured outcomes are posted
 * @param batchSize      items per batch request
 */
@Profile("demo")
@ConfigurationProperties("scorewatch.demo")
record DemoProperties(
        @DefaultValue("") String apiKey,
        @DefaultValue("") String baseUrl,
        @DefaultValue("credit-scoring") String model,
        @DefaultValue("1.4.0") String modelVersion,
        @DefaultValue("42") long seed,
        @DefaultValue("10000") int referenceRows,
        @DefaultValue("30d") Duration history,
        @DefaultValue("1500") int historyPerDay,
        @DefaultValue("sudden-drift") Scenario scenario,
        @DefaultValue("10d") Duration driftStart,
        @DefaultValue("14d") Duration labelDelay,
        @DefaultValue("3") int liveRate,
        @DefaultValue("10s") Duration labelInterval,
        @DefaultValue("1000") int batchSize) {

    DemoProperties {
        if (referenceRows < 1 || historyPerDay < 0 || liveRate < 0 || batchSize < 1) {
            throw new IllegalArgumentException("scorewatch.demo: reference-rows and batch-size must be positive,"
                    + " history-per-day and live-rate not negative");
        }
        if (history.isNegative() || driftStart.isNegative() || labelDelay.isNegative() || labelInterval.isNegative()
                || labelInterval.isZero()) {
            throw new IllegalArgumentException(
                    "scorewatch.demo: durations must not be negative, label-interval must be positive");
        }
    }
}
