package io.scorewatch.retraining;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The retraining API without a trigger on the default store: H2 in file mode. */
class H2RetrainingApiIntegrationTests extends RetrainingApiContract {

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        registry.add("scorewatch.data-dir", () -> dir.resolve("data").toString());
        configure(registry, dir);
    }
}
