package io.scorewatch.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
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
    void twoReplicasRunTheWeeklyJobOncePerTick() {
        List<String> arguments = new ArrayList<>(EmbeddedPostgresServer.newDatabaseArguments());
        arguments.addAll(List.of("--server.port=0", "--scorewatch.schedule.weekly=* * * * * *",
                "--scorewatch.schedule.lock-at-least-for=800ms"));
        String[] args = arguments.toArray(String[]::new);
        try (ConfigurableApplicationContext first = new SpringApplicationBuilder(ScorewatchApplication.class).run(args);
                ConfigurableApplicationContext second = new SpringApplicationBuilder(ScorewatchApplication.class)
                        .run(args)) {
            JobRuns jobRuns = first.getBean(JobRuns.class);
            await("five ticks of the weekly job").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> weeklyRuns(jobRuns).size() >= 5);
            first.stop();
            second.stop();
            List<JobRuns.JobRun> runs = weeklyRuns(jobRuns);

            Map<Instant, Long> perTick = new TreeMap<>();
            runs.forEach(run -> perTick.merge(run.startedAt().truncatedTo(ChronoUnit.SECONDS), 1L, Long::sum));
            assertThat(perTick.values()).as("job runs per tick %s", perTick).allMatch(count -> count == 1);
            // without a reference dataset the drift step is skipped; the rest of the pipeline runs
            assertThat(runs).allMatch(run -> run.outcome().equals("SUCCESS"));
            assertThat(runs).allMatch(run -> run.detail().contains("drift skipped"));
            // every run is one of the two replicas' (whichever takes the tick's lock first)
            assertThat(first.getBean(JdbcTemplate.class).queryForList("SELECT DISTINCT replica FROM job_run",
                    String.class)).isSubsetOf(jobRuns.replica(), second.getBean(JobRuns.class).replica());
            assertThat(jobRuns.replica()).isNotEqualTo(second.getBean(JobRuns.class).replica());
        }
    }

    private static List<JobRuns.JobRun> weeklyRuns(JobRuns jobRuns) {
        return jobRuns.recent(1000).stream().filter(run -> run.job().equals("weekly")).toList();
    }
}
