package io.scorewatch.summary;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.scorewatch.support.EmbeddedPostgresServer;

/** Summaries on PostgreSQL. */
@ActiveProfiles("postgres")
class PostgresSummaryIntegrationTests extends SummaryContract {

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        Path config = configDir(dir.resolve("config"));
        EmbeddedPostgresServer.registerNewDatabase(registry);
        registry.add("scorewatch.config-dir", config::toString);
    }
}
