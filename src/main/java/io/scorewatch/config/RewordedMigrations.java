package io.scorewatch.config;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs Flyway's migrations after bringing up to date the recorded checksums of migrations whose
 * comments were reworded after stores had applied them.
 *
 * <p>Flyway's checksum of a SQL migration covers its whole text, comments included, and a store
 * whose recorded checksum differs from the file's fails validation at start. For each migration
 * in {@link #REWORDED} the checksum of exactly the earlier text is replaced by the current one in
 * the schema history, before Flyway reads it. A store that holds any other checksum for that
 * version still fails validation, as it must when a migration's statements differ from those it
 * applied.
 */
@Configuration(proxyBeanMethods = false)
class RewordedMigrations {

    /** A migration whose text changed in its comments only: its version, its checksums before and after. */
    record Reworded(String version, int before, int after) {
    }

    static final List<Reworded> REWORDED = List.of(
            // V5: its first comment names the monitoring guide by that name
            new Reworded("5", 2_133_262_137, 432_221_453));

    @Bean
    FlywayMigrationStrategy migrateAfterRealigningChecksums() {
        return flyway -> {
            realign(flyway.getConfiguration());
            flyway.migrate();
        };
    }

    /** Replaces each earlier checksum in the schema history, if the store has one. */
    static void realign(org.flywaydb.core.api.configuration.Configuration flyway) {
        try (Connection connection = flyway.getDataSource().getConnection()) {
            String schema = flyway.getDefaultSchema() != null ? flyway.getDefaultSchema()
                    : flyway.getSchemas().length > 0 ? flyway.getSchemas()[0] : connection.getSchema();
            if (!hasTable(connection, schema, flyway.getTable())) {
                return; // a new store: Flyway creates its history with the current checksums
            }
            try (PreparedStatement update = connection.prepareStatement("UPDATE \"" + schema + "\".\""
                    + flyway.getTable() + "\" SET \"checksum\" = ? WHERE \"version\" = ? AND \"checksum\" = ?")) {
                for (Reworded migration : REWORDED) {
                    update.setInt(1, migration.after());
                    update.setString(2, migration.version());
                    update.setInt(3, migration.before());
                    update.executeUpdate();
                }
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not update the checksums of reworded migrations", e);
        }
    }

    private static boolean hasTable(Connection connection, String schema, String table) throws SQLException {
        try (ResultSet tables = connection.getMetaData().getTables(null, schema, table, null)) {
            return tables.next();
        }
    }
}
