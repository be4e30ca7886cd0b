package io.scorewatch.retraining;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The rollback action ({@code scorewatch.rollback.*}): a webhook of the deployment that puts
 * the previous model version back.
 *
 * @param webhookUrl            the rollback webhook (JSON POST); absent: a rollback is recorded not_configured
 * @param webhookTimeout        longest wait for the webhook's answer
 * @param webhookConnectTimeout longest wait for the webhook's connection
 * @param webhookHeaders        extra request headers of the webhook, e.g. {@code Authorization}
 * @param cooldown              after a successful rollback, further rollbacks of the model are skipped for
 *                              this long (an alert that keeps firing must not roll back version after version)
 */
@ConfigurationProperties("scorewatch.rollback")
record RollbackProperties(
        URI webhookUrl,
        @DefaultValue("30s") Duration webhookTimeout,
        @DefaultValue("5s") Duration webhookConnectTimeout,
        @DefaultValue Map<String, String> webhookHeaders,
        @DefaultValue("1d") Duration cooldown) {

    RollbackProperties {
        webhookHeaders = webhookHeaders == null ? Map.of() : Map.copyOf(webhookHeaders);
        Checks.positive("scorewatch.rollback.webhook-timeout", webhookTimeout);
        Checks.positive("scorewatch.rollback.webhook-connect-timeout", webhookConnectTimeout);
        Checks.notNegative("scorewatch.rollback.cooldown", cooldown);
        webhookUrl = Checks.webhook("scorewatch.rollback.webhook-url", webhookUrl);
    }

    Trigger trigger() {
        return webhookUrl != null ? Trigger.WEBHOOK : Trigger.NONE;
    }
}
