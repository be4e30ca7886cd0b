package io.scorewatch.retraining;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.scorewatch.support.EmbeddedPostgresServer;

/** Retraining by webhook on PostgreSQL. */
@ActiveProfiles("postgres")
class PostgresRetrainingWebhookIntegrationTests extends RetrainingWebhookContract {

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        EmbeddedPostgresServer.registerNewDatabase(registry);
        configure(registry, dir);
    }
}
