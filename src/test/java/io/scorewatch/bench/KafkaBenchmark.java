package io.scorewatch.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.Lifecycle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.scorewatch.ScorewatchApplication;
import io.scorewatch.demo.ModelTraffic;
import io.scorewatch.demo.Scenario;
import io.scorewatch.support.EmbeddedPostgresServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kafka intake into PostgreSQL: an embedded KRaft broker ({@code kafka.partitions} partitions,
 * default 3) in a JVM of its own ({@link KafkaBrokerProcess}), the service in this JVM with the
 * {@code postgres} and {@code kafka} profiles on embedded PostgreSQL, and synthetic credit
 * applications ({@link ModelTraffic}: 207 features) as the model API would produce them, with
 * its producer compressing record batches ({@code kafka.compression}, default lz4, as
 * docs/kafka.md advises; {@code none} for a producer that does not). The broker keeps batches as
 * they come ({@code kafka.broker-compression}, default {@code producer}; {@code lz4} has it
 * compress what it receives).
 *
 * <ol>
 * <li>Warm-up: {@code kafka.warmup-seconds} (default 30) of records at the fixed rate, then one
 * drain of {@code kafka.warmup-drain} records (default 300,000) that is not measured, so that
 * the JIT compiler has compiled the path of full batches.</li>
 * <li>Drains: {@code kafka.drains} times (default 5), with the intake stopped,
 * {@code kafka.drain} records (default 100,000, without {@code prediction_id}: each gets the id
 * of its place in the log) are produced; the intake starts, and the time from its first stored
 * batch until all are stored gives predictions per second (the consumers' joining the group is
 * left out). The median is reported, as the HTTP benchmark reports the median of its rounds.</li>
 * <li>Fixed rate: {@code kafka.rate} records a second (default 500) for {@code kafka.seconds}
 * (default 30); each record's end-to-end lag runs from its scheduled send time (no coordinated
 * omission) to the moment a separate database connection, polling every few milliseconds, finds
 * it stored.</li>
 * </ol>
 */
final class KafkaBenchmark {

    static final String TOPIC = "scorewatch.predictions";
    static final String GROUND_TRUTH_TOPIC = "scorewatch.ground-truth";
    private static final int PARTITIONS = Integer.getInteger("kafka.partitions", 3);
    private static final int BODIES = 2_000;
    /** The producer's {@code compression.type} ({@code kafka.compression}): lz4, as docs/kafka.md advises producers. */
    private static final String COMPRESSION = System.getProperty("kafka.compression", "lz4");
    /** The broker's {@code compression.type} ({@code kafka.broker-compression}): producer keeps batches as sent. */
    private static final String BROKER_COMPRESSION = System.getProperty("kafka.broker-compression", "producer");
    private static final long POLL_MILLIS = 5;
    private static final int POLL_IDS = 20_000;
    /** How often a drain reads the stored counter: a few milliseconds on drains of seconds. */
    private static final long WAIT_MILLIS = 5;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        int warmupSeconds = Integer.getInteger("kafka.warmup-seconds", 30);
        int drain = Integer.getInteger("kafka.drain", 100_000);
        int rate = Integer.getInteger("kafka.rate", 500);
        int seconds = Integer.getInteger("kafka.seconds", 30);
        int replicas = Integer.getInteger("kafka.replicas", 1);
        int concurrency = Integer.getInteger("kafka.concurrency", 3);
        int drains = Integer.getInteger("kafka.drains", 5);
        int warmupDrain = Integer.getInteger("kafka.warmup-drain", 300_000);
        System.out.println("== Kafka intake benchmark (" + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ", max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                + " MB, collector " + ManagementFactory.getGarbageCollectorMXBeans().get(0).getName() + ")");

