package io.scorewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.scorewatch.support.Api;
import io.scorewatch.support.EmbeddedPostgresServer;

/** The raw history in monthly partitions on PostgreSQL: created ahead, identity across months, retention by month. */
@ActiveProfiles("postgres")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"scorewatch.partitions.months-ahead=2", "scorewatch.retention.delete-batch=3"})
class PostgresPartitionIntegrationTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        EmbeddedPostgresServer.registerNewDatabase(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RawDataRetention retention;

    @Autowired
    PartitionMaintenance maintenance;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    DataSource dataSource;

    @Autowired
    PredictionStore store;

    @Test
    void theCurrentMonthAndTheConfiguredMonthsAheadHavePartitionsInEveryTable() {
        YearMonth current = YearMonth.now(ZoneOffset.UTC);
        MonthPartitions partitions = new MonthPartitions(jdbc);
        for (String table : MonthPartitions.TABLES.keySet()) {
            assertThat(partitions.months(table)).as(table)
                    .contains(current, current.plusMonths(1), current.plusMonths(2));
            assertThat(exists(table + "_default")).as(table).isTrue();
        }
        assertThat(maintenance.createAhead()).as("a second run finds them all").isEmpty();
    }

    @Test
    void aPredictionIdIsADuplicateInAnotherMonthAndWithoutATimestamp() {
        Api api = new Api(port);
        Instant lastMonth = Instant.now().minus(Duration.ofDays(40));
        assertThat(post(api, "dup-1", lastMonth).status()).isEqualTo(202);
        Api.Answer again = api.postJson("/api/v1/predictions", Api.json(Map.of("prediction_id", "dup-1",
                "probability", 0.2, "features", Map.of("x", 1))));
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json().get("duplicate").asBoolean()).isTrue();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM prediction WHERE prediction_id = 'dup-1'", Long.class))
                .isEqualTo(1);
        // within a month the database itself refuses it, whatever the writer looked up first
        Instant sameMonth = YearMonth.from(lastMonth.atOffset(ZoneOffset.UTC)).atDay(1).atStartOfDay()
                .toInstant(ZoneOffset.UTC).plusSeconds(7);
        assertThatThrownBy(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> store.insert(
                "credit-scoring", List.of(stored("dup-1", sameMonth)))))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM prediction WHERE prediction_id = 'dup-1'", Long.class))
                .isEqualTo(1);
    }

    @Test
    void aPredictionFarInThePastLandsInTheDefaultPartitionAndReadsBack() {
        Api api = new Api(port);
        assertThat(post(api, "past-1", Instant.parse("2001-02-03T04:05:06Z")).status()).isEqualTo(202);
        assertThat(partitionOf("prediction", "past-1")).isEqualTo("prediction_default");
        assertThat(jdbc.queryForObject("SELECT b.tableoid::regclass::text FROM feature_block b JOIN prediction p"
                + " ON p.block_id = b.id WHERE p.prediction_id = 'past-1'", String.class))
                .isEqualTo("feature_block_default");
        assertThat(api.get("/api/v1/predictions/past-1").json().get("features").get("x").asDouble()).isEqualTo(1);
    }

    @Test
    void aLabelJoinsItsPredictionAcrossAMonthBoundary() {
        Api api = new Api(port);
        Instant monthStart = MonthPartitions.start(YearMonth.now(ZoneOffset.UTC));
        Instant lastSecondOfLastMonth = monthStart.minusSeconds(1);
        assertThat(post(api, "edge-1", lastSecondOfLastMonth).status()).isEqualTo(202);
        assertThat(api.postJson("/api/v1/ground-truth", Api.json(Map.of("prediction_id", "edge-1",
                "actual_default", 1, "timestamp", monthStart.plusSeconds(1).toString()))).status()).isEqualTo(202);
        assertThat(api.get("/api/v1/predictions/edge-1").json().get("actual_default").asInt()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT tableoid::regclass::text FROM ground_truth WHERE prediction_id = 'edge-1'",
                String.class)).isEqualTo(MonthPartitions.partition("ground_truth", YearMonth.now(ZoneOffset.UTC)));
        assertThat(partitionOf("prediction", "edge-1")).isNotEqualTo(
                MonthPartitions.partition("prediction", YearMonth.now(ZoneOffset.UTC)));
    }

    @Test
    void retentionDropsTheExpiredMonthsWholeAndDeletesRowsOnlyFromTheDefaultPartitions() {
        Api api = new Api(port);
        Instant cutoff = Instant.now().minus(Duration.ofDays(400));
        YearMonth edge = YearMonth.from(cutoff.atOffset(ZoneOffset.UTC));
        YearMonth expired = edge.minusMonths(1);
        Instant inExpired = MonthPartitions.start(expired).plus(Duration.ofDays(10));
        Instant edgeBefore = MonthPartitions.start(edge).plusSeconds(60);
        Instant young = Instant.now().minus(Duration.ofDays(30));
        for (int i = 0; i < 4; i++) {
            assertThat(post(api, "exp-" + i, inExpired).status()).isEqualTo(202);
            assertThat(api.postJson("/api/v1/ground-truth", Api.json(Map.of("prediction_id", "exp-" + i,
                    "actual_default", 0, "timestamp", inExpired.plusSeconds(60).toString()))).status()).isEqualTo(202);
        }
        assertThat(post(api, "keep-young", young).status()).isEqualTo(202);
        assertThat(post(api, "edge-old", edgeBefore).status()).isEqualTo(202);
        assertThat(post(api, "ancient", Instant.parse("2001-02-03T04:05:06Z")).status()).isEqualTo(202);
        assertThat(partitionOf("prediction", "exp-0")).as("no partition of that month yet")
                .isEqualTo("prediction_default");

        // the months, created late: their rows move out of the DEFAULT partition
        MonthPartitions partitions = new MonthPartitions(jdbc);
        assertThat(partitions.create(expired, edge, new TransactionTemplate(transactions)))
                .contains(MonthPartitions.partition("prediction", expired), MonthPartitions.partition("ground_truth", edge));
        assertThat(partitionOf("prediction", "exp-0")).isEqualTo(MonthPartitions.partition("prediction", expired));
        assertThat(partitionOf("prediction", "edge-old")).isEqualTo(MonthPartitions.partition("prediction", edge));
        assertThat(partitionOf("prediction", "ancient")).isEqualTo("prediction_default");

        RawDataRetention.Purged purged = retention.purge("credit-scoring");

        assertThat(purged.monthsDropped()).contains(expired).doesNotContain(edge);
        for (String table : MonthPartitions.TABLES.keySet()) {
            assertThat(exists(MonthPartitions.partition(table, expired))).as(table).isFalse();
            assertThat(exists(MonthPartitions.partition(table, edge))).as(table).isTrue();
        }
        assertThat(purged.predictions()).as("rows are deleted from the DEFAULT partition alone").isEqualTo(1);
        assertThat(api.get("/api/v1/predictions/exp-0").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/predictions/ancient").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/predictions/keep-young").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/predictions/edge-old").status())
                .as("the month the cutoff falls in stays whole until it has ended before the cutoff").isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ground_truth WHERE prediction_id LIKE 'exp-%'",
                Long.class)).isZero();
        Api.Answer reposted = post(api, "exp-1", young);
        assertThat(reposted.json().get("duplicate").asBoolean()).as("an expired id is free again").isFalse();
        assertThat(post(api, "keep-young", young).json().get("duplicate").asBoolean()).isTrue();
    }

    @Test
    void aSegmentsWindowOverTwoMonthsReadsTheRowsOfBoth() {
        Api api = new Api(port);
        Instant monthStart = MonthPartitions.start(YearMonth.now(ZoneOffset.UTC));
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Instant at = i < 3 ? monthStart.minusSeconds(600 + i) : monthStart.plusSeconds(i);
            batch.add(Map.of("prediction_id", "seg-" + i, "probability", 0.2, "timestamp", at.toString(),
                    "features", Map.of("x", 1), "tags", Map.of("channel", i == 5 ? "branch" : "web")));
        }
        assertThat(api.postJson("/api/v1/predictions/batch", Api.json(batch)).status()).isEqualTo(202);
        String window = "from=" + monthStart.minusSeconds(3600) + "&to=" + monthStart.plusSeconds(3600);
        Api.Answer web = api.get("/api/v1/models/credit-scoring/metrics?" + window + "&segment=channel:web");
        assertThat(web.status()).as(web.body()).isEqualTo(200);
        assertThat(web.json().get("prediction_count").asLong()).isEqualTo(5);
        assertThat(api.get("/api/v1/models/credit-scoring/metrics?" + window + "&segment=channel:branch").json()
                .get("prediction_count").asLong()).isEqualTo(1);
    }

    @Test
    void aDropThatCannotHaveItsLockInTimeGivesUpAndTheNextRunDropsTheMonth() throws Exception {
        MonthPartitions partitions = new MonthPartitions(jdbc);
        YearMonth old = YearMonth.of(2020, 1);
        partitions.create(old, old, new TransactionTemplate(transactions));
        Instant cutoff = MonthPartitions.start(old.plusMonths(1));
        try (Connection reader = dataSource.getConnection()) {
            reader.setAutoCommit(false);
            try (Statement statement = reader.createStatement()) {
                statement.execute("LOCK TABLE prediction IN ACCESS SHARE MODE"); // a read in progress
            }
            assertThat(partitions.dropBefore(cutoff, Duration.ofMillis(200)).complete()).isFalse();
            assertThat(exists(MonthPartitions.partition("prediction", old))).as("held by the read").isTrue();
            reader.rollback();
        }
        assertThat(partitions.dropBefore(cutoff, Duration.ofMillis(200)).months()).contains(old);
        for (String table : MonthPartitions.TABLES.keySet()) {
            assertThat(exists(MonthPartitions.partition(table, old))).as(table).isFalse();
        }
    }

    @Test
    void aMonthDetachedButNotDroppedIsDroppedByTheNextRun() {
        MonthPartitions partitions = new MonthPartitions(jdbc);
        YearMonth old = YearMonth.of(2019, 6);
        partitions.create(old, old, new TransactionTemplate(transactions));
        // a run that stopped between the detach and the drop
        jdbc.execute("ALTER TABLE prediction DETACH PARTITION " + MonthPartitions.partition("prediction", old));
        assertThat(partitions.months("prediction")).doesNotContain(old);
        assertThat(exists(MonthPartitions.partition("prediction", old))).isTrue();

        partitions.dropBefore(MonthPartitions.start(old.plusMonths(1)), Duration.ofSeconds(5));

        for (String table : MonthPartitions.TABLES.keySet()) {
            assertThat(exists(MonthPartitions.partition(table, old))).as(table).isFalse();
        }
    }

    @Test
    void aBatchGoesIntoTheMonthsOfItsTimesAndADuplicateWithinAMonthRollsBackTheWholeBatch() {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        Instant lastMonth = MonthPartitions.start(YearMonth.now(ZoneOffset.UTC)).minusSeconds(5);
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        YearMonth previous = YearMonth.now(ZoneOffset.UTC).minusMonths(1);
        new MonthPartitions(jdbc).create(previous, previous, transaction);
        transaction.executeWithoutResult(status -> store.insert("credit-scoring",
                List.of(stored("claim-a", lastMonth), stored("claim-b", now))));
        assertThat(partitionOf("prediction", "claim-a")).isEqualTo(MonthPartitions.partition("prediction", previous));
        assertThat(partitionOf("prediction", "claim-b"))
                .isEqualTo(MonthPartitions.partition("prediction", YearMonth.now(ZoneOffset.UTC)));
        assertThat(jdbc.queryForObject("SELECT predicted_month FROM prediction WHERE prediction_id = 'claim-a'",
                java.time.OffsetDateTime.class).toInstant()).isEqualTo(MonthPartitions.start(previous));
        assertThat(store.storedIds("credit-scoring", List.of("claim-a", "claim-b", "claim-c")))
                .containsExactlyInAnyOrder("claim-a", "claim-b");
        assertThat(store.find("credit-scoring", "claim-a")).get()
                .extracting(StoredPrediction::predictedAt).isEqualTo(lastMonth);

        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> store.insert("credit-scoring",
                List.of(stored("claim-c", now), stored("claim-b", now.plusSeconds(1))))))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM prediction WHERE prediction_id = 'claim-c'", Long.class))
                .as("the batch's rows went with the duplicate").isZero();
    }

    @Test
    void theDatabaseRefusesAMonthThatIsNotThePredictionsOwn() {
        assertThatThrownBy(() -> jdbc.update("INSERT INTO prediction (prediction_id, model, predicted_at,"
                + " received_at, prediction, probability, block_id, block_row, quality_violations, predicted_month)"
                + " VALUES ('wrong-month', 'credit-scoring', '2026-03-31T23:59:59Z', now(), 0, 0.2, 0, 0, 0,"
                + " '2026-04-01T00:00:00Z')")).isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
    }

    private static StoredPrediction stored(String id, Instant at) {
        return new StoredPrediction(id, "credit-scoring", "v1", at, Instant.now(), null, 0, 0.2, null,
                FeatureVectors.encode(new double[] {1}), 0, null, null, null, null, null, null, new String[0]);
    }

    private static Api.Answer post(Api api, String id, Instant at) {
        return api.postJson("/api/v1/predictions", Api.json(Map.of("prediction_id", id, "probability", 0.2,
                "timestamp", at.toString(), "features", Map.of("x", 1))));
    }

    private String partitionOf(String table, String predictionId) {
        List<String> found = jdbc.queryForList("SELECT tableoid::regclass::text FROM " + table
                + " WHERE prediction_id = ?", String.class, predictionId);
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private boolean exists(String table) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, table));
    }
}
