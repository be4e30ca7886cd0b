package io.scorewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.scorewatch.ScorewatchApplication;
import io.scorewatch.support.Api;
import io.scorewatch.support.EmbeddedPostgresServer;

/**
 * A PostgreSQL store written before the raw history was partitioned (migration 35) is upgraded
 * at start: every prediction moves into its month's partition and keeps its id, its segment
 * values and its features; posting it again is a duplicate; a label naming it joins it; new
 * predictions go on with the next row ids.
 */
class PartitionMigrationIntegrationTests {

    private static final int OLD = 30;
    /** Half of the stored predictions in the month before the current one, half in the current one. */
    private static final OffsetDateTime MONTH = OffsetDateTime.now(ZoneOffset.UTC).withDayOfMonth(1).withHour(0)
            .withMinute(0).withSecond(0).withNano(0);

    private static OffsetDateTime at(int i) {
        return i < OLD / 2 ? MONTH.minusHours(1).plusSeconds(i) : MONTH.plusSeconds(i);
    }

    private static String channel(int i) {
        return i % 3 == 0 ? "branch" : "web";
    }

    @Test
    void aStoreWrittenBeforePartitionsKeepsItsPredictionsTheirIdsAndTheirSegments() throws Exception {
        String url = EmbeddedPostgresServer.newDatabaseUrl();
        long lastRow = writeVersion35Store(url);
        List<String> args = List.of("--server.port=0", "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres");
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ScorewatchApplication.class)
                .run(args.toArray(String[]::new))) {
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            Api api = new Api(((WebServerApplicationContext) app).getWebServer().getPort());

            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM prediction", Long.class)).isEqualTo(OLD);
            assertThat(jdbc.queryForList("SELECT DISTINCT tableoid::regclass::text FROM prediction", String.class))
                    .containsExactlyInAnyOrder(
                            MonthPartitions.partition("prediction", java.time.YearMonth.from(MONTH.minusHours(1))),
                            MonthPartitions.partition("prediction", java.time.YearMonth.from(MONTH)));
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM prediction WHERE predicted_month"
                    + " = date_trunc('month', predicted_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'", Long.class))
                    .as("each row in the month of its time").isEqualTo(OLD);

            for (int i : List.of(0, OLD / 2 - 1, OLD / 2, OLD - 1)) {
                Api.Answer read = api.get("/api/v1/predictions/old-" + i);
                assertThat(read.status()).as(read.body()).isEqualTo(200);
                assertThat(read.json().get("probability").asDouble()).isEqualTo(0.3);
                assertThat(OffsetDateTime.parse(read.json().get("timestamp").asText()).toInstant())
                        .isEqualTo(at(i).toInstant());
            }

            // posted again, with its own time or none: a duplicate, stored once
            Api.Answer again = api.postJson("/api/v1/predictions", Api.json(Map.of("prediction_id", "old-3",
                    "probability", 0.5, "timestamp", at(3).toInstant().toString(), "features", Map.of("x", 1))));
            assertThat(again.status()).as(again.body()).isEqualTo(202);
            assertThat(again.json().get("duplicate").asBoolean()).isTrue();
            assertThat(api.postJson("/api/v1/predictions", Api.json(Map.of("prediction_id", "old-20",
                    "probability", 0.5, "features", Map.of("x", 1)))).json().get("duplicate").asBoolean()).isTrue();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM prediction WHERE prediction_id IN ('old-3', 'old-20')",
                    Long.class)).isEqualTo(2);

            // a new prediction takes the next row id
            Api.Answer fresh = api.postJson("/api/v1/predictions", Api.json(Map.of("prediction_id", "new-1",
                    "probability", 0.5, "features", Map.of("x", 1), "tags", Map.of("channel", "web"))));
            assertThat(fresh.json().get("duplicate").asBoolean()).isFalse();
            assertThat(jdbc.queryForObject("SELECT id FROM prediction WHERE prediction_id = 'new-1'", Long.class))
                    .isGreaterThan(lastRow);

            // a label by id joins a migrated prediction
            assertThat(api.postJson("/api/v1/ground-truth", Api.json(Map.of("prediction_id", "old-4",
                    "actual_default", 1, "timestamp", MONTH.plusDays(1).toInstant().toString()))).status())
                    .isEqualTo(202);
            assertThat(api.get("/api/v1/predictions/old-4").json().get("actual_default").asInt()).isEqualTo(1);

            // the segment values read as before, over both months
            String window = "from=" + MONTH.minusHours(2).toInstant() + "&to=" + MONTH.plusMinutes(5).toInstant();
            long branch = 0;
            for (int i = 0; i < OLD; i++) {
                branch += channel(i).equals("branch") ? 1 : 0;
            }
            for (Map.Entry<String, Long> segment : Map.of("channel:branch", branch, "channel:web", OLD - branch)
                    .entrySet()) {
                Api.Answer metrics = api.get("/api/v1/models/credit-scoring/metrics?" + window + "&segment="
                        + URLEncoder.encode(segment.getKey(), StandardCharsets.UTF_8));
                assertThat(metrics.status()).as(metrics.body()).isEqualTo(200);
                assertThat(metrics.json().get("prediction_count").asLong()).as(segment.getKey())
                        .isEqualTo(segment.getValue());
            }
        }
    }

    /** Migrates to 35 and stores OLD predictions with a channel value each; answers the last row id. */
    private static long writeVersion35Store(String url) throws SQLException {
        Flyway.configure().dataSource(url, "postgres", "postgres")
                .locations("classpath:db/migration", "classpath:db/vendor/postgresql").target("35").load().migrate();
        try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres")) {
            List<byte[]> vectors = new ArrayList<>();
            for (int i = 0; i < OLD; i++) {
                vectors.add(FeatureVectors.encode(new double[] {i}));
            }
            try (PreparedStatement block = connection.prepareStatement("INSERT INTO feature_block (model, row_count,"
                    + " last_predicted_at, vectors) VALUES ('credit-scoring', ?, ?, ?)")) {
                insert(block, OLD, at(OLD - 1), FeatureVectors.block(vectors));
            }
            long blockId = single(connection, "SELECT MAX(id) FROM feature_block");
            connection.createStatement().execute("INSERT INTO segment_slot (model, segment_key, slot)"
                    + " VALUES ('credit-scoring', 'channel', 1)");
            try (PreparedStatement prediction = connection.prepareStatement("INSERT INTO prediction (prediction_id,"
                    + " model, predicted_at, received_at, prediction, probability, quality_violations, block_id,"
                    + " block_row, segment_1) VALUES (?, 'credit-scoring', ?, ?, 0, 0.3, 0, ?, ?, ?)");
                    PreparedStatement value = connection.prepareStatement("INSERT INTO segment_value (model,"
                            + " segment_key, segment_value, added_at) VALUES ('credit-scoring', 'channel', ?, ?)")) {
                for (int i = 0; i < OLD; i++) {
                    insert(prediction, "old-" + i, at(i), at(i), blockId, i, channel(i));
                }
                for (String channel : List.of("branch", "web")) {
                    insert(value, channel, MONTH.minusDays(1));
                }
            }
            return single(connection, "SELECT MAX(id) FROM prediction");
        }
    }

    private static long single(Connection connection, String sql) throws SQLException {
        try (ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void insert(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
        statement.executeUpdate();
    }
}
