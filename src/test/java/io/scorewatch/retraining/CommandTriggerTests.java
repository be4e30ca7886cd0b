package io.scorewatch.retraining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The command trigger with real subprocesses. */
class CommandTriggerTests {

    private static final CommandTrigger.Call CALL = new CommandTrigger.Call(7, "credit-scoring", "1.0.0",
            List.of("first reason", "second reason"), "manual");

    @Test
    void stoppingTheServiceKillsARunningCommandWithItsTree() throws Exception {
        CommandTrigger trigger = trigger(Map.of("scorewatch.retraining.command[0]", "sh",
                "scorewatch.retraining.command[1]", RetrainingFixtures.SCRIPTS.resolve("hang.sh").toString(),
                "scorewatch.retraining.timeout", "60s"));
        CompletableFuture<TriggerResult> running = CompletableFuture.supplyAsync(() -> trigger.run(CALL));
        // hang.sh runs once it has started both of its sleeps (the second after printing the pids)
        await("hang.sh and its two children run").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> ProcessHandle.current().descendants().anyMatch(
                        p -> p.info().arguments().map(a -> String.join(" ", a)).orElse("").contains("hang.sh")
                                && p.children().count() == 2));
        long started = System.nanoTime();
        trigger.stopAll();
        TriggerResult result = running.get();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.detail()).isEqualTo("the service stopped during the run: killed with its process tree");
        Matcher child = Pattern.compile("child (\\d+)").matcher(result.output());
        assertThat(child.find()).as(result.output()).isTrue();
        long pid = Long.parseLong(child.group(1));
        await("the command's child, pid " + pid + ", ends").atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50)).until(() -> !Processes.running(pid));
    }

    @Test
    void theReasonsArriveOneALine() {
        TriggerResult result = trigger(Map.of("scorewatch.retraining.command[0]", "sh",
                "scorewatch.retraining.command[1]", "-c",
                "scorewatch.retraining.command[2]", "printf '%s|' \"$SCOREWATCH_REASONS\"")).run(CALL);
        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.output()).isEqualTo("first reason\nsecond reason|");
    }

    @Test
    void aLongOutputKeepsItsTail() {
        TriggerResult result = trigger(Map.of("scorewatch.retraining.command[0]", "sh",
                "scorewatch.retraining.command[1]", "-c",
                "scorewatch.retraining.command[2]",
                "i=0; while [ $i -lt 2000 ]; do echo \"line $i\"; i=$((i+1)); done; echo oops >&2; exit 1",
                "scorewatch.retraining.output-limit", "64B")).run(CALL);
        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).matches("(?s)\\[\\d+ earlier bytes cut\\]\n.*line 1999\n");
        assertThat(result.output().lines().skip(1).mapToInt(line -> line.length() + 1).sum()).isLessThanOrEqualTo(64);
        assertThat(result.errorOutput()).isEqualTo("oops\n");
    }

    @Test
    void theCommandSeesItsRunAndTheBasicsButNoSecretOfTheService() {
        Map<String, String> service = Map.of("PATH", "/usr/bin:/bin", "HOME", "/home/scorewatch", "LANG", "C.UTF-8",
                "LC_ALL", "C.UTF-8", "TZ", "UTC", "PYTHONPATH", "/opt/pipeline",
                "SPRING_DATASOURCE_PASSWORD", "database-secret", "SCOREWATCH_SECURITY_KEYS_ADMIN", "admin-secret",
                "SCOREWATCH_SECURITY_CLIENT_ID_SECRET", "hmac-secret", "AWS_SECRET_ACCESS_KEY", "cloud-secret");
        CommandTrigger trigger = new CommandTrigger(RetrainingPropertiesTests.bind(Map.of(
                "scorewatch.retraining.command[0]", "/usr/bin/env",
                "scorewatch.retraining.environment[0]", "PYTHONPATH")), service);

        TriggerResult result = trigger.run(CALL);

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        Map<String, String> seen = new java.util.TreeMap<>();
        String[] lines = result.output().split("\n(?=[A-Za-z_][A-Za-z0-9_]*=)");
        for (String line : lines) {
            int equals = line.indexOf('=');
            seen.put(line.substring(0, equals), line.substring(equals + 1).strip());
        }
        assertThat(seen.keySet()).containsExactlyInAnyOrder("PATH", "HOME", "LANG", "LC_ALL", "TZ", "PYTHONPATH",
                "SCOREWATCH_MODEL", "SCOREWATCH_MODEL_VERSION", "SCOREWATCH_REASONS", "SCOREWATCH_RUN_ID",
                "SCOREWATCH_SOURCE");
        assertThat(seen).containsEntry("PATH", "/usr/bin:/bin").containsEntry("PYTHONPATH", "/opt/pipeline")
                .containsEntry("SCOREWATCH_RUN_ID", "7").containsEntry("SCOREWATCH_MODEL", "credit-scoring");
        assertThat(result.output()).doesNotContain("secret");
    }

    @Test
    void aCommandThatCannotStartFails() {
        TriggerResult result = trigger(Map.of("scorewatch.retraining.command[0]", "/no/such/pipeline")).run(CALL);
        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.exitCode()).isNull();
        assertThat(result.detail()).startsWith("could not start /no/such/pipeline");
    }

    private static CommandTrigger trigger(Map<String, String> properties) {
        return new CommandTrigger(RetrainingPropertiesTests.bind(properties));
    }
}
