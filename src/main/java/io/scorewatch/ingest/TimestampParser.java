package io.scorewatch.ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * Reads the ISO-8601 timestamps model APIs write: with an offset or {@code Z}
 * ({@code 2025-12-08T10:30:00+01:00}), without one as Python's {@code isoformat()} writes them
 * ({@code 2025-12-08T10:30:00.123456}, read in the configured zone), with a space instead of
 * {@code T}, or a plain date (midnight).
 */
final class TimestampParser {

    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .toFormatter();

    /** Offsets as {@code +01:00}, {@code Z}, or {@code +0100}. */
    private static final List<DateTimeFormatter> WITH_OFFSET = List.of(
            new DateTimeFormatterBuilder().append(LOCAL).appendOffset("+HH:MM:ss", "Z").toFormatter(),
            new DateTimeFormatterBuilder().append(LOCAL).appendOffset("+HHMM", "Z").toFormatter());

    private final ZoneId localZone;

    TimestampParser(ZoneId localZone) {
        this.localZone = localZone;
    }

    /** Stores take years 1 to 9999 (ISO-8601's four-digit years); others are rejected. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant END = Instant.parse("+10000-01-01T00:00:00Z");

    /** The instant, or empty when the text is not a date-time within years 1 to 9999 (UTC). */
    Optional<Instant> parse(String text) {
        return parseAny(text).filter(instant -> !instant.isBefore(EARLIEST) && instant.isBefore(END));
    }

    private Optional<Instant> parseAny(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.strip();
        if (value.isEmpty() || value.length() > 64) {
            return Optional.empty();
        }
        for (DateTimeFormatter format : WITH_OFFSET) {
            try {
                return Optional.of(OffsetDateTime.parse(value, format).toInstant());
            } catch (DateTimeParseException otherFormat) {
                // try the next
            }
        }
        try {
            return Optional.of(LocalDateTime.parse(value, LOCAL).atZone(localZone).toInstant());
        } catch (DateTimeParseException notDateTime) {
            // fall through
        }
        try {
            return Optional.of(LocalDate.parse(value).atStartOfDay(localZone).toInstant());
        } catch (DateTimeParseException notDate) {
            return Optional.empty();
        }
    }
}
