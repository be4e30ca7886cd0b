package io.scorewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.scorewatch.ScorewatchApplication;
import io.scorewatch.support.Api;
import io.scorewatch.support.EmbeddedPostgresServer;

/**
 * A store written before feature blocks existed (migration 9) is upgraded by the service at
 * start: every prediction keeps its vector, its id and its client, on H2 and on PostgreSQL.
 */
class FeatureBlockMigrationIntegrationTests {

    private static final String SECRET = "migration-test-secret";
    private static final int OLD = 30;

    @TempDir
    Path data;

    @Test
    void anH2StoreKeepsEveryPrediction() throws Exception {
        String url = "jdbc:h2:file:" + data + "/scorewatch;DB_CLOSE_ON_EXIT=FALSE";
        writeVersion9Store(url, "sa", "", "h2");
        upgradeAndCheck(List.of("--scorewatch.data-dir=" + data));
    }

    @Test
    void aPostgresStoreKeepsEveryPrediction() throws Exception {
        String url = EmbeddedPostgresServer.newDatabaseUrl();
        writeVersion9Store(url, "postgres", "postgres", "postgresql");
        upgradeAndCheck(List.of("--spring.profiles.active=postgres", "--spring.datasource.url=" + url,
                "--spring.datasource.username=postgres", "--spring.datasource.password=postgres"));
    }

    private void upgradeAndCheck(List<String> store) throws Exception {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--scorewatch.security.client-id-secret=" + SECRET));
        args.addAll(store);
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ScorewatchApplication.class)
                .run(args.toArray(String[]::new))) {
            Api api = new Api(((WebServerApplicationContext) app).getWebServer().getPort());
            for (int i = 0; i < OLD; i++) {
                var stored = api.get("/api/v1/predictions/old-" + i).json();
                assertThat(stored.get("probability").asDouble()).isEqualTo(i / 100.0);
                assertThat(stored.get("features").get("AGE").asDouble()).isEqualTo(30 + i);
                assertThat(stored.get("features").get("CITY").asString()).isEqualTo("c" + i % 2);
            }
            // the id still counts once, and the client still finds its prediction
            var again = api.postJson("/api/v1/predictions", "{\"prediction_id\": \"old-4\", \"probability\": 0.9}");
            assertThat(again.json().get("duplicate").asBoolean()).isTrue();
            var label = api.postJson("/api/v1/ground-truth", Api.json(Map.of("client_id", "client-7",
                    "actual_default", 1))).json();
            assertThat(label.get("prediction_id").asString()).isEqualTo("old-7");
            // new predictions go on being stored beside the old ones
            var fresh = api.postJson("/api/v1/predictions", Api.json(Map.of("prediction_id", "new-1",
                    "probability", 0.5, "features", Map.of("AGE", 61, "CITY", "c1")))).json();
            assertThat(fresh.get("duplicate").asBoolean()).isFalse();
            var stored = api.get("/api/v1/predictions/new-1").json();
            assertThat(stored.get("features").get("AGE").asDouble()).isEqualTo(61);
            assertThat(stored.get("features").get("CITY").asString()).isEqualTo("c1");
            assertThat(api.get("/api/v1/predictions/old-5").json().get("features").get("AGE").asDouble())
                    .isEqualTo(35);
        }
    }

    /** A store at migration 9: two features, OLD predictions with their vectors in the row. */
    private static void writeVersion9Store(String url, String user, String password, String vendor)
            throws SQLException, Exception {
        Flyway.configure().dataSource(url, user, password)
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendor).target("9").load().migrate();
        OffsetDateTime at = OffsetDateTime.of(2026, 1, 5, 12, 0, 0, 0, ZoneOffset.UTC);
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            try (PreparedStatement feature = connection.prepareStatement("INSERT INTO model_feature (model, position,"
                    + " name, feature_type, source, added_at) VALUES ('credit-scoring', ?, ?, ?, 'OBSERVED', ?)")) {
                insert(feature, 0, "AGE", "NUMERICAL", at);
                insert(feature, 1, "CITY", "CATEGORICAL", at);
            }
            try (PreparedStatement category = connection.prepareStatement("INSERT INTO feature_category (model,"
                    + " position, code, category) VALUES ('credit-scoring', 1, ?, ?)")) {
                insert(category, 0, "c0");
                insert(category, 1, "c1");
            }
            try (PreparedStatement prediction = connection.prepareStatement("INSERT INTO prediction (prediction_id,"
                    + " model, predicted_at, received_at, client_hash, prediction, probability, features,"
                    + " quality_violations) VALUES (?, 'credit-scoring', ?, ?, ?, 0, ?, ?, 0)")) {
                for (int i = 0; i < OLD; i++) {
                    insert(prediction, "old-" + i, at.plusMinutes(i), at.plusMinutes(i), clientHash("client-" + i),
                            i / 100.0, FeatureVectors.encode(new double[] {30 + i, i % 2}));
                }
            }
        }
    }

    private static void insert(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
        statement.executeUpdate();
    }

    private static String clientHash(String clientId) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(clientId.getBytes(StandardCharsets.UTF_8)));
    }
}
