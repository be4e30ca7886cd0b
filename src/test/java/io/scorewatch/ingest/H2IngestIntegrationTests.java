package io.scorewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The intake contract on the default store: H2 in file mode. */
class H2IngestIntegrationTests extends IngestContract {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("scorewatch.data-dir", () -> data.toString());
    }

    @Test
    void theStoreGathersNoStatisticsInsideACommit() {
        // with statistics gathered automatically, a commit read the first 10,000 feature blocks
        assertThat(jdbc.queryForObject("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                + " WHERE SETTING_NAME = 'ANALYZE_AUTO'", String.class)).isEqualTo("0");
    }
}
