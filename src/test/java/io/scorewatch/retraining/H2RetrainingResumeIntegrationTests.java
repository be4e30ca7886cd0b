package io.scorewatch.retraining;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Runs decided but not started, on H2 in file mode. */
class H2RetrainingResumeIntegrationTests extends RetrainingResumeContract {

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        registry.add("scorewatch.data-dir", () -> dir.resolve("data").toString());
        configure(registry, dir);
    }
}
