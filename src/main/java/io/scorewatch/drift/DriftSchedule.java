package io.scorewatch.drift;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import io.scorewatch.model.ModelRegistry;

/**
 * The seed's weekly feature-drift check: every model with a reference dataset, over the
 * default window, on the cron {@code scorewatch.schedule.weekly}.
 */
@Component
class DriftSchedule {

    private static final Logger log = LoggerFactory.getLogger(DriftSchedule.class);

    private final ModelRegistry models;
    private final DriftRuns runs;

    DriftSchedule(ModelRegistry models, DriftRuns runs) {
        this.models = models;
        this.runs = runs;
    }

    @Scheduled(cron = "${scorewatch.schedule.weekly}")
    void weekly() {
        models.all().forEach(model -> {
            try {
                runs.run(model.name());
            } catch (ErrorResponseException nothingToCompare) {
                log.info("Weekly drift run of {} skipped: {}", model.name(), nothingToCompare.getBody().getDetail());
            } catch (RuntimeException e) {
                log.error("Weekly drift run of {} failed", model.name(), e);
            }
        });
    }
}
