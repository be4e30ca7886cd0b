package io.scorewatch.performance;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.scorewatch.config.FieldProblem;
import io.scorewatch.config.InvalidRequestException;

/**
 * The time range metrics are computed over: {@code from} inclusive, {@code to} exclusive, both
 * at the store's microsecond resolution.
 *
 * @param from start (inclusive)
 * @param to   end (exclusive), after {@code from}
 */
public record MetricsWindow(Instant from, Instant to) {

    /** Earliest and latest instants a request may name: four-digit years, as ISO-8601 writes them. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d{1,9})(s|m|h|d|w)");

    public MetricsWindow {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to: " + from + ", " + to);
        }
    }

    /** The window of the given length that ends at {@code to}. */
    static MetricsWindow ending(Instant to, Duration length) {
        Instant end = ceilMicros(to);
        return new MetricsWindow(ceilMicros(end.minus(length)), end);
    }

    Duration length() {
        return Duration.between(from, to);
    }

    /** The window of the same length just before this one. */
    MetricsWindow previous() {
        return new MetricsWindow(from.minus(length()), from);
    }

    /**
     * Reads the query parameters of a metrics request. {@code window} (a length such as 1h, 24h,
     * 7d, 30d, 2w, or ISO-8601 such as PT12H) ends at {@code to}, or now; {@code from} starts a
     * window that ends at {@code to}, or now. Neither: the default window ending now. A value
     * that does not parse, an empty or inverted range, a range longer than {@code maxLength},
     * or both {@code window} and {@code from}: a 400 naming the parameter.
     */
    public static MetricsWindow parse(String window, String from, String to, Instant now, Duration defaultLength,
            Duration maxLength) {
        List<FieldProblem> problems = new ArrayList<>();
        Duration length = window == null ? null : duration(window, problems);
        Instant start = from == null ? null : instant("from", from, problems);
        Instant end = to == null ? null : instant("to", to, problems);
        if (window != null && from != null) {
            problems.add(FieldProblem.of("window", "give either window or from, not both"));
        }
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        Instant until = ceilMicros(end == null ? now : end);
        if (start == null) {
            Duration span = length == null ? defaultLength : length;
            if (span.compareTo(maxLength) > 0) {
                throw invalid(List.of(FieldProblem.of("window", "may be at most " + format(maxLength))));
            }
            return ending(until, span);
        }
        Instant since = ceilMicros(start);
        if (!since.isBefore(until)) {
            throw invalid(List.of(FieldProblem.of("from", "must be before " + (end == null ? "now" : "to"))));
        }
        if (Duration.between(since, until).compareTo(maxLength) > 0) {
            throw invalid(List.of(FieldProblem.of("from", "the window from from to " + (end == null ? "now" : "to")
                    + " may be at most " + format(maxLength))));
        }
        return new MetricsWindow(since, until);
    }

    private static Duration duration(String text, List<FieldProblem> problems) {
        Duration length = null;
        Matcher simple = SIMPLE_DURATION.matcher(text);
        if (simple.matches()) {
            long amount = Long.parseLong(simple.group(1));
            length = switch (simple.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofDays(amount * 7);
            };
        } else if (text.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                length = Duration.parse(text);
            } catch (DateTimeException | ArithmeticException e) {
                length = null;
            }
        }
        if (length == null) {
            problems.add(FieldProblem.of("window", "must be a duration such as 1h, 24h, 7d or 30d"));
            return null;
        }
        if (length.isNegative() || length.compareTo(Duration.of(1, ChronoUnit.MICROS)) < 0) {
            problems.add(FieldProblem.of("window", "must be longer than zero"));
            return null;
        }
        return length;
    }

    private static Instant instant(String parameter, String text, List<FieldProblem> problems) {
        Instant value;
        try {
            value = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            problems.add(FieldProblem.of(parameter,
                    "must be an ISO-8601 instant with an offset, such as 2026-01-05T00:00:00Z"));
            return null;
        }
        if (value.isBefore(EARLIEST) || value.isAfter(LATEST)) {
            problems.add(FieldProblem.of(parameter, "must lie between the years 1 and 9999"));
            return null;
        }
        return value;
    }

    private static InvalidRequestException invalid(List<FieldProblem> problems) {
        return new InvalidRequestException("The metrics window is invalid.", problems);
    }

    /** The next instant at or after this one that the store can hold (microseconds). */
    static Instant ceilMicros(Instant instant) {
        Instant truncated = instant.truncatedTo(ChronoUnit.MICROS);
        return truncated.equals(instant) ? instant : truncated.plus(1, ChronoUnit.MICROS);
    }

    /** A duration as the simplest of 30d, 12h, 15m or 90s. */
    static String format(Duration duration) {
        long seconds = duration.getSeconds();
        if (duration.getNano() != 0) {
            return duration.toString();
        }
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
