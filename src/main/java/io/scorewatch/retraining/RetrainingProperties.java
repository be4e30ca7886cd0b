package io.scorewatch.retraining;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * When to retrain and how ({@code scorewatch.retraining.*}): the monitoring guide's RetrainingManager
 * thresholds, the trigger (a command, else a webhook) and the safety bounds of a run.
 *
 * @param performanceThreshold  retrain when production ROC-AUC falls below this
 * @param driftThreshold        retrain when the share of drifted features exceeds this
 * @param command               the retraining pipeline as an argv list (no shell), e.g.
 *                              {@code [python, scripts/pipeline/retrain_model.py]}; empty: none. When set it
 *                              is the trigger, and {@code webhook-url} is not called
 * @param workingDirectory      directory the command runs in; absent: the service's own
 * @param timeout               a command still running after this is killed with its whole process tree
 * @param webhookUrl            the retraining pipeline's webhook (JSON POST), used when no command is set
 * @param webhookTimeout        longest wait for the webhook's answer
 * @param webhookConnectTimeout longest wait for the webhook's connection
 * @param webhookHeaders        extra request headers of the webhook, e.g. {@code Authorization}
 * @param cooldown              after a successful run, triggers are skipped for this long
 * @param outputLimit           the tail of the command's stdout and stderr (or the webhook's answer) kept
 * @param killGrace             after a kill, how long to wait for the process and its output to end
 * @param abandonGrace          a run still recorded running this long after its latest possible end is
 *                              taken as abandoned (its replica stopped) and marked failed
 * @param maxReasonLength       characters of one reason kept (a longer manual reason is answered 400)
 * @param queueCapacity         runs waiting for a free worker beyond which a run fails at once
 * @param startGrace            a run decided but not started this long after (database time) lost its
 *                              replica before the start: any replica takes it over and starts it
 * @param environment           names of the service's environment variables the command gets besides the
 *                              basics (PATH, HOME, USER, LOGNAME, LANG, LANGUAGE, LC_*, TZ, TMPDIR) and its
 *                              SCOREWATCH_* run variables, e.g. {@code [PYTHONPATH, MLFLOW_TRACKING_URI]}
 */
@ConfigurationProperties("scorewatch.retraining")
record RetrainingProperties(
        @DefaultValue("0.70") double performanceThreshold,
        @DefaultValue("0.10") double driftThreshold,
        @DefaultValue List<String> command,
        Path workingDirectory,
        @DefaultValue("4h") Duration timeout,
        URI webhookUrl,
        @DefaultValue("30s") Duration webhookTimeout,
        @DefaultValue("5s") Duration webhookConnectTimeout,
        @DefaultValue Map<String, String> webhookHeaders,
        @DefaultValue("7d") Duration cooldown,
        @DefaultValue("8KB") DataSize outputLimit,
        @DefaultValue("5s") Duration killGrace,
        @DefaultValue("5m") Duration abandonGrace,
        @DefaultValue("500") int maxReasonLength,
        @DefaultValue("100") int queueCapacity,
        @DefaultValue("1m") Duration startGrace,
        @DefaultValue List<String> environment) {

    /** Largest output tail a store column holds (characters; a byte at most one character). */
    static final long MAX_OUTPUT_LIMIT = 512 * 1024;

    RetrainingProperties {
        command = command == null ? List.of() : List.copyOf(command);
        webhookHeaders = webhookHeaders == null ? Map.of() : Map.copyOf(webhookHeaders);
        environment = environment == null ? List.of() : List.copyOf(environment);
        Checks.positive("scorewatch.retraining.timeout", timeout);
        Checks.positive("scorewatch.retraining.webhook-timeout", webhookTimeout);
        Checks.positive("scorewatch.retraining.webhook-connect-timeout", webhookConnectTimeout);
        Checks.positive("scorewatch.retraining.kill-grace", killGrace);
        Checks.notNegative("scorewatch.retraining.cooldown", cooldown);
        Checks.notNegative("scorewatch.retraining.abandon-grace", abandonGrace);
        Checks.positive("scorewatch.retraining.start-grace", startGrace);
        webhookUrl = Checks.webhook("scorewatch.retraining.webhook-url", webhookUrl);
        if (command.stream().anyMatch(part -> part == null || part.isBlank())) {
            throw new IllegalArgumentException("scorewatch.retraining.command must not hold a blank argument");
        }
        if (outputLimit.toBytes() < 1 || outputLimit.toBytes() > MAX_OUTPUT_LIMIT) {
            throw new IllegalArgumentException("scorewatch.retraining.output-limit must lie in 1B to 512KB, was "
                    + outputLimit);
        }
        if (maxReasonLength < 1 || maxReasonLength > 10_000) {
            throw new IllegalArgumentException("scorewatch.retraining.max-reason-length must lie in 1 to 10000");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("scorewatch.retraining.queue-capacity must be at least 1");
        }
    }

    /** The trigger a retraining run uses: the command when set, else the webhook, else none. */
    Trigger trigger() {
        if (!command.isEmpty()) {
            return Trigger.COMMAND;
        }
        return webhookUrl != null ? Trigger.WEBHOOK : Trigger.NONE;
    }
}
