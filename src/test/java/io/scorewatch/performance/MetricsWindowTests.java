package io.scorewatch.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.scorewatch.config.FieldProblem;
import io.scorewatch.config.InvalidRequestException;

/** Reading the window parameters of a metrics request. */
class MetricsWindowTests {

    private static final Instant NOW = Instant.parse("2026-03-15T12:30:00.123456Z");
    private static final Duration DEFAULT = Duration.ofDays(7);
    private static final Duration MAX = Duration.ofDays(366);

    private static MetricsWindow parse(String window, String from, String to) {
        return MetricsWindow.parse(window, from, to, NOW, DEFAULT, MAX);
    }

    @Test
    void withoutParametersTheDefaultWindowEndsNow() {
        assertThat(parse(null, null, null))
                .isEqualTo(new MetricsWindow(NOW.minus(DEFAULT), NOW));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({ "1h, PT1H", "24h, PT24H", "7d, PT168H", "30d, PT720H", "2w, PT336H", "90m, PT90M", "45s, PT45S",
            "PT12H, PT12H", "P3D, PT72H" })
    void aWindowIsADurationEndingNow(String window, Duration expected) {
        MetricsWindow parsed = parse(window, null, null);
        assertThat(parsed.to()).isEqualTo(NOW);
        assertThat(parsed.length()).isEqualTo(expected);
    }

    @Test
    void aWindowEndsAtToWhenGiven() {
        assertThat(parse("1d", null, "2026-01-02T00:00:00Z")).isEqualTo(new MetricsWindow(
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-02T00:00:00Z")));
    }

    @Test
    void fromAndToAreInstantsWithAnOffset() {
        assertThat(parse(null, "2026-01-01T01:00:00+01:00", "2026-01-08T00:00:00Z")).isEqualTo(new MetricsWindow(
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-08T00:00:00Z")));
        assertThat(parse(null, "2026-03-01T00:00:00Z", null).to()).isEqualTo(NOW);
    }

    @Test
    void boundsAreRoundedUpToTheStoresMicroseconds() {
        // a row at .000001 is >= .0000005 and a row at .000001 is not < .0000005: rounding up keeps both true
        MetricsWindow window = parse(null, "2026-01-01T00:00:00.0000005Z", "2026-01-02T00:00:00.0000005Z");
        assertThat(window.from()).isEqualTo(Instant.parse("2026-01-01T00:00:00.000001Z"));
        assertThat(window.to()).isEqualTo(Instant.parse("2026-01-02T00:00:00.000001Z"));
        assertThat(MetricsWindow.ending(Instant.parse("2026-01-02T00:00:00.0000001Z"), Duration.ofDays(1)).to())
                .isEqualTo(Instant.parse("2026-01-02T00:00:00.000001Z"));
    }

    @Test
    void thePreviousWindowHasTheSameLengthAndEndsWhereThisStarts() {
        MetricsWindow window = parse(null, "2026-01-08T00:00:00Z", "2026-01-15T00:00:00Z");
        assertThat(window.previous()).isEqualTo(new MetricsWindow(Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-08T00:00:00Z")));
    }

    @ParameterizedTest(name = "window={0} from={1} to={2} -> {3}")
    @CsvSource(nullValues = "-", value = {
            "seven, -, -, window",
            "'', -, -, window",
            "0d, -, -, window",
            "-1d, -, -, window",
            "7 d, -, -, window",
            "PT0S, -, -, window",
            "P-1D, -, -, window",
            "367d, -, -, window",
            "7d, 2026-01-01T00:00:00Z, -, window",
            "-, yesterday, -, from",
            "-, 2026-01-01T00:00:00, -, from",
            "-, 2026-01-01, -, from",
            "-, 2026-01-01T00:00:00Z, soon, to",
            "-, 2026-01-08T00:00:00Z, 2026-01-01T00:00:00Z, from",
            "-, 2026-01-01T00:00:00Z, 2026-01-01T00:00:00Z, from",
            "-, 2026-04-01T00:00:00Z, -, from",
            "-, 2024-01-01T00:00:00Z, 2026-01-01T00:00:00Z, from",
            "-, +10000-01-01T00:00:00Z, +10000-01-02T00:00:00Z, from",
            "-, -0001-01-01T00:00:00Z, 0001-01-02T00:00:00Z, from" })
    void invalidParametersAreNamed(String window, String from, String to, String field) {
        assertThatThrownBy(() -> parse(window, from, to)).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.problems()).extracting(FieldProblem::field).contains(field));
    }

    @Test
    void everyUnreadableParameterIsReportedAtOnce() {
        assertThatThrownBy(() -> parse("x", "y", "z")).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.problems()).extracting(FieldProblem::field).contains("window", "from", "to"));
    }

    @Test
    void durationsAreShownInTheirSimplestUnit() {
        assertThat(MetricsWindow.format(Duration.ofDays(366))).isEqualTo("366d");
        assertThat(MetricsWindow.format(Duration.ofHours(36))).isEqualTo("36h");
        assertThat(MetricsWindow.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(MetricsWindow.format(Duration.ofSeconds(61))).isEqualTo("61s");
    }
}
