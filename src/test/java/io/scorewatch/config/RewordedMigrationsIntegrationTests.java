package io.scorewatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.scorewatch.ScorewatchApplication;
import io.scorewatch.config.RewordedMigrations.Reworded;
import io.scorewatch.support.EmbeddedPostgresServer;

/**
 * A store that applied a migration before its comments were reworded starts: the service
 * replaces the earlier checksum in the schema history and Flyway validates, on H2 and on
 * PostgreSQL. A store with any other checksum for that version still fails validation.
 */
class RewordedMigrationsIntegrationTests {

    @TempDir
    Path data;

    @Test
    void theCurrentChecksumsAreThoseOfTheFiles() {
        String url = "jdbc:h2:file:" + data + "/pending;DB_CLOSE_ON_EXIT=FALSE";
        Flyway flyway = flyway(url, "sa", "", "h2");
        for (Reworded migration : RewordedMigrations.REWORDED) {
            MigrationInfo pending = List.of(flyway.info().all()).stream()
                    .filter(info -> info.getVersion().getVersion().equals(migration.version())).findFirst()
                    .orElseThrow();
            assertThat(pending.getChecksum()).as("V" + migration.version()).isEqualTo(migration.after())
                    .isNotEqualTo(migration.before());
        }
    }

    @Test
    void anH2StoreThatAppliedTheEarlierTextStarts() throws Exception {
        String url = "jdbc:h2:file:" + data + "/scorewatch;DB_CLOSE_ON_EXIT=FALSE";
        writeStoreWithEarlierChecksums(url, "sa", "", "h2");
        startAndCheck(url, "sa", "", List.of("--scorewatch.data-dir=" + data));
    }

    @Test
    void aPostgresStoreThatAppliedTheEarlierTextStarts() throws Exception {
        String url = EmbeddedPostgresServer.newDatabaseUrl();
        writeStoreWithEarlierChecksums(url, "postgres", "postgres", "postgresql");
        startAndCheck(url, "postgres", "postgres", List.of("--spring.profiles.active=postgres",
                "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres"));
    }

    @Test
    void anotherChecksumStillFailsValidation() throws Exception {
        String url = "jdbc:h2:file:" + data + "/edited;DB_CLOSE_ON_EXIT=FALSE";
        Flyway flyway = flyway(url, "sa", "", "h2");
        flyway.migrate();
        Reworded first = RewordedMigrations.REWORDED.get(0);
        setChecksum(url, "sa", "", first.version(), first.before() + 1);

        assertThatThrownBy(() -> new RewordedMigrations().migrateAfterRealigningChecksums().migrate(flyway))
                .isInstanceOf(FlywayValidateException.class).hasMessageContaining(first.version());
        assertThat(checksum(url, "sa", "", first.version())).isEqualTo(first.before() + 1);
    }

    private static Flyway flyway(String url, String user, String password, String vendor) {
        return Flyway.configure().dataSource(url, user, password)
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendor).load();
    }

    /** Every migration applied, with the checksums the reworded ones had before. */
    private static void writeStoreWithEarlierChecksums(String url, String user, String password, String vendor)
            throws SQLException {
        flyway(url, user, password, vendor).migrate();
        for (Reworded migration : RewordedMigrations.REWORDED) {
            setChecksum(url, user, password, migration.version(), migration.before());
        }
    }

    private static void startAndCheck(String url, String user, String password, List<String> store)
            throws SQLException {
        List<String> args = new ArrayList<>(List.of("--server.port=0"));
        args.addAll(store);
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ScorewatchApplication.class)
                .run(args.toArray(String[]::new))) {
            assertThat(app.isRunning()).isTrue();
        }
        for (Reworded migration : RewordedMigrations.REWORDED) {
            assertThat(checksum(url, user, password, migration.version())).isEqualTo(migration.after());
        }
    }

    private static void setChecksum(String url, String user, String password, String version, int checksum)
            throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE \"flyway_schema_history\" SET \"checksum\" = ? WHERE \"version\" = ?")) {
            update.setInt(1, checksum);
            update.setString(2, version);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private static int checksum(String url, String user, String password, String version) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                PreparedStatement query = connection.prepareStatement(
                        "SELECT \"checksum\" FROM \"flyway_schema_history\" WHERE \"version\" = ?")) {
            query.setString(1, version);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getInt(1);
            }
        }
    }
}
