package io.scorewatch.performance;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The metrics contract on the default store: H2 in file mode. */
class H2MetricsIntegrationTests extends MetricsContract {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("scorewatch.data-dir", () -> data.toString());
    }
}
