package io.scorewatch.retraining;

import java.util.Locale;

/**
 * How a run or decision ended. {@code skipped} (one in progress, cooldown) and {@code not_needed}
 * (the retraining check found no reason) start nothing; the others end a run and are published.
 */
enum Outcome {
    SUCCEEDED, FAILED, TIMED_OUT, NOT_CONFIGURED, SKIPPED, NOT_NEEDED;

    /** As stored, exported and answered: {@code succeeded}, {@code timed_out}, ... */
    String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Outcome of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** Whether the outcome ends a run (and so is published as {@link RetrainingRunFinished}). */
    boolean published() {
        return this != SKIPPED && this != NOT_NEEDED;
    }
}
