package io.scorewatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.scorewatch.support.Api;

/** {@code scorewatch.security.anonymous-read=true}: anyone reads; writing still needs a key. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "scorewatch.security.anonymous-read=true")
class AnonymousReadIntegrationTests {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("scorewatch.data-dir", () -> data.toString());
    }

    @LocalServerPort
    int port;

    @Test
    void anyoneReadsAndOnlyKeysWrite() {
        Api anonymous = new Api(port, null);
        assertThat(anonymous.get("/api/v1/models").status()).isEqualTo(200);
        assertThat(anonymous.get("/api/v1/alerts").status()).isEqualTo(200);
        assertThat(anonymous.postJson("/api/v1/predictions", SecurityIntegrationTests.PREDICTION).status())
                .isEqualTo(401);
        assertThat(anonymous.postJson("/api/v1/models/credit-scoring/monitoring-runs", "").status()).isEqualTo(401);
        assertThat(anonymous.get("/actuator/env").status()).isEqualTo(401);
        assertThat(new Api(port, "wrong").get("/api/v1/models").status()).isEqualTo(401);
    }

    @Test
    void everyIntakeSeriesIsExportedFromTheStartAtZero() {
        String scrape = new Api(port, null).get("/actuator/prometheus").body();
        for (String type : new String[] {"validation", "prediction", "timeout", "unavailable", "internal", "other"}) {
            assertThat(scrape).containsPattern("credit_scoring_errors_total\\{[^}]*error_type=\"" + type
                    + "\"[^}]*model=\"credit-scoring\"[^}]*\\} 0\\.0");
        }
        assertThat(scrape)
                .containsPattern("credit_scoring_requests_total\\{[^}]*model=\"credit-scoring\"[^}]*\\} 0\\.0")
                .containsPattern("credit_scoring_response_seconds_count\\{[^}]*model=\"credit-scoring\"[^}]*\\} 0");
    }
}
