package io.scorewatch.model;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where model definitions live.
 *
 * @param configDir    folder holding {@code models/*.yaml} (and {@code alert_rules.yaml})
 * @param defaultModel the model a prediction belongs to when it names none
 */
@ConfigurationProperties("scorewatch")
record ModelRegistryProperties(
        @DefaultValue("config") Path configDir,
        @DefaultValue("credit-scoring") String defaultModel) {
}
