package io.scorewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.scorewatch.ScorewatchApplication;
import io.scorewatch.segment.SegmentSlots;
import io.scorewatch.support.Api;
import io.scorewatch.support.EmbeddedPostgresServer;

/**
 * A store written while segment values were rows of their own (migration 31) is upgraded at
 * start: each declared key gets a slot, each prediction's value moves to its slot's column, and
 * the segment reads answer as before, on H2 and on PostgreSQL.
 */
class SegmentColumnsMigrationIntegrationTests {

    private static final int OLD = 40;
    private static final OffsetDateTime AT = OffsetDateTime.now(ZoneOffset.UTC).minusHours(2).withNano(0);

    @TempDir
    Path data;

    @Test
    void anH2StoreKeepsEverySegmentValue() throws Exception {
        String url = "jdbc:h2:file:" + data + "/scorewatch;DB_CLOSE_ON_EXIT=FALSE";
        writeVersion31Store(url, "sa", "", "h2");
        checkColumns(url, "sa", "");
        upgradeAndRead(List.of("--scorewatch.data-dir=" + data));
    }

    @Test
    void aPostgresStoreKeepsEverySegmentValue() throws Exception {
        String url = EmbeddedPostgresServer.newDatabaseUrl();
        writeVersion31Store(url, "postgres", "postgres", "postgresql");
        checkColumns(url, "postgres", "postgres");
        upgradeAndRead(List.of("--spring.profiles.active=postgres", "--spring.datasource.url=" + url,
                "--spring.datasource.username=postgres", "--spring.datasource.password=postgres"));
    }

    /** Prediction i: product "Cash loans" when i is even, else "Revolving loans"; channel web or branch by thirds. */
    private static String product(int i) {
        return i % 2 == 0 ? "Cash loans" : "Revolving loans";
    }

    private static String channel(int i) {
        return i % 3 == 0 ? "branch" : "web";
    }

    private static double probability(int i) {
        return 0.01 + i / 100.0;
    }

