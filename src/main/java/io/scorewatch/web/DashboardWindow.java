package io.scorewatch.web;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.scorewatch.config.FieldProblem;
import io.scorewatch.config.InvalidRequestException;

/**
 * The window of the dashboard: a length ending now, {@code from} inclusive, {@code to}
 * exclusive, at the store's microsecond resolution (as the metrics endpoint takes them).
 *
 * @param label  the length as asked, e.g. {@code 7d}
 * @param length the length
 * @param from   start (inclusive)
 * @param to     end (exclusive)
 */
record DashboardWindow(String label, Duration length, Instant from, Instant to) {

    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,6})(h|d|w)");

    /** The window before this one, of the same length. */
    DashboardWindow previous() {
        return new DashboardWindow(label, length, from.minus(length), from);
    }

    /**
     * Reads {@code window}: a length such as 24h, 7d, 30d, 2w, or ISO-8601 such as PT12H (null:
     * the default), at least an hour and at most {@code max}; a 400 naming {@code window} otherwise.
     */
    static DashboardWindow parse(String window, Instant now, Duration defaultLength, Duration max) {
        Duration length;
        String label;
        if (window == null || window.isBlank()) {
            length = defaultLength;
            label = describe(defaultLength);
        } else {
            label = window.strip();
            length = length(label.toLowerCase(Locale.ROOT));
        }
        if (length.compareTo(Duration.ofHours(1)) < 0 || length.compareTo(max) > 0) {
            throw invalid("must be at least 1h and at most " + describe(max));
        }
        Instant to = ceilMicros(now);
        return new DashboardWindow(label, length, to.minus(length), to);
    }

    private static Duration length(String window) {
        Matcher simple = SIMPLE.matcher(window);
        if (simple.matches()) {
            long n = Long.parseLong(simple.group(1));
            return switch (simple.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
        }
        try {
            return Duration.parse(window.toUpperCase(Locale.ROOT));
        } catch (DateTimeException e) {
            throw invalid("must be a length such as 24h, 7d, 30d, 2w or PT12H");
        }
    }

    private static String describe(Duration length) {
        if (length.toHours() * 3600 == length.getSeconds() && length.getNano() == 0) {
            return length.toHours() % 24 == 0 ? length.toDays() + "d" : length.toHours() + "h";
        }
        return length.toString();
    }

    private static InvalidRequestException invalid(String message) {
        return new InvalidRequestException(FieldProblem.of("window", message));
    }

    private static Instant ceilMicros(Instant instant) {
        Instant truncated = instant.truncatedTo(ChronoUnit.MICROS);
        return truncated.equals(instant) ? truncated : truncated.plus(1, ChronoUnit.MICROS);
    }
}
