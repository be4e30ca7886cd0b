package io.scorewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.scorewatch.support.Api;

/**
 * The H2 file's chunks fill up again after many small commits left them sparse, and every
 * stored prediction reads back the same.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"scorewatch.h2-compaction.enabled=true", "scorewatch.h2-compaction.interval=1h"})
class H2FileCompactionIntegrationTests {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("scorewatch.data-dir", () -> data.toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    H2FileCompaction compaction;

    @Autowired
    H2FileCompaction.Settings settings;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void sparseChunksAreRewrittenUntilTheTargetFillRate() {
        Api api = new Api(port);
        for (int i = 0; i < 400; i++) {
            assertThat(api.postJson("/api/v1/predictions", Api.json(Map.of("prediction_id", "p-" + i,
                    "probability", (i % 100) / 100.0, "client_id", "c-" + (i * 7919 % 400),
                    "features", Map.of("x", i)))).status()).isEqualTo(202);
        }
        int before = compaction.fillRate();
        assertThat(before).as("many small commits leave the chunks sparse").isLessThan(settings.targetFillRate());

        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        List<Integer> passes = new ArrayList<>();
        int after = before;
        while (after < settings.targetFillRate() && Instant.now().isBefore(deadline)) {
            after = compaction.compact();
            passes.add(after);
        }

        assertThat(after).as("fill rate after the passes %s", passes).isGreaterThanOrEqualTo(settings.targetFillRate());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM prediction", Integer.class)).isEqualTo(400);
        for (int i = 0; i < 400; i += 37) {
            assertThat(api.get("/api/v1/predictions/p-" + i).json().get("features").get("x").asDouble()).isEqualTo(i);
        }
    }
}
