package io.scorewatch.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.scorewatch.ScorewatchApplication;
import io.scorewatch.support.EmbeddedPostgresServer;

/** Two replicas on one PostgreSQL: a scheduled job runs once per tick, not once per replica. */
class ScheduleIntegrationTests {

    @Test
    void twoReplicasRunTheWeeklyJobOncePerTick() throws InterruptedException {
        List<String> arguments = new ArrayList<>(EmbeddedPostgresServer.newDatabaseArguments());
        arguments.addAll(List.of("--server.port=0", "--scorewatch.schedule.weekly=* * * * * *",
                "--scorewatch.schedule.lock-at-least-for=800ms"));
        String[] args = arguments.toArray(String[]::new);
        try (ConfigurableApplicationContext first = new SpringApplicationBuilder(ScorewatchApplication.class).run(args);
                ConfigurableApplicationContext second = new SpringApplicationBuilder(ScorewatchApplication.class)
                        .run(args)) {
            Thread.sleep(6_000);
            first.stop();
            second.stop();
            List<JobRuns.JobRun> runs = first.getBean(JobRuns.class).recent(1000).stream()
                    .filter(run -> run.job().equals("weekly")).toList();

            assertThat(runs).hasSizeGreaterThanOrEqualTo(3);
            Map<Instant, Long> perTick = new TreeMap<>();
            runs.forEach(run -> perTick.merge(run.startedAt().truncatedTo(ChronoUnit.SECONDS), 1L, Long::sum));
            assertThat(perTick.values()).as("job runs per tick %s", perTick).allMatch(count -> count == 1);
            // without a reference dataset the drift step is skipped; the rest of the pipeline runs
            assertThat(runs).allMatch(run -> run.outcome().equals("SUCCESS"));
            assertThat(runs).allMatch(run -> run.detail().contains("drift skipped"));
            assertThat(first.getBean(JdbcTemplate.class).queryForObject(
                    "SELECT COUNT(DISTINCT replica) FROM job_run", Integer.class)).isBetween(1, 2);
        }
    }
}
