package io.scorewatch.ingest;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.scorewatch.config.FieldProblem;
import io.scorewatch.config.InvalidRequestException;
import io.scorewatch.config.PayloadTooLargeException;

/**
 * Intake limits and conventions ({@code scorewatch.ingest.*}).
 *
 * @param maxBatchItems            items in one batch; more is answered 413
 * @param maxFeaturesPerPrediction features in one prediction; more is answered 400
 * @param maxFeatureNameLength     characters in a feature name; longer is answered 400
 * @param maxStringLength          characters in a categorical value or an id; longer is answered 400
 * @param maxSchemaFeatures        features the first request of a model without YAML features nor reference may give it
 * @param maxCategoriesPerFeature  dictionary size of a categorical feature; later categories are stored as one "(other)" bucket
 * @param unknownFeatureSample     names a model's sample of unknown feature names holds (the most frequent ones)
 * @param maxFutureSkew            how far in the future a {@code timestamp} may lie; further is answered 400
 * @param localTimestampZone       zone of a timestamp without offset (Python's {@code datetime.now().isoformat()})
 * @param errorTypes               {@code error_type} values exported as their own tag; others export as "other"
 * @param latencyBuckets           bucket bounds of the {@code credit_scoring_response_seconds} histogram
 * @param labelJoinInterval        how often waiting labels look again for their prediction
 * @param storeAttempts            times a batch is stored before a conflict with concurrent writers of
 *                                 the same prediction ids is answered as an error
 */
@ConfigurationProperties("scorewatch.ingest")
record IngestProperties(
        @DefaultValue("10000") int maxBatchItems,
        @DefaultValue("1000") int maxFeaturesPerPrediction,
        @DefaultValue("200") int maxFeatureNameLength,
        @DefaultValue("256") int maxStringLength,
        @DefaultValue("2000") int maxSchemaFeatures,
        @DefaultValue("1000") int maxCategoriesPerFeature,
        @DefaultValue("100") int unknownFeatureSample,
        @DefaultValue("5m") Duration maxFutureSkew,
        @DefaultValue("UTC") ZoneId localTimestampZone,
        @DefaultValue({"validation", "prediction", "timeout", "unavailable", "internal", "other"}) List<String> errorTypes,
        @DefaultValue({"5ms", "10ms", "25ms", "50ms", "75ms", "100ms", "150ms", "250ms", "500ms", "1000ms",
                "2500ms", "5000ms"}) List<Duration> latencyBuckets,
        @DefaultValue("30s") Duration labelJoinInterval,
        @DefaultValue("5") int storeAttempts) {

    /**
     * The problem of a timestamp further in the future than {@code max-future-skew}, if it is:
     * a far-future date would stay the latest forever (never purged, always "now").
     */
    Optional<FieldProblem> futureProblem(String field, Instant at, Instant now) {
        return at.isAfter(now.plus(maxFutureSkew))
                ? Optional.of(FieldProblem.of(field, "lies more than " + maxFutureSkew.toString()
                        .substring(2).toLowerCase() + " in the future (scorewatch.ingest.max-future-skew)"))
                : Optional.empty();
    }

    /** A batch needs at least one item and at most {@code max-batch-items}. */
    void checkBatchSize(int items) {
        if (items == 0) {
            throw new InvalidRequestException(FieldProblem.of("$", "a batch needs at least one item"));
        }
        if (items > maxBatchItems) {
            throw new PayloadTooLargeException("A batch of " + items + " items is over the limit of " + maxBatchItems
                    + " (scorewatch.ingest.max-batch-items).");
        }
    }
}
