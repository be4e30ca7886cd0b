package io.scorewatch.alerting;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.scorewatch.support.EmbeddedPostgresServer;

/** The outbox's claims on PostgreSQL. */
@ActiveProfiles("postgres")
class PostgresDeliveryClaimsIntegrationTests extends DeliveryClaimsContract {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        EmbeddedPostgresServer.registerNewDatabase(registry);
        registry.add("scorewatch.data-dir", () -> data.toString());
        configure(registry);
    }
}
