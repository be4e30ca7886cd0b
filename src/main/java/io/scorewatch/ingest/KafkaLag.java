package io.scorewatch.ingest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.annotation.Scheduled;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The consumer group's lag, {@code scorewatch_kafka_consumer_lag{topic, partition}}: records in
 * a partition after the group's committed offset, that is records not stored yet. Read from the
 * broker every {@code scorewatch.kafka.lag-interval}, so it grows while the intake is paused
 * (a database outage) as it does while it falls behind. Every replica exports the same group's
 * figure; a query takes {@code max by (topic, partition)}. Tags come from the configured topics'
 * partitions only.
 */
final class KafkaLag implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(KafkaLag.class);

    private final KafkaAdmin kafkaAdmin;
    private final String group;
    private final List<String> topics;
    private final KafkaIntakeProperties properties;
    private final MeterRegistry registry;
    private final Map<TopicPartition, AtomicLong> lags = new ConcurrentHashMap<>();
    private Admin admin;

    KafkaLag(KafkaAdmin kafkaAdmin, String group, List<String> topics, KafkaIntakeProperties properties,
            MeterRegistry registry) {
        this.kafkaAdmin = kafkaAdmin;
        this.group = group;
        this.topics = topics;
        this.properties = properties;
        this.registry = registry;
    }

    @Scheduled(fixedDelayString = "${scorewatch.kafka.lag-interval}", initialDelayString = "${scorewatch.kafka.lag-interval}")
    void refresh() {
        try {
            update();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.debug("The consumer lag could not be read: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads end offsets and the group's committed offsets; a partition without a commit counts from its start. */
    synchronized void update() throws InterruptedException, ExecutionException, TimeoutException {
        long timeout = properties.lagInterval().toMillis();
        Admin client = admin();
        Map<String, TopicDescription> described = client.describeTopics(topics).allTopicNames()
                .get(timeout, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        described.values().forEach(topic -> topic.partitions().forEach(p -> {
            TopicPartition partition = new TopicPartition(topic.name(), p.partition());
            latest.put(partition, OffsetSpec.latest());
            earliest.put(partition, OffsetSpec.earliest());
        }));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = client.listOffsets(latest).all()
                .get(timeout, TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = client.listOffsets(earliest).all()
                .get(timeout, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = client.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(timeout, TimeUnit.MILLISECONDS);
        ends.forEach((partition, end) -> {
            OffsetAndMetadata commit = committed.get(partition);
            long from = Math.max(starts.get(partition).offset(), commit == null ? 0 : commit.offset());
            gauge(partition).set(Math.max(0, end.offset() - from));
        });
    }

    private AtomicLong gauge(TopicPartition partition) {
        return lags.computeIfAbsent(partition, p -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("scorewatch.kafka.consumer.lag", value, AtomicLong::doubleValue)
                    .description("Records of a partition after the consumer group's committed offset")
                    .tag("topic", p.topic()).tag("partition", Integer.toString(p.partition()))
                    .register(registry);
            return value;
        });
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(kafkaAdmin.getConfigurationProperties());
        }
        return admin;
    }

    @Override
    public synchronized void destroy() {
        if (admin != null) {
            admin.close();
        }
    }
}
