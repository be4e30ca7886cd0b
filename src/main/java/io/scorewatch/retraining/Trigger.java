package io.scorewatch.retraining;

import java.util.Locale;

/** What a run calls: a command (a subprocess), a webhook (an HTTP POST), or nothing configured. */
enum Trigger {
    COMMAND, WEBHOOK, NONE;

    /** As stored and answered: {@code command}, {@code webhook}, {@code none}. */
    String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Trigger of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
