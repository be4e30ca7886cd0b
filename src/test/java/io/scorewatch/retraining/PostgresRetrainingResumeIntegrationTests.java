package io.scorewatch.retraining;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.scorewatch.support.EmbeddedPostgresServer;

/** Runs decided but not started, on PostgreSQL. */
@ActiveProfiles("postgres")
class PostgresRetrainingResumeIntegrationTests extends RetrainingResumeContract {

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        EmbeddedPostgresServer.registerNewDatabase(registry);
        configure(registry, dir);
    }
}
