package io.scorewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import io.scorewatch.ScorewatchApplication;
import io.scorewatch.support.Api;
import io.scorewatch.support.EmbeddedPostgresServer;
import io.scorewatch.support.Ports;

/**
 * The Kafka intake as its own process on PostgreSQL, killed with SIGKILL while it stores a topic
 * of predictions batch after batch, then started again: every valid record is stored exactly
 * once (the duplicated ids too), every malformed or invalid one is in the dead-letter topic, and
 * no valid one is. The broker (spring-kafka's embedded KRaft broker) and the database run in this
 * JVM and outlive the process.
 */
class KafkaCrashIntegrationTests {

    static final String TOPIC = "scorewatch.predictions";
    static final String DEAD_LETTERS = TOPIC + ".dlt";
    static final String GROUP = "scorewatch";
    static final int VALID = 3000;
    /** Records taken (and stored in one transaction) at a time: many batches, so the kill lands amid them. */
    static final int BATCH = 20;
    static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    Path data;

    private EmbeddedKafkaKraftBroker broker;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process process : processes) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void aReplicaKilledInTheMiddleOfTheTopicLosesNothingAndStoresNothingTwice() throws Exception {
        broker = new EmbeddedKafkaKraftBroker(1, 3, TOPIC, DEAD_LETTERS, "scorewatch.ground-truth",
                "scorewatch.ground-truth.dlt");
        broker.afterPropertiesSet();
        String database = EmbeddedPostgresServer.newDatabaseUrl();

        // the topic: valid predictions, some sent twice (once right after the first, once much
        // later), and malformed JSON or invalid values among them
        Set<String> valid = new LinkedHashSet<>();
        Set<String> bad = new LinkedHashSet<>();
        List<String[]> records = new ArrayList<>();
        for (int i = 0; i < VALID; i++) {
            String id = "kill-" + i;
            String body = prediction(id, (i % 100) / 100.0);
            valid.add(id);
            records.add(new String[] { id, body });
            if (i % 10 == 3) {
                records.add(new String[] { id, body });
            }
            if (i % 10 == 7 && i > 500) {
                String earlier = "kill-" + (i - 500);
                records.add(new String[] { earlier, prediction(earlier, ((i - 500) % 100) / 100.0) });
            }
            if (i % 30 == 11) {
                String malformed = "{\"prediction_id\": \"malformed-" + i + "\", \"probability\": 0.4";
                bad.add(malformed);
                records.add(new String[] { "malformed-" + i, malformed });
            }
            if (i % 30 == 23) {
                String invalid = "{\"prediction_id\": \"invalid-" + i + "\", \"probability\": 7}";
                bad.add(invalid);
                records.add(new String[] { "invalid-" + i, invalid });
            }
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(), ProducerConfig.ACKS_CONFIG,
                "all"), new StringSerializer(), new StringSerializer())) {
            for (String[] record : records) {
                producer.send(new ProducerRecord<>(TOPIC, record[0], record[1]));
            }
            producer.flush();
        }

        int port = Ports.free();
        Process first = start(port, database);
        long storedAtKill;
        try (Connection db = DriverManager.getConnection(database, "postgres", "postgres")) {
            // SIGKILL once some batches are stored and most are still to come
            await("the intake stores its first batches").atMost(PATIENCE).pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        assertThat(first.isAlive()).as("the service process exited; see " + log()).isTrue();
                        return stored(db) >= 300;
                    });
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no commit of what is in flight
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            storedAtKill = stored(db);
        }
        assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        assertThat(storedAtKill).as("stored when killed").isLessThan(VALID);
        assertThat(committedBehindTheEnd()).as("records not committed when killed").isPositive();

        Process second = start(port, database);
        await("the restarted intake commits the whole topic").atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    assertThat(second.isAlive()).as("the restarted process exited; see " + log()).isTrue();
                    return committedBehindTheEnd() == 0;
                });

        try (Connection db = DriverManager.getConnection(database, "postgres", "postgres")) {
            Map<String, Integer> rows = rowsPerId(db);
            assertThat(rows.keySet()).as("stored ids").containsExactlyInAnyOrderElementsOf(valid);
            assertThat(rows.values()).as("rows per id").allMatch(count -> count == 1);
        }
        List<String> deadLetters = deadLetters(bad.size());
        assertThat(new HashSet<>(deadLetters)).as("dead letters").containsExactlyInAnyOrderElementsOf(bad);
        // a batch whose dead letters were sent but whose offsets were not committed before the kill
        // is taken again, its dead letters too: at least once, never a valid record
        assertThat(deadLetters).hasSizeGreaterThanOrEqualTo(bad.size());
        System.out.printf("%d of %d predictions stored at the SIGKILL; %d dead letters for %d bad records%n",
                storedAtKill, VALID, deadLetters.size(), bad.size());

        // the service answers for them over HTTP as well
        Api api = new Api(port);
        assertThat(api.get("/api/v1/predictions/kill-0").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/predictions/kill-" + (VALID - 1)).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/predictions/invalid-23").status()).isEqualTo(404);
    }

    private static String prediction(String id, double probability) {
        return Api.json(Map.of("prediction_id", id, "probability", probability, "latency_ms", 12.5));
    }

    private Process start(int port, String database) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                ScorewatchApplication.class.getName(), "--server.port=" + port,
                "--spring.profiles.active=postgres,kafka", "--spring.datasource.url=" + database,
                "--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--spring.kafka.consumer.max-poll-records=" + BATCH,
                // the killed consumer leaves the group when its session runs out (the broker's least):
                // until then its partitions wait for it
                "--spring.kafka.consumer.properties.session.timeout.ms=6000",
                "--scorewatch.data-dir=" + data.resolve("store"),
                "--scorewatch.schedule.realtime=-", "--scorewatch.ingest.label-join-interval=1h")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                .start();
        processes.add(process);
        return process;
    }

    private Path log() {
        return data.resolve("service.log");
    }

    /** Predictions stored so far; none while the service has not created its tables yet. */
    private static long stored(Connection db) throws SQLException {
        try (Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM prediction WHERE prediction_id LIKE 'kill-%'")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState())) {
                return 0;
            }
            throw e;
        }
    }

    /** PostgreSQL's SQLSTATE for a relation that does not exist. */
    private static final String UNDEFINED_TABLE = "42P01";

    private static Map<String, Integer> rowsPerId(Connection db) throws SQLException {
        Map<String, Integer> rows = new HashMap<>();
        try (Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery("SELECT prediction_id FROM prediction")) {
            while (rs.next()) {
                rows.merge(rs.getString(1), 1, Integer::sum);
            }
        }
        return rows;
    }

    /** Records of the topic after the group's committed offsets (all of a partition without a commit). */
    private long committedBehindTheEnd() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (var partition : admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(TOPIC).partitions()) {
                latest.put(new TopicPartition(TOPIC, partition.partition()), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            long behind = 0;
            for (var end : ends.entrySet()) {
                OffsetAndMetadata commit = committed.get(end.getKey());
                behind += end.getValue().offset() - (commit == null ? 0 : commit.offset());
            }
            return behind;
        }
    }

    /** Every record of the dead-letter topic, read from the beginning until there are at least this many. */
    private List<String> deadLetters(int atLeast) {
        List<String> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(DEAD_LETTERS).stream()
                    .map(p -> new TopicPartition(DEAD_LETTERS, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await("the dead letters").atMost(PATIENCE).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    found.add(record.value());
                }
                return found.size() >= atLeast && partitions.stream()
                        .allMatch(p -> consumer.position(p) >= ends.get(p));
            });
        }
        return found;
    }
}