        Broker broker = startBroker();
        String bootstrap = broker.bootstrap();
        String database = EmbeddedPostgresServer.newDatabaseUrl();
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--logging.level.root=WARN",
                "--scorewatch.ingest.label-join-interval=1h", "--spring.profiles.active=postgres,kafka",
                "--spring.datasource.url=" + database, "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres", "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--scorewatch.kafka.concurrency=" + concurrency));
        arguments.addAll(Benchmarks.serviceArguments("kafka.args"));
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
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ProducerConfig.LINGER_MS_CONFIG, 1,
                        ProducerConfig.COMPRESSION_TYPE_CONFIG, COMPRESSION),
                        new StringSerializer(), new ByteArraySerializer());
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
            List<ConfigurableApplicationContext> services = new ArrayList<>(others);
            services.add(app);
            LongSupplier stored = storedCounter(services);
            // a drain not measured first: the consumers' path for full batches is compiled before
            // the drains measured, as the HTTP benchmark's warm-up of batches compiles its path
            drain(producer, db, bodies, intakes, stored, warmupDrain);
            long blocksBefore = lastId(db, "feature_block");
            double[] rates = new double[drains];
            for (int d = 0; d < drains; d++) {
                Drained drained = drain(producer, db, bodies, intakes, stored, drain);
                rates[d] = drained.rate();
                System.out.printf("Kafka -> PostgreSQL  drain %d of %d: %,.0f predictions/s (%.1f s from the first batch"
                        + " stored, %.1f s after the start)%n", d + 1, drains, drained.rate(), drained.seconds(),
                        drained.sinceStart());
            }
            double transactionRows = (double) drain * drains / (lastId(db, "feature_block") - blocksBefore);
            Arrays.sort(rates);
            System.out.printf("Kafka -> PostgreSQL  drains of %,d predictions (207 features, %d partitions, %d"
                    + " replica(s) in one consumer group, %d consumer(s) each): median %,.0f predictions/s (drains: %s);"
                    + " %.0f predictions a transaction on average%n", drain, PARTITIONS, replicas, concurrency,
                    rates[drains / 2], Arrays.toString(Arrays.stream(rates).mapToLong(Math::round).toArray()),
                    transactionRows);
            // the producer's own measures: a record's size, and compressed record batches over their size
            Map<String, Double> sizes = new LinkedHashMap<>();
            producer.metrics().forEach((name, metric) -> {
                if (name.group().equals("producer-metrics") && List.of("record-size-avg", "compression-rate-avg")
                        .contains(name.name())) {
                    sizes.put(name.name(), ((Number) metric.metricValue()).doubleValue());
                }
            });
            System.out.printf("Kafka -> PostgreSQL  records of %,.0f bytes on average; producer compression %s: record"
                    + " batches at %.0f %% of their size; the broker's compression.type %s%n",
                    sizes.get("record-size-avg"), COMPRESSION, 100 * sizes.get("compression-rate-avg"),
                    BROKER_COMPRESSION);

            long[] lags = atFixedRate(producer, db, bodies, "rate", rate, seconds);
            Arrays.sort(lags);
            System.out.printf("Kafka -> PostgreSQL  %d predictions/s for %d s, end-to-end lag (produced to"
                    + " queryable): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", rate, seconds,
                    lags[lags.length / 2] / 1e6, lags[(int) (lags.length * 0.99)] / 1e6,
                    lags[lags.length - 1] / 1e6);
            others.forEach(ConfigurableApplicationContext::close);
        } finally {
            broker.close();
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

    /** The broker's JVM and its bootstrap address; closing it stops the broker. */
    private record Broker(Process process, String bootstrap) implements AutoCloseable {

        @Override
        public void close() throws Exception {
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroy();
            }
        }
    }

    /**
     * Starts {@link KafkaBrokerProcess} in a JVM of its own (heap {@code kafka.broker-heap}, default
     * {@code -Xmx512m}), on this JVM's class path, and waits for its address; its log goes to
     * {@code target/kafka-broker.log}. In this JVM the broker's memory would count against the
     * service's heap and collector, which a broker in production does not.
     */
    private static Broker startBroker() throws Exception {
        Path address = Files.createTempFile("kafka-broker", ".address");
        Files.delete(address);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process broker = new ProcessBuilder(java, System.getProperty("kafka.broker-heap", "-Xmx512m"), "-cp",
                System.getProperty("java.class.path"), KafkaBrokerProcess.class.getName(), address.toString(),
                Integer.toString(PARTITIONS), BROKER_COMPRESSION)
                .redirectOutput(Path.of("target", "kafka-broker.log").toFile()).redirectErrorStream(true).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!Files.exists(address)) {
            if (!broker.isAlive() || System.nanoTime() > deadline) {
                broker.destroy();
                throw new IllegalStateException("The Kafka broker did not start: see target/kafka-broker.log");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        String bootstrap = Files.readString(address).strip();
        Files.delete(address);
        return new Broker(broker, bootstrap);
    }

    /** A drain's rate, its seconds from the first stored batch, and its seconds from the intakes' start. */
    private record Drained(double rate, double seconds, double sinceStart) {
    }

    /**
     * With the intakes stopped, produces {@code drain} records, starts the intakes and waits
     * until all are stored: timed from the first batch stored, since the consumers' joining the
     * group is not intake. The wait reads the intakes' own counter of stored predictions
     * ({@code credit_scoring_requests}, counted after each transaction has committed) in this
     * JVM's registries, so that it takes nothing from the database it measures; the table's
     * count is checked once at the end.
     */
    private static Drained drain(KafkaProducer<String, byte[]> producer, Connection db, List<Map<String, Object>> bodies,
            List<Lifecycle> intakes, LongSupplier stored, int drain) throws Exception {
        intakes.forEach(Lifecycle::stop);
        long before = count(db);
        long counted = stored.getAsLong();
        AtomicReference<Exception> failed = new AtomicReference<>();
        for (int n = 0; n < drain; n++) {
            producer.send(new ProducerRecord<>(TOPIC, Integer.toString(n), JSON.writeValueAsBytes(
                    bodies.get(n % BODIES))), (metadata, e) -> {
                        if (e != null) {
                            failed.set(e);
                        }
                    });
        }
        producer.flush();
        if (failed.get() != null) {
            throw failed.get();
        }
        long started = System.nanoTime();
        intakes.forEach(Lifecycle::start);
        while (stored.getAsLong() == counted) {
            TimeUnit.MILLISECONDS.sleep(WAIT_MILLIS);
        }
        long start = System.nanoTime();
        long first = stored.getAsLong() - counted;
        while (stored.getAsLong() - counted < drain) {
            TimeUnit.MILLISECONDS.sleep(WAIT_MILLIS);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long after = count(db);
        if (after != before + drain) {
            throw new IllegalStateException("The drain stored " + (after - before) + " predictions of " + drain);
        }
        return new Drained((drain - first) / elapsed, elapsed, (System.nanoTime() - started) / 1e9);
    }

    /** Predictions the services in this JVM have stored, by their counter {@code credit_scoring_requests}. */
    private static LongSupplier storedCounter(List<ConfigurableApplicationContext> services) {
        List<MeterRegistry> registries = services.stream().map(s -> s.getBean(MeterRegistry.class)).toList();
        return () -> Math.round(registries.stream()
                .mapToDouble(r -> r.find("credit_scoring_requests").counters().stream()
                        .mapToDouble(Counter::count).sum())
                .sum());
    }

    /** The highest id of the table: a feature block's grows by one per 1,000 predictions of a transaction. */
    private static long lastId(Connection db, String table) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM " + table);
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
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
