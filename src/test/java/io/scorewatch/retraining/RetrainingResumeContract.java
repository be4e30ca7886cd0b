package io.scorewatch.retraining;

import static io.scorewatch.retraining.RetrainingFixtures.awaitFinished;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

import io.scorewatch.support.Api;
import tools.jackson.databind.JsonNode;

/**
 * A replica decided runs, stored them, and stopped before starting them. Another replica (the
 * same service after a restart) starts them once their start grace has passed, or marks them
 * failed with the reason when they can no longer start; a run whose grace has not passed stays
 * with the replica that decided it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class RetrainingResumeContract {

    static final Duration PATIENCE = Duration.ofSeconds(30);
    static final String GONE = "gone-host/00000000";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    /** Retraining by a command that succeeds; no rollback action; a quick look for runs not started. */
    static void configure(DynamicPropertyRegistry registry, Path dir) throws IOException {
        Path config = RetrainingFixtures.configDir(dir.resolve("config"), "steady", "busy");
        Path pipeline = Files.createDirectories(dir.resolve("pipeline")).toRealPath();
        registry.add("scorewatch.config-dir", config::toString);
        registry.add("scorewatch.retraining.command[0]", () -> "sh");
        registry.add("scorewatch.retraining.command[1]",
                () -> RetrainingFixtures.SCRIPTS.resolve("succeed.sh").toString());
        registry.add("scorewatch.retraining.working-directory", pipeline::toString);
        registry.add("scorewatch.retraining.resume-interval", () -> "200ms");
    }

    @Test
    void aRunDecidedButNotStartedBeforeItsReplicaStoppedIsStartedOrFailedWithTheReason() throws Exception {
        Api api = new Api(port);
        long retraining = decided("steady", "retraining", "command", GONE, "CURRENT_TIMESTAMP - INTERVAL '1' MINUTE");
        long rollback = decided("steady", "rollback", "webhook", GONE, "CURRENT_TIMESTAMP - INTERVAL '1' MINUTE");
        long fresh = decided("busy", "retraining", "command", "live-host/11111111",
                "CURRENT_TIMESTAMP + INTERVAL '1' HOUR");

        JsonNode started = awaitFinished(api, retraining, PATIENCE);
        assertThat(started.get("outcome").asString()).isEqualTo("succeeded");
        assertThat(started.get("replica").asString()).isNotEqualTo(GONE);
        assertThat(started.get("started_at").isNull()).isFalse();
        assertThat(started.get("output").asString()).contains("model=steady\n", "run=" + retraining + "\n",
                "source=alert:performance_degradation\n", "reasons=roc_auc below 0.70\n");

        JsonNode failed = awaitFinished(api, rollback, PATIENCE);
        assertThat(failed.get("outcome").asString()).isEqualTo("failed");
        assertThat(failed.get("detail").asString()).contains("not started", GONE,
                "stopped after deciding the run and before starting it", "webhook", "none");
        assertThat(failed.get("started_at").isNull()).isTrue();

        // the decided run of a live replica, within its grace, is left to that replica
        JsonNode waiting = api.get("/api/v1/retraining-runs/" + fresh).json();
        assertThat(waiting.get("state").asString()).isEqualTo("running");
        assertThat(waiting.get("started_at").isNull()).isTrue();
        assertThat(waiting.get("replica").asString()).isEqualTo("live-host/11111111");
        // the model is free again once its run ended
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM retraining_run WHERE active_key IS NOT NULL",
                Integer.class)).isEqualTo(1);
    }

    /** A run as a replica stores it when it decides it, before it starts it. */
    private long decided(String model, String kind, String trigger, String replica, String startBy) {
        jdbc.update("INSERT INTO retraining_run (model, kind, source, reasons, trigger_type, state, active_key,"
                + " replica, requested_at, start_by) VALUES (?, ?, ?, ?, ?, 'running', ?, ?,"
                + " CURRENT_TIMESTAMP - INTERVAL '2' MINUTE, " + startBy + ")", model, kind,
                "alert:performance_degradation", "[\"roc_auc below 0.70\"]", trigger, kind + ":" + model, replica);
        return jdbc.queryForObject("SELECT id FROM retraining_run WHERE active_key = ?", Long.class,
                kind + ":" + model);
    }
}
