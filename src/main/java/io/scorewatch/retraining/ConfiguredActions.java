package io.scorewatch.retraining;

import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Whether the retraining and rollback actions have a trigger, for the alert rules that ask for
 * them: a missing action is a fact of the configuration, told once at start and on the alert's
 * message, not once per request.
 */
@Component
public class ConfiguredActions {

    private final RetrainingProperties retraining;
    private final RollbackProperties rollback;

    ConfiguredActions(RetrainingProperties retraining, RollbackProperties rollback) {
        this.retraining = retraining;
        this.rollback = rollback;
    }

    /** Empty when retraining has a trigger; else what to set. */
    public Optional<String> retrainingMissing() {
        return retraining.trigger() == Trigger.NONE
                ? Optional.of("scorewatch.retraining.command or scorewatch.retraining.webhook-url")
                : Optional.empty();
    }

    /** Empty when rollback has a trigger; else what to set. */
    public Optional<String> rollbackMissing() {
        return rollback.trigger() == Trigger.NONE ? Optional.of("scorewatch.rollback.webhook-url") : Optional.empty();
    }
}
