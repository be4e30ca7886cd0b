package io.scorewatch.summary;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Summaries on the default store: H2 in file mode. */
class SummaryIntegrationTests extends SummaryContract {

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        Path config = configDir(dir.resolve("config"));
        registry.add("scorewatch.data-dir", () -> dir.resolve("data").toString());
        registry.add("scorewatch.config-dir", config::toString);
    }
}
