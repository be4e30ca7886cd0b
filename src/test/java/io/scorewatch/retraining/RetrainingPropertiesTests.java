package io.scorewatch.retraining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

class RetrainingPropertiesTests {

    static RetrainingProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("scorewatch.retraining",
                RetrainingProperties.class);
    }

    static RollbackProperties bindRollback(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("scorewatch.rollback",
                RollbackProperties.class);
    }

    @Test
    void theDefaultsAreTheSeedsThresholdsAndNoTrigger() {
        RetrainingProperties properties = bind(Map.of());
        assertThat(properties.performanceThreshold()).isEqualTo(0.70);
        assertThat(properties.driftThreshold()).isEqualTo(0.10);
        assertThat(properties.cooldown()).isEqualTo(Duration.ofDays(7));
        assertThat(properties.outputLimit()).isEqualTo(DataSize.ofKilobytes(8));
        assertThat(properties.command()).isEmpty();
        assertThat(properties.trigger()).isEqualTo(Trigger.NONE);
        assertThat(bindRollback(Map.of()).trigger()).isEqualTo(Trigger.NONE);
    }

    @Test
    void theCommandComesBeforeTheWebhook() {
        assertThat(bind(Map.of("scorewatch.retraining.webhook-url", "http://pipeline/retrain")).trigger())
                .isEqualTo(Trigger.WEBHOOK);
        RetrainingProperties both = bind(Map.of("scorewatch.retraining.webhook-url", "http://pipeline/retrain",
                "scorewatch.retraining.command", "python,scripts/pipeline/retrain_model.py"));
        assertThat(both.trigger()).isEqualTo(Trigger.COMMAND);
        assertThat(both.command()).containsExactly("python", "scripts/pipeline/retrain_model.py");
        assertThat(bindRollback(Map.of("scorewatch.rollback.webhook-url", "https://deploy/rollback")).webhookUrl())
                .isEqualTo(URI.create("https://deploy/rollback"));
    }

    @Test
    void aBlankWebhookUrlIsNone() {
        assertThat(bind(Map.of("scorewatch.retraining.webhook-url", " ")).trigger()).isEqualTo(Trigger.NONE);
    }

    @Test
    void badValuesStopStartUpNamingTheKey() {
        assertThatThrownBy(() -> bind(Map.of("scorewatch.retraining.webhook-url", "ftp://pipeline/retrain")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("scorewatch.retraining.webhook-url");
        assertThatThrownBy(() -> bind(Map.of("scorewatch.retraining.timeout", "0s")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("scorewatch.retraining.timeout");
        assertThatThrownBy(() -> bind(Map.of("scorewatch.retraining.output-limit", "2MB")))
                .isInstanceOf(BindException.class).rootCause()
                .hasMessageContaining("scorewatch.retraining.output-limit");
        assertThatThrownBy(() -> bindRollback(Map.of("scorewatch.rollback.cooldown", "-1h")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("scorewatch.rollback.cooldown");
    }
}
