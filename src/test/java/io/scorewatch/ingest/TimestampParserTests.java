package io.scorewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampParserTests {

    private final TimestampParser utc = new TimestampParser(ZoneOffset.UTC);

    @ParameterizedTest
    @CsvSource({
            "2025-12-08T10:30:00.123456,       2025-12-08T10:30:00.123456Z",
            "2025-12-08T10:30:00,              2025-12-08T10:30:00Z",
            "2025-12-08 10:30:00,              2025-12-08T10:30:00Z",
            "2025-12-08T10:30,                 2025-12-08T10:30:00Z",
            "2025-12-08T10:30:00Z,             2025-12-08T10:30:00Z",
            "2025-12-08T10:30:00.5+01:00,      2025-12-08T09:30:00.5Z",
            "2025-12-08T10:30:00-0500,         2025-12-08T15:30:00Z",
            "2025-12-08,                       2025-12-08T00:00:00Z" })
    void readsTheTimestampsModelApisWrite(String text, String expected) {
        assertThat(utc.parse(text)).contains(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "2025-13-01T00:00:00", "2025-12-08T25:00:00", "1733650000",
            "2025-12-08T10:30:00+25:00", "+999999999-12-31T23:59:59Z", "0000-06-01T00:00:00Z", "-0001-01-01"})
    void rejectsWhatIsNotADateTime(String text) {
        assertThat(utc.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"2025-07-01T12:00:00, 2025-07-01T10:00:00Z", "2025-01-01T12:00:00, 2025-01-01T11:00:00Z"})
    void aTimestampWithoutOffsetIsReadInTheConfiguredZone(String text, String expected) {
        assertThat(new TimestampParser(ZoneId.of("Europe/Paris")).parse(text)).contains(Instant.parse(expected));
    }
}
