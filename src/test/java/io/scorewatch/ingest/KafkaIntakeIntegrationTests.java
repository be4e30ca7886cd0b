package io.scorewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Kafka intake against a real broker (spring-kafka's embedded KRaft broker) and the H2 file
 * store: what is valid is stored once, however often it is delivered; what is not goes to the
 * dead-letter topic with its problem; offsets are committed only after the store has committed.
 */
@SpringBootTest(properties = {
        "scorewatch.kafka.retry-initial-interval=200ms",
        "scorewatch.kafka.retry-max-interval=1s",
        "scorewatch.kafka.lag-interval=500ms",
        "scorewatch.ingest.label-join-interval=1s" })
@ActiveProfiles("kafka")
@EmbeddedKafka(partitions = 2, bootstrapServersProperty = "spring.kafka.bootstrap-servers", topics = {
        KafkaIntakeIntegrationTests.PREDICTIONS, KafkaIntakeIntegrationTests.GROUND_TRUTH,
        KafkaIntakeIntegrationTests.PREDICTIONS + ".dlt", KafkaIntakeIntegrationTests.GROUND_TRUTH + ".dlt" })
class KafkaIntakeIntegrationTests {

    static final String PREDICTIONS = "scorewatch.predictions";
    static final String GROUND_TRUTH = "scorewatch.ground-truth";
    static final String GROUP = "scorewatch";
    static final Duration WAIT = Duration.ofSeconds(60);
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("scorewatch.data-dir", () -> data.toString());
    }

    static KafkaProducer<String, String> producer;
    static Admin admin;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry registry;

    @Autowired
    PrometheusMeterRegistry prometheus;

    @Autowired
    ConcurrentMessageListenerContainer<byte[], byte[]> kafkaPredictionsContainer;

    @Autowired
    ConcurrentMessageListenerContainer<byte[], byte[]> kafkaGroundTruthContainer;

    @BeforeAll
    static void clients(@Autowired EmbeddedKafkaBroker broker) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
    }

    @AfterAll
    static void close() {
        producer.close();
        admin.close();
    }

    @Test
    void validRecordsAreStoredOnceAndInvalidOnesGoToTheDeadLetterTopicWithTheirProblem() throws Exception {
        String key = UUID.randomUUID().toString();
        String a = key + "-a";
        String b = key + "-b";
        String c = key + "-c";
        String malformed = "{\"prediction_id\": \"" + key + "-m\", \"probability\": 0.4";
        String invalid = "{\"prediction_id\": \"" + key + "-i\", \"probability\": 7}";
        double deadBefore = deadLetters(PREDICTIONS);

        send(PREDICTIONS, key, prediction(a, 0.1));
        send(PREDICTIONS, key, prediction(b, 0.2));
        send(PREDICTIONS, key, prediction(a, 0.1));
        send(PREDICTIONS, key, malformed);
        send(PREDICTIONS, key, invalid);
        RecordMetadata last = send(PREDICTIONS, key, prediction(c, 0.3));

        awaitCommitted(last);
        assertThat(storedCount(a)).isEqualTo(1);
        assertThat(storedCount(b)).isEqualTo(1);
        assertThat(storedCount(c)).isEqualTo(1);
        assertThat(storedCount(key + "-m")).isZero();
        assertThat(storedCount(key + "-i")).isZero();
        assertThat(jdbc.queryForObject("SELECT probability FROM prediction WHERE prediction_id = ?", Double.class, b))
                .isEqualTo(0.2);

        List<ConsumerRecord<String, String>> dead = deadLetters(PREDICTIONS + ".dlt", key, 2);
        assertThat(dead).extracting(ConsumerRecord::value).containsExactly(malformed, invalid);
        assertThat(problemFields(dead.get(0))).containsExactly("$");
        assertThat(problem(dead.get(0)).get("errors").get(0).get("message").asString()).startsWith("malformed JSON");
        assertThat(problemFields(dead.get(1))).containsExactly("probability");
        assertThat(header(dead.get(1), KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(PREDICTIONS);
        assertThat(deadLetters(PREDICTIONS)).isEqualTo(deadBefore + 2);
    }

    /**
     * The batches of a producer that compresses (lz4, as docs/kafka.md advises) are stored as the
     * uncompressed ones of the other tests; a record without a value, or with an empty one, is a
     * dead letter as it was sent.
     */
    @Test
    void recordsOfACompressingProducerAreStoredAndRecordsWithoutValueAreDeadLetters() throws Exception {
        String key = UUID.randomUUID().toString();
        String invalid = "{\"prediction_id\": \"" + key + "-i\", \"probability\": -1}";
        double deadBefore = deadLetters(PREDICTIONS);
        RecordMetadata last;
        try (KafkaProducer<String, String> lz4 = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString(), ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "lz4", ProducerConfig.LINGER_MS_CONFIG, 50), new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                sent.add(lz4.send(new ProducerRecord<>(PREDICTIONS, key, prediction(key + "-" + i, i / 20.0))));
            }
            sent.add(lz4.send(new ProducerRecord<>(PREDICTIONS, key, invalid)));
            sent.add(lz4.send(new ProducerRecord<>(PREDICTIONS, key, "")));
            sent.add(lz4.send(new ProducerRecord<>(PREDICTIONS, key, null)));
            lz4.flush();
            last = sent.get(sent.size() - 1).get();
        }

        awaitCommitted(last);
        for (int i = 0; i < 20; i++) {
            assertThat(storedCount(key + "-" + i)).isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT probability FROM prediction WHERE prediction_id = ?", Double.class,
                    key + "-" + i)).isEqualTo(i / 20.0);
        }
        List<ConsumerRecord<String, String>> dead = deadLetters(PREDICTIONS + ".dlt", key, 3);
        assertThat(dead).extracting(ConsumerRecord::value).containsExactlyInAnyOrder(invalid, "", null);
        for (ConsumerRecord<String, String> letter : dead) {
            assertThat(problemFields(letter)).as(letter.value())
                    .containsExactly(invalid.equals(letter.value()) ? "probability" : "$");
        }
        assertThat(deadLetters(PREDICTIONS)).isEqualTo(deadBefore + 3);
    }

    @Test
    void aRecordWithoutIdDeliveredAgainFromTheSameOffsetIsStoredOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        RecordMetadata sent = send(PREDICTIONS, key, "{\"client_id\": \"" + key + "\", \"probability\": 0.42}");
        String id = "kafka:" + PREDICTIONS + ":" + sent.partition() + ":" + sent.offset();
        awaitCommitted(sent);
        assertThat(storedCount(id)).isEqualTo(1);
        long stored = jdbc.queryForObject("SELECT COUNT(*) FROM prediction", Long.class);

        // the group goes back to the record, as after a crash between the store's commit and the offsets'
        kafkaPredictionsContainer.stop();
        kafkaGroundTruthContainer.stop();
        TopicPartition partition = new TopicPartition(PREDICTIONS, sent.partition());
        admin.alterConsumerGroupOffsets(GROUP, Map.of(partition, new OffsetAndMetadata(sent.offset()))).all().get();
        assertThat(committed(partition)).isEqualTo(sent.offset());
        kafkaPredictionsContainer.start();
        kafkaGroundTruthContainer.start();

        awaitCommitted(sent);
        assertThat(storedCount(id)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM prediction", Long.class)).isEqualTo(stored);
    }

    @Test
    void groundTruthFromKafkaJoinsItsPredictionAndAnInvalidLabelIsADeadLetter() throws Exception {
        String key = UUID.randomUUID().toString();
        RecordMetadata prediction = send(PREDICTIONS, key, prediction(key, 0.7));
        String invalid = "{\"actual_default\": 3}";
        send(GROUND_TRUTH, key, "{\"prediction_id\": \"" + key + "\", \"actual_default\": 1, \"days_to_default\": 40}");
        RecordMetadata last = send(GROUND_TRUTH, key, invalid);

        awaitCommitted(prediction);
        awaitCommitted(last);
        await().atMost(WAIT).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT actual_default FROM prediction WHERE prediction_id = ?", Integer.class, key)).containsExactly(1));
        List<ConsumerRecord<String, String>> dead = deadLetters(GROUND_TRUTH + ".dlt", key, 1);
        assertThat(dead.get(0).value()).isEqualTo(invalid);
        assertThat(problemFields(dead.get(0))).contains("prediction_id", "actual_default");
    }

    @Test
    void whileTheStoreFailsNothingIsCommittedAndOnceItIsBackEveryRecordIsStoredOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        double failuresBefore = failures(PREDICTIONS);
        RecordMetadata first;
        RecordMetadata last;
        List<String> ids = new ArrayList<>();
        // the store fails: its table is out of the way
        jdbc.execute("ALTER TABLE prediction RENAME TO prediction_away");
        try {
            first = send(PREDICTIONS, key, prediction(key + "-0", 0.5));
            ids.add(key + "-0");
            RecordMetadata sent = first;
            for (int i = 1; i < 5; i++) {
                sent = send(PREDICTIONS, key, prediction(key + "-" + i, 0.5));
                ids.add(key + "-" + i);
            }
            last = sent;
            TopicPartition partition = new TopicPartition(PREDICTIONS, first.partition());

            await().atMost(WAIT).until(() -> failures(PREDICTIONS) >= failuresBefore + 2);
            await().atMost(WAIT).until(() -> lag(partition) >= 5);
            assertThat(committed(partition)).isLessThanOrEqualTo(first.offset());
            assertThat(kafkaPredictionsContainer.isRunning()).isTrue();
        } finally {
            jdbc.execute("ALTER TABLE prediction_away RENAME TO prediction");
        }

        awaitCommitted(last);
        for (String id : ids) {
            assertThat(storedCount(id)).as(id).isEqualTo(1);
        }
        TopicPartition partition = new TopicPartition(PREDICTIONS, last.partition());
        await().atMost(WAIT).until(() -> lag(partition) == 0);
    }

    @Test
    void theDashboardsKafkaSeriesAreExported() throws Exception {
        Set<String> series = new TreeSet<>();
        for (String expr : JSON.readTree(Path.of("grafana/dashboards/credit-scoring.json").toFile())
                .findValuesAsString("expr")) {
            Matcher name = Pattern.compile("scorewatch_kafka_[a-z_]+").matcher(expr);
            while (name.find()) {
                series.add(name.group());
            }
        }
        assertThat(series).contains("scorewatch_kafka_consumer_lag");
        await().atMost(WAIT).untilAsserted(() -> {
            String scrape = prometheus.scrape();
            assertThat(series).allSatisfy(name -> assertThat(scrape).contains(name + "{"));
        });
        assertThat(prometheus.scrape()).contains("scorewatch_kafka_consumer_lag{application=\"scorewatch\",partition=\"0\",topic=\""
                + PREDICTIONS + "\"}");
    }

    private static String prediction(String id, double probability) {
        return "{\"prediction_id\": \"" + id + "\", \"client_id\": \"c-" + id + "\", \"model_version\": \"1.4.0\","
                + " \"probability\": " + probability + ", \"features\": {\"AMT_INCOME_TOTAL\": 202500.0,"
                + " \"NAME_CONTRACT_TYPE\": \"Cash loans\", \"EXT_SOURCE_1\": NaN}}";
    }

    private static RecordMetadata send(String topic, String key, String value) throws Exception {
        return producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    private int storedCount(String id) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM prediction WHERE prediction_id = ?", Integer.class, id);
    }

    private static long committed(TopicPartition partition) throws Exception {
        OffsetAndMetadata offset = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get()
                .get(partition);
        return offset == null ? -1 : offset.offset();
    }

    /** Waits until the group has committed the record: the next offset to read is after it. */
    private static void awaitCommitted(RecordMetadata record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        await().atMost(WAIT).until(() -> committed(partition) > record.offset());
    }

    private double deadLetters(String topic) {
        return registry.get("scorewatch.kafka.dead.letters").tag("topic", topic).counter().count();
    }

    private double failures(String topic) {
        return registry.get("scorewatch.kafka.batch.failures").tag("topic", topic).counter().count();
    }

    private double lag(TopicPartition partition) {
        var gauge = registry.find("scorewatch.kafka.consumer.lag").tag("topic", partition.topic())
                .tag("partition", Integer.toString(partition.partition())).gauge();
        return gauge == null ? -1 : gauge.value();
    }

    /** The dead letters of a topic with this key, in order; waits until there are as many as expected. */
    private List<ConsumerRecord<String, String>> deadLetters(String topic, String key, int expected) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                });
                return found.size() >= expected;
            });
        }
        return found;
    }

    private static JsonNode problem(ConsumerRecord<String, String> record) {
        return JSON.readTree(header(record, KafkaIntake.PROBLEM_HEADER));
    }

    private static List<String> problemFields(ConsumerRecord<String, String> record) {
        return problem(record).get("errors").findValuesAsString("field");
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
