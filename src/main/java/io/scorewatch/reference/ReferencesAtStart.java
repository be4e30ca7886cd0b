package io.scorewatch.reference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.scorewatch.model.ModelRegistry;

/**
 * Reads each model's active reference into memory at start ({@code scorewatch.reference.load-at-start}):
 * as an application runner, so the service reports ready (readiness) only once the references
 * are in memory, and the first drift run finds its reference there. A reference that cannot be
 * read is logged and left to the first run that needs it.
 */
@Component
@Order(ReferencesAtStart.ORDER)
class ReferencesAtStart implements ApplicationRunner {

    /** Before the runners that use the references. */
    static final int ORDER = Ordered.LOWEST_PRECEDENCE - 100;

    private static final Logger log = LoggerFactory.getLogger(ReferencesAtStart.class);

    private final ModelRegistry models;
    private final References references;
    private final ReferenceProperties properties;

    ReferencesAtStart(ModelRegistry models, References references, ReferenceProperties properties) {
        this.models = models;
        this.references = references;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!properties.loadAtStart()) {
            return;
        }
        models.all().forEach(model -> {
            try {
                long start = System.nanoTime();
                references.active(model.name()).ifPresent(data -> log.info("Model {}: reference dataset {} read"
                        + " into memory ({} ms)", model.name(), data.id(), (System.nanoTime() - start) / 1_000_000));
            } catch (RuntimeException e) {
                log.warn("Model {}: the reference dataset could not be read at start ({}); the first drift run"
                        + " reads it", model.name(), e.toString());
            }
        });
    }
}