    private static void writeVersion31Store(String url, String user, String password, String vendor)
            throws SQLException {
        Flyway.configure().dataSource(url, user, password)
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendor).target("31").load().migrate();
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            List<byte[]> vectors = new ArrayList<>();
            for (int i = 0; i < OLD; i++) {
                vectors.add(FeatureVectors.encode(new double[] {i}));
            }
            try (PreparedStatement block = connection.prepareStatement("INSERT INTO feature_block (model, row_count,"
                    + " last_predicted_at, vectors) VALUES ('credit-scoring', ?, ?, ?)")) {
                insert(block, OLD, AT.plusSeconds(OLD), FeatureVectors.block(vectors));
            }
            long blockId;
            try (ResultSet rs = connection.createStatement().executeQuery("SELECT MAX(id) FROM feature_block")) {
                rs.next();
                blockId = rs.getLong(1);
            }
            try (PreparedStatement prediction = connection.prepareStatement("INSERT INTO prediction (prediction_id,"
                    + " model, predicted_at, received_at, prediction, probability, quality_violations, block_id,"
                    + " block_row) VALUES (?, 'credit-scoring', ?, ?, 0, ?, 0, ?, ?)");
                    PreparedStatement segment = connection.prepareStatement("INSERT INTO prediction_segment"
                            + " (prediction_id, model, segment_key, segment_value, predicted_at)"
                            + " VALUES (?, 'credit-scoring', ?, ?, ?)");
                    PreparedStatement value = connection.prepareStatement("INSERT INTO segment_value (model,"
                            + " segment_key, segment_value, added_at) VALUES ('credit-scoring', ?, ?, ?)")) {
                for (int i = 0; i < OLD; i++) {
                    OffsetDateTime at = AT.plusSeconds(i);
                    insert(prediction, "old-" + i, at, at, probability(i), blockId, i);
                    insert(segment, "old-" + i, "product", product(i), at);
                    // a prediction stored before the channel key was declared has no row for it
                    if (i >= 10) {
                        insert(segment, "old-" + i, "channel", channel(i), at);
                    }
                }
                for (String product : List.of("Cash loans", "Revolving loans")) {
                    insert(value, "product", product, AT);
                }
                for (String channel : List.of("branch", "web")) {
                    insert(value, "channel", channel, AT);
                }
            }
        }
        Flyway.configure().dataSource(url, user, password)
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendor).target("32").load().migrate();
    }

    /** The slots are given in key order, and every value sits in its key's column. */
    private static void checkColumns(String url, String user, String password) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            Map<String, Integer> slots = new HashMap<>();
            try (ResultSet rs = connection.createStatement().executeQuery(
                    "SELECT segment_key, slot FROM segment_slot WHERE model = 'credit-scoring'")) {
                while (rs.next()) {
                    slots.put(rs.getString(1), rs.getInt(2));
                }
            }
            assertThat(slots).containsExactlyInAnyOrderEntriesOf(Map.of("channel", 1, "product", 2));
            try (ResultSet rs = connection.createStatement().executeQuery("SELECT prediction_id, segment_1,"
                    + " segment_2, segment_3, segment_4 FROM prediction ORDER BY predicted_at")) {
                int i = 0;
                while (rs.next()) {
                    assertThat(rs.getString(1)).isEqualTo("old-" + i);
                    assertThat(rs.getString(2)).isEqualTo(i >= 10 ? channel(i) : null);
                    assertThat(rs.getString(3)).isEqualTo(product(i));
                    assertThat(rs.getString(4)).isNull();
                    assertThat(rs.getString(5)).isNull();
                    i++;
                }
                assertThat(i).isEqualTo(OLD);
            }
            try (ResultSet rs = connection.getMetaData().getTables(null, null, "%", null)) {
                List<String> tables = new ArrayList<>();
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME").toLowerCase());
                }
                assertThat(tables).contains("segment_slot").doesNotContain("prediction_segment");
            }
        }
    }

    /** The service keeps the slots, and a segment's metrics count exactly its predictions. */
    private static void upgradeAndRead(List<String> store) throws Exception {
        List<String> args = new ArrayList<>(List.of("--server.port=0"));
        args.addAll(store);
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ScorewatchApplication.class)
                .run(args.toArray(String[]::new))) {
            SegmentSlots slots = app.getBean(SegmentSlots.class);
            assertThat(slots.slot("credit-scoring", "channel")).isEqualTo(1);
            assertThat(slots.slot("credit-scoring", "product")).isEqualTo(2);
            Api api = new Api(((WebServerApplicationContext) app).getWebServer().getPort());
            String from = AT.minusMinutes(1).toInstant().toString();
            String to = AT.plusMinutes(5).toInstant().toString();
            Map<String, Long> expected = Map.of("product:Cash loans", OLD / 2L, "product:Revolving loans", OLD / 2L,
                    "channel:branch", 10L, "channel:web", 20L, "channel:missing", 0L);
            expected.forEach((segment, count) -> {
                var metrics = api.get("/api/v1/models/credit-scoring/metrics?from=" + from + "&to=" + to
                        + "&segment=" + URLEncoder.encode(segment, StandardCharsets.UTF_8)).json();
                assertThat(metrics.get("prediction_count").asLong()).as(segment).isEqualTo(count);
            });
            double cashLoans = 0;
            for (int i = 0; i < OLD; i += 2) {
                cashLoans += probability(i);
            }
            var metrics = api.get("/api/v1/models/credit-scoring/metrics?from=" + from + "&to=" + to
                    + "&segment=" + URLEncoder.encode("product:Cash loans", StandardCharsets.UTF_8)).json();
            assertThat(metrics.get("avg_probability").asDouble()).isCloseTo(cashLoans / (OLD / 2),
                    org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    private static void insert(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
        statement.executeUpdate();
    }
}
