package io.scorewatch.ingest;

import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.scorewatch.support.EmbeddedPostgresServer;

/** The purge on PostgreSQL. */
@ActiveProfiles("postgres")
class PostgresRetentionIntegrationTests extends RetentionIntegrationTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        EmbeddedPostgresServer.registerNewDatabase(registry);
    }
}
