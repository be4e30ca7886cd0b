package io.scorewatch.alerting;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import io.scorewatch.model.ModelRegistry;

/**
 * The rules in force: {@code <config-dir>/alert_rules.yaml}, or the built-in default (the same
 * content as the shipped file) when it is absent. A file with a mistake stops start-up; on
 * {@link #reload()} it is refused and the rules in force stay. A {@code for_each_segment} key of the
 * file must be declared by a configured model; the built-in copy's per-segment rules apply to
 * the models that declare their key (none, when no model does).
 */
@Component
class AlertRules {

    private static final Logger log = LoggerFactory.getLogger(AlertRules.class);
    static final String FILE_NAME = "alert_rules.yaml";
    private static final String BUILT_IN = "defaults/" + FILE_NAME;

    /** The rules, where they came from and when they were read. */
    record Loaded(List<AlertRule> rules, String source, Instant loadedAt) {
    }

    private final Path file;
    private final Clock clock;
    private final Set<String> declaredKeys;
    private final AtomicReference<Loaded> current = new AtomicReference<>();
    private final List<Runnable> reloadListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    AlertRules(@Value("${scorewatch.config-dir:config}") Path configDir, Clock clock, ModelRegistry models) {
        this.file = configDir.resolve(FILE_NAME);
        this.clock = clock;
        this.declaredKeys = models.all().stream().flatMap(model -> model.segments().keySet().stream())
                .collect(Collectors.toUnmodifiableSet());
        current.set(read());
        log.info("{} alert rules from {}", current.get().rules().size(), current.get().source());
    }

    List<AlertRule> all() {
        return current.get().rules();
    }

    Loaded loaded() {
        return current.get();
    }

    /** Reads the file again; on a mistake throws and keeps the rules in force. */
    Loaded reload() {
        Loaded loaded = read();
        current.set(loaded);
        log.info("Reloaded {} alert rules from {}", loaded.rules().size(), loaded.source());
        reloadListeners.forEach(Runnable::run);
        return loaded;
    }

    void onReload(Runnable listener) {
        reloadListeners.add(listener);
    }

    private Loaded read() {
        String source;
        String text;
        Set<String> keys = declaredKeys;
        try {
            if (Files.isRegularFile(file)) {
                source = file.toString();
                text = Files.readString(file, StandardCharsets.UTF_8);
            } else {
                source = "built-in " + FILE_NAME;
                keys = null;
                try (InputStream in = new ClassPathResource(BUILT_IN).getInputStream()) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new AlertRuleFile.InvalidRulesException(file.toString(),
                    List.of("cannot be read: " + e.getMessage()));
        }
        return new Loaded(AlertRuleFile.parse(text, source, keys), source, clock.instant());
    }
}
