package io.scorewatch.drift;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Mass-point drift under the {@code p-value} policy, on H2 in file mode. */
class MassPointPValueDriftIntegrationTests extends MassPointDriftContract {

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        Path config = configDir(dir.resolve("config"));
        registry.add("scorewatch.data-dir", () -> dir.resolve("data").toString());
        registry.add("scorewatch.config-dir", config::toString);
        registry.add("scorewatch.drift.policy", () -> "p-value");
        registry.add("scorewatch.default-model", () -> MODEL);
    }

    @Override
    String policy() {
        return "p-value";
    }
}
