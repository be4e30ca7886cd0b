package io.scorewatch.bench;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.Lifecycle;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import io.scorewatch.ScorewatchApplication;
import io.scorewatch.demo.ModelTraffic;
import io.scorewatch.demo.Scenario;
import io.scorewatch.support.EmbeddedPostgresServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kafka intake into PostgreSQL: an embedded KRaft broker (3 partitions), the service with the
 * {@code postgres} and {@code kafka} profiles on embedded PostgreSQL, and synthetic credit
 * applications ({@link ModelTraffic}: 207 features) as the model API would produce them.
 *
 * <ol>
 * <li>Warm-up: {@code kafka.warmup-seconds} (default 30) of records at the fixed rate, so that
 * the JIT compiler has compiled the intake's hot path.</li>
 * <li>Drain: with the intake stopped, {@code kafka.drain} records (default 50,000, without
 * {@code prediction_id}: each gets the id of its place in the log) are produced; the intake
 * starts, and the time from its first stored batch until all are stored gives predictions per
 * second (the consumer's joining the group is left out).</li>
 * <li>Fixed rate: {@code kafka.rate} records a second (default 500) for {@code kafka.seconds}
 * (default 30); each record's end-to-end lag runs from its scheduled send time (no coordinated
 * omission) to the moment a separate database connection, polling every few milliseconds, finds
 * it stored.</li>
 * </ol>
 */
final class KafkaBenchmark {

