package io.scorewatch.retraining;

import java.util.Locale;

/** What a run does: retrain the model, or roll it back to its previous version. */
enum RunKind {
    RETRAINING, ROLLBACK;

    /** As stored, exported and answered: {@code retraining}, {@code rollback}. */
    String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static RunKind of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
