package io.scorewatch.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.ExponentialBackOff;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Kafka intake, only with the {@code kafka} profile: without it no Kafka bean exists and
 * nothing connects to a broker (Spring Boot's Kafka auto-configuration is excluded in
 * {@code ScorewatchApplication}; the {@code spring.kafka.*} keys are read here).
 *
 * <p>One container per topic, all in the consumer group {@code spring.kafka.consumer.group-id}
 * (replicas share the partitions). Records are taken in batches and the container commits a
 * batch's offsets (synchronously) only once the listener has returned, that is after the
 * intake's transaction has committed. A batch that fails is retried, whole, with a wait that
 * doubles from {@code scorewatch.kafka.retry-initial-interval} up to
 * {@code retry-max-interval} and never gives up: while the database is down the consumer is
 * paused (it keeps its partitions) and nothing is skipped; it resumes by itself.
 */
@Configuration(proxyBeanMethods = false)
@Profile("kafka")
@EnableConfigurationProperties(KafkaProperties.class)
class KafkaIntakeConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KafkaIntakeConfiguration.class);

    @Bean
    ConsumerFactory<byte[], byte[]> scorewatchKafkaConsumerFactory(KafkaProperties kafka, MeterRegistry registry) {
        Map<String, Object> config = kafka.buildConsumerProperties();
        // the container commits, after the store has
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        DefaultKafkaConsumerFactory<byte[], byte[]> factory = new DefaultKafkaConsumerFactory<>(config,
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        factory.addListener(new MicrometerConsumerListener<>(registry));
        return factory;
    }

    @Bean
    KafkaTemplate<byte[], byte[]> scorewatchKafkaDeadLetterTemplate(KafkaProperties kafka, MeterRegistry registry) {
        DefaultKafkaProducerFactory<byte[], byte[]> factory = new DefaultKafkaProducerFactory<>(
                kafka.buildProducerProperties(), new ByteArraySerializer(), new ByteArraySerializer());
        factory.addListener(new MicrometerProducerListener<>(registry));
        return new KafkaTemplate<>((ProducerFactory<byte[], byte[]>) factory);
    }

    @Bean
    KafkaAdmin scorewatchKafkaAdmin(KafkaProperties kafka, KafkaIntakeProperties properties) {
        KafkaAdmin admin = new KafkaAdmin(kafka.buildAdminProperties());
        admin.setAutoCreate(properties.createTopics());
        return admin;
    }

    /** The topics and their dead-letter topics; created at start when missing (existing ones are left as they are). */
    @Bean
    KafkaAdmin.NewTopics scorewatchKafkaTopics(KafkaIntakeProperties properties) {
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : List.of(properties.predictionsTopic(), properties.groundTruthTopic())) {
            topics.add(TopicBuilder.name(topic).build());
            topics.add(TopicBuilder.name(properties.deadLetterTopic(topic)).build());
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    @Bean
    KafkaIntake kafkaIntake(PredictionIntake predictions, GroundTruthIntake groundTruth, IngestProperties limits,
            JsonMapper json, KafkaTemplate<byte[], byte[]> scorewatchKafkaDeadLetterTemplate,
            KafkaIntakeProperties properties, MeterRegistry registry) {
        return new KafkaIntake(predictions, groundTruth, limits, json, scorewatchKafkaDeadLetterTemplate, properties,
                registry);
    }

    @Bean
    KafkaLag kafkaLag(KafkaAdmin scorewatchKafkaAdmin, KafkaProperties kafka, KafkaIntakeProperties properties,
            MeterRegistry registry) {
        return new KafkaLag(scorewatchKafkaAdmin, kafka.getConsumer().getGroupId(),
                List.of(properties.predictionsTopic(), properties.groundTruthTopic()), properties, registry);
    }

    @Bean
    ConcurrentMessageListenerContainer<byte[], byte[]> kafkaPredictionsContainer(
            ConsumerFactory<byte[], byte[]> scorewatchKafkaConsumerFactory, KafkaIntake intake,
            KafkaIntakeProperties properties, MeterRegistry registry) {
        return container(scorewatchKafkaConsumerFactory, properties.predictionsTopic(), intake.predictionListener(),
                properties, registry);
    }

    @Bean
    ConcurrentMessageListenerContainer<byte[], byte[]> kafkaGroundTruthContainer(
            ConsumerFactory<byte[], byte[]> scorewatchKafkaConsumerFactory, KafkaIntake intake,
            KafkaIntakeProperties properties, MeterRegistry registry) {
        return container(scorewatchKafkaConsumerFactory, properties.groundTruthTopic(), intake.groundTruthListener(),
                properties, registry);
    }

    private static ConcurrentMessageListenerContainer<byte[], byte[]> container(
            ConsumerFactory<byte[], byte[]> consumers, String topic, BatchMessageListener<byte[], byte[]> listener,
            KafkaIntakeProperties properties, MeterRegistry registry) {
        ContainerProperties container = new ContainerProperties(topic);
        container.setAckMode(ContainerProperties.AckMode.BATCH);
        container.setSyncCommits(true);
        container.setMessageListener(listener);
        ConcurrentMessageListenerContainer<byte[], byte[]> result = new ConcurrentMessageListenerContainer<>(consumers,
                container);
        result.setConcurrency(properties.concurrency());
        result.setCommonErrorHandler(errorHandler(topic, properties, registry));
        return result;
    }

    /**
     * Retries a failed batch, whole, for ever: every exception is retried (a database outage, a
     * broker that does not take a dead letter); records the intake refuses never get here, they
     * are dead letters already. The consumer is paused between tries, so it keeps its partitions.
     */
    private static DefaultErrorHandler errorHandler(String topic, KafkaIntakeProperties properties,
            MeterRegistry registry) {
        ExponentialBackOff backOff = new ExponentialBackOff(properties.retryInitialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(properties.retryMaxInterval().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(backOff);
        handler.setClassifications(Map.of(), true);
        Counter failures = Counter.builder("scorewatch.kafka.batch.failures")
                .description("Batches of a Kafka topic that could not be stored and are tried again")
                .tag("topic", topic).register(registry);
        handler.setRetryListeners(new RetryListener() {

            @Override
            public void failedDelivery(org.apache.kafka.clients.consumer.ConsumerRecord<?, ?> record, Exception ex,
                    int attempt) {
                failures.increment();
                log.warn("A record of {} could not be stored (try {}), it is tried again: {}", topic, attempt,
                        NestedExceptionUtils.getMostSpecificCause(ex).toString());
            }

            @Override
            public void failedDelivery(ConsumerRecords<?, ?> records, Exception ex, int attempt) {
                failures.increment();
                log.warn("A batch of {} records of {} could not be stored (try {}), it is tried again: {}",
                        records.count(), topic, attempt, NestedExceptionUtils.getMostSpecificCause(ex).toString());
            }
        });
        return handler;
    }
}
