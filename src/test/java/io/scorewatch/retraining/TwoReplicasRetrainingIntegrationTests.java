package io.scorewatch.retraining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.scorewatch.ScorewatchApplication;
import io.scorewatch.support.EmbeddedPostgresServer;

/** Two replicas on one PostgreSQL: of two requests for the same model at once, one starts a run. */
class TwoReplicasRetrainingIntegrationTests {

    @Test
    void twoReplicasAskedAtOnceStartOneRun() throws Exception {
        List<String> arguments = new ArrayList<>(EmbeddedPostgresServer.newDatabaseArguments());
        arguments.addAll(List.of("--server.port=0",
                "--scorewatch.retraining.command=sh," + RetrainingFixtures.SCRIPTS.resolve("slow.sh"),
                "--scorewatch.retraining.timeout=30s"));
        String[] args = arguments.toArray(String[]::new);
        try (ConfigurableApplicationContext first = new SpringApplicationBuilder(ScorewatchApplication.class).run(args);
                ConfigurableApplicationContext second = new SpringApplicationBuilder(ScorewatchApplication.class)
                        .run(args)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> askers = new ArrayList<>();
            for (ConfigurableApplicationContext replica : List.of(first, second)) {
                Thread asker = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    replica.publishEvent(new RetrainingRequested("credit-scoring",
                            List.of("Performance degradation: ROC-AUC = 0.6412"), "alert:roc_auc_low"));
                });
                asker.start();
                askers.add(asker);
            }
            go.countDown();
            for (Thread asker : askers) {
                asker.join();
            }

            RetrainingRuns runs = first.getBean(RetrainingRuns.class);
            List<RetrainingRun> recorded = runs.list("credit-scoring", RunKind.RETRAINING, 10);
            assertThat(recorded).hasSize(2);
            List<RetrainingRun> started = recorded.stream().filter(run -> run.outcome() == null).toList();
            List<RetrainingRun> skipped = recorded.stream().filter(run -> "skipped".equals(run.outcome())).toList();
            assertThat(started).as("%s", recorded).hasSize(1);
            assertThat(skipped).as("%s", recorded).hasSize(1);
            assertThat(skipped.get(0).replica()).isNotEqualTo(started.get(0).replica());
            assertThat(skipped.get(0).detail()).startsWith("run " + started.get(0).id() + " of this model is in"
                    + " progress");

            long id = started.get(0).id();
            RetrainingRun run = await("run " + id + " ends").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> runs.find(id).orElseThrow(), finished -> finished.outcome() != null);
            assertThat(run.outcome()).isEqualTo("succeeded");
            assertThat(run.output()).isEqualTo("retrained credit-scoring\n");
        }
    }
}
