package io.scorewatch.ingest;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The schema flood on the default store: H2 in file mode. */
class H2SchemaFloodIntegrationTests extends SchemaFloodContract {

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("scorewatch.data-dir", () -> dir.resolve("data").toString());
        registry.add("scorewatch.config-dir", () -> configDir(dir));
    }
}
