package io.scorewatch.drift;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.scorewatch.model.ModelDefinition;
import io.scorewatch.model.ModelRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the drift code path at start ({@code scorewatch.drift.warm-up.*}), before the service
 * reports ready: per model with a reference, {@link DriftRuns#warmUp} over its latest
 * predictions, and the answer written as JSON as a run's answer is, then let go. Nothing is
 * stored and no gauge or event changes. A warm-up that fails is logged; the service starts
 * anyway.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 50)
class DriftWarmUp implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DriftWarmUp.class);

    private final ModelRegistry models;
    private final DriftRuns runs;
    private final DriftProperties properties;
    private final JsonMapper json;

    DriftWarmUp(ModelRegistry models, DriftRuns runs, DriftProperties properties, JsonMapper json) {
        this.models = models;
        this.runs = runs;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public void run(ApplicationArguments args) {
        DriftProperties.WarmUp warmUp = properties.warmUp();
        if (warmUp.runs() == 0 || warmUp.rows() == 0) {
            return;
        }
        for (ModelDefinition model : models.all()) {
            try {
                long start = System.nanoTime();
                long written = 0;
                long tested = 0;
                for (int r = 0; r < warmUp.runs(); r++) {
                    var run = runs.warmUp(model.name(), warmUp.rows());
                    if (run.isEmpty()) {
                        break;
                    }
                    tested = run.get().predictionCount();
                    written += json.writeValueAsBytes(run.get()).length;
                }
                if (tested > 0) {
                    log.info("Model {}: drift code path warmed up, {} runs over its latest {} predictions ({} bytes"
                            + " of answers, {} ms), nothing stored", model.name(), warmUp.runs(), tested, written,
                            (System.nanoTime() - start) / 1_000_000);
                }
            } catch (RuntimeException e) {
                log.warn("Model {}: the drift warm-up failed ({}); the first drift run compiles its code",
                        model.name(), e.toString());
            }
        }
    }
}
