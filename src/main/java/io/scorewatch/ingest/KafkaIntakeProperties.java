package io.scorewatch.ingest;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Kafka intake ({@code scorewatch.kafka.*}), read only with the {@code kafka} profile; the broker
 * and the consumer group are Spring Boot's {@code spring.kafka.*} keys.
 *
 * @param predictionsTopic    topic of predictions, each record one log entry as posted to {@code /api/v1/predictions}
 * @param groundTruthTopic    topic of real outcomes, each record one object as posted to {@code /api/v1/ground-truth}
 * @param deadLetterSuffix    a record that cannot be stored goes to its topic's name plus this suffix
 * @param concurrency         consumers per topic in one replica (at most one per partition is busy): each
 *                            stores its own batches, so that one's transaction overlaps another's parsing;
 *                            the default matches a topic of three partitions, the compose stack's
 * @param createTopics        whether missing topics (and their dead-letter topics) are created at start, with
 *                            the broker's default partitions and replication
 * @param retryInitialInterval first wait before a batch the store could not take is tried again
 * @param retryMaxInterval    longest wait between tries; the wait doubles up to it, and tries never stop
 * @param sendTimeout         how long a dead letter may take to be acknowledged by the broker
 * @param lagInterval         how often the consumer group's lag is read from the broker
 */
@ConfigurationProperties("scorewatch.kafka")
record KafkaIntakeProperties(
        @DefaultValue("scorewatch.predictions") String predictionsTopic,
        @DefaultValue("scorewatch.ground-truth") String groundTruthTopic,
        @DefaultValue(".dlt") String deadLetterSuffix,
        @DefaultValue("3") int concurrency,
        @DefaultValue("true") boolean createTopics,
        @DefaultValue("1s") Duration retryInitialInterval,
        @DefaultValue("60s") Duration retryMaxInterval,
        @DefaultValue("30s") Duration sendTimeout,
        @DefaultValue("15s") Duration lagInterval) {

    String deadLetterTopic(String topic) {
        return topic + deadLetterSuffix;
    }
}
