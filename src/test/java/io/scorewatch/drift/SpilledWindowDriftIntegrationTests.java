package io.scorewatch.drift;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Drift with no heap to spare for the window: every run writes its feature columns to a file
 * outside the heap and reads them back a column at a time. The same contract, the same answers.
 */
class SpilledWindowDriftIntegrationTests extends DriftContract {

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        Path config = configDir(dir.resolve("config"));
        registry.add("scorewatch.data-dir", () -> dir.resolve("data").toString());
        registry.add("scorewatch.config-dir", config::toString);
        registry.add("scorewatch.drift.heap-share", () -> "0");
    }
}