    private static final String TOPIC = "scorewatch.predictions";
    private static final int PARTITIONS = 3;
    private static final int BODIES = 2_000;
    private static final long POLL_MILLIS = 5;
    private static final int POLL_IDS = 20_000;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        int warmupSeconds = Integer.getInteger("kafka.warmup-seconds", 30);
        int drain = Integer.getInteger("kafka.drain", 50_000);
        int rate = Integer.getInteger("kafka.rate", 500);
        int seconds = Integer.getInteger("kafka.seconds", 30);
        int replicas = Integer.getInteger("kafka.replicas", 1);
        int concurrency = Integer.getInteger("kafka.concurrency", 3);
        System.out.println("== Kafka intake benchmark (" + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ", max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                + " MB, collector " + ManagementFactory.getGarbageCollectorMXBeans().get(0).getName() + ")");

        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, TOPIC, TOPIC + ".dlt",
                "scorewatch.ground-truth", "scorewatch.ground-truth.dlt");
        broker.afterPropertiesSet();
        String database = EmbeddedPostgresServer.newDatabaseUrl();
        List<String> arguments = List.of("--server.port=0", "--logging.level.root=WARN",
                "--scorewatch.ingest.label-join-interval=1h", "--spring.profiles.active=postgres,kafka",
                "--spring.datasource.url=" + database, "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres", "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--scorewatch.kafka.concurrency=" + concurrency);
        SplittableRandom random = new SplittableRandom(42);
        ModelTraffic traffic = new ModelTraffic(42);
        List<Map<String, Object>> bodies = new ArrayList<>(BODIES);
        for (int i = 0; i < BODIES; i++) {
            Map<String, Object> prediction = traffic.next(Scenario.STABLE, 0).prediction(null,
                    Long.toString(random.nextLong(1_000_000_000L)), Instant.EPOCH, "credit-scoring", "1.4.0");
            prediction.remove("prediction_id");
            prediction.remove("timestamp");
            bodies.add(prediction);
        }
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ScorewatchApplication.class)
                .run(arguments.toArray(String[]::new));
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                        ProducerConfig.LINGER_MS_CONFIG, 1), new StringSerializer(), new ByteArraySerializer());
                Connection db = DriverManager.getConnection(database, "postgres", "postgres")) {
            atFixedRate(producer, db, bodies, "warm", rate, warmupSeconds);
            // further replicas: the same service again in this JVM, in the same consumer group
            List<ConfigurableApplicationContext> others = new ArrayList<>();
            for (int r = 1; r < replicas; r++) {
                others.add(new SpringApplicationBuilder(ScorewatchApplication.class).run(arguments.toArray(
                        String[]::new)));
            }
            List<Lifecycle> intakes = new ArrayList<>();
            intakes.add(app.getBean("kafkaPredictionsContainer", Lifecycle.class));
            others.forEach(other -> intakes.add(other.getBean("kafkaPredictionsContainer", Lifecycle.class)));
            if (replicas > 1) {
                // the further replicas have not run yet: one drain, not measured, warms them up
                drain(producer, db, bodies, intakes, drain);
            }
            long blocksBefore = lastId(db, "feature_block");
            Drained drained = drain(producer, db, bodies, intakes, drain);
            System.out.printf("Kafka -> PostgreSQL  drain of %,d predictions (207 features, %d partitions, %d replica(s)"
                    + " in one consumer group, %d consumer(s) each): %,.0f predictions/s (%.1f s from the first batch"
                    + " stored, %.1f s after the start); %.0f predictions a transaction on average%n", drain, PARTITIONS,
                    replicas, concurrency, drained.rate(), drained.seconds(), drained.sinceStart(),
                    (double) drain / (lastId(db, "feature_block") - blocksBefore));

            long[] lags = atFixedRate(producer, db, bodies, "rate", rate, seconds);
            Arrays.sort(lags);
            System.out.printf("Kafka -> PostgreSQL  %d predictions/s for %d s, end-to-end lag (produced to"
                    + " queryable): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", rate, seconds,
                    lags[lags.length / 2] / 1e6, lags[(int) (lags.length * 0.99)] / 1e6,
                    lags[lags.length - 1] / 1e6);
            others.forEach(ConfigurableApplicationContext::close);
        } finally {
            broker.destroy();
        }
    }

    /**
     * Produces records with ids {@code <prefix>-<n>} at a rate a second for this long, while this
     * thread polls the store for them; answers each one's lag from its scheduled send time to the
     * poll that found it. A poll looks up the ids sent and not found yet by the unique index, so it
     * finds rows whatever order concurrent consumers commit them in.
     */
    private static long[] atFixedRate(KafkaProducer<String, byte[]> producer, Connection db,
            List<Map<String, Object>> bodies, String prefix, int rate, int seconds) throws Exception {
        int total = rate * seconds;
        long[] scheduled = new long[total];
        long[] lags = new long[total];
        long start = System.nanoTime() + 100_000_000;
        for (int n = 0; n < total; n++) {
            scheduled[n] = start + n * 1_000_000_000L / rate;
        }
        AtomicBoolean failed = new AtomicBoolean();
        AtomicInteger sent = new AtomicInteger();
        Thread sender = new Thread(() -> {
            try {
                for (int n = 0; n < total; n++) {
                    long wait = scheduled[n] - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    Map<String, Object> body = new LinkedHashMap<>(bodies.get(n % bodies.size()));
                    body.put("prediction_id", prefix + "-" + n);
                    producer.send(new ProducerRecord<>(TOPIC, Integer.toString(n), JSON.writeValueAsBytes(body)));
                    sent.set(n + 1);
                }
                producer.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.set(true);
            }
        }, "kafka-bench-producer");
        sender.start();
        int seen = 0;
        int oldest = 0;
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds + 120L);
        try (PreparedStatement poll = db.prepareStatement(
                "SELECT prediction_id FROM prediction WHERE prediction_id = ANY(?) AND model = 'credit-scoring'")) {
            while (seen < total) {
                if (System.nanoTime() > deadline || failed.get()) {
                    throw new IllegalStateException("Only " + seen + " of " + total + " predictions were stored in time");
                }
                // the ids sent and not found yet, oldest first (at most POLL_IDS: a later one found
                // late only makes its lag larger)
                while (oldest < total && lags[oldest] != 0) {
                    oldest++;
                }
                List<String> pending = new ArrayList<>();
                for (int n = oldest; n < sent.get() && pending.size() < POLL_IDS; n++) {
                    if (lags[n] == 0) {
                        pending.add(prefix + "-" + n);
                    }
                }
                if (!pending.isEmpty()) {
                    poll.setArray(1, db.createArrayOf("varchar", pending.toArray()));
                    try (ResultSet rows = poll.executeQuery()) {
                        long now = System.nanoTime();
                        while (rows.next()) {
                            int n = Integer.parseInt(rows.getString(1).substring(prefix.length() + 1));
                            if (lags[n] == 0) {
                                lags[n] = Math.max(1, now - scheduled[n]);
                                seen++;
                            }
                        }
                    }
                }
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            }
        }
        sender.join();
        return lags;
    }

    /** A drain's rate, its seconds from the first stored batch, and its seconds from the intakes' start. */
    private record Drained(double rate, double seconds, double sinceStart) {
    }

    /**
     * With the intakes stopped, produces {@code drain} records, starts the intakes and waits
     * until all are stored: timed from the first batch stored, since the consumers' joining the
     * group is not intake. The wait looks up, by the unique index, the id of each partition's
     * last record (a consumer stores a partition's batches in order, so the last stored means
     * all stored), and the first batch by the highest row id: a poll costs the database next to
     * nothing, where counting the table's rows every few milliseconds would take a core from the
     * intake. The count is checked once at the end.
     */
    private static Drained drain(KafkaProducer<String, byte[]> producer, Connection db, List<Map<String, Object>> bodies,
            List<Lifecycle> intakes, int drain) throws Exception {
        intakes.forEach(Lifecycle::stop);
        long before = count(db);
        long lastRow = lastId(db, "prediction");
        Map<Integer, Long> lastOffsets = new java.util.TreeMap<>();
        List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> sent = new ArrayList<>();
        for (int n = 0; n < drain; n++) {
            sent.add(producer.send(new ProducerRecord<>(TOPIC, Integer.toString(n), JSON.writeValueAsBytes(
                    bodies.get(n % BODIES)))));
        }
        producer.flush();
        for (var future : sent) {
            var metadata = future.get();
            lastOffsets.merge(metadata.partition(), metadata.offset(), Math::max);
        }
        String[] lastIds = lastOffsets.entrySet().stream()
                .map(e -> "kafka:" + TOPIC + ":" + e.getKey() + ":" + e.getValue()).toArray(String[]::new);
        long started = System.nanoTime();
        intakes.forEach(Lifecycle::start);
        while (lastId(db, "prediction") == lastRow) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        long start = System.nanoTime();
        long first = count(db);
        while (stored(db, lastIds) < lastIds.length) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long after = count(db);
        if (after != before + drain) {
            throw new IllegalStateException("The drain stored " + (after - before) + " predictions of " + drain);
        }
        return new Drained((before + drain - first) / elapsed, elapsed, (System.nanoTime() - started) / 1e9);
    }

    /** The highest id of the table: a feature block's grows by one per 1,000 predictions of a transaction. */
    private static long lastId(Connection db, String table) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM " + table);
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static int stored(Connection db, String[] ids) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(
                "SELECT COUNT(*) FROM prediction WHERE prediction_id = ANY(?)")) {
            statement.setArray(1, db.createArrayOf("varchar", ids));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static long count(Connection db) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement("SELECT COUNT(*) FROM prediction");
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
