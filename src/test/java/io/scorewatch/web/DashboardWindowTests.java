package io.scorewatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.scorewatch.config.InvalidRequestException;

class DashboardWindowTests {

    static final Instant NOW = Instant.parse("2026-03-10T12:00:00.1234567Z");
    static final Duration WEEK = Duration.ofDays(7);
    static final Duration MAX = Duration.ofDays(366);

    @Test
    void aLengthEndsNowAtTheStoresResolution() {
        DashboardWindow window = DashboardWindow.parse("24h", NOW, WEEK, MAX);
        assertThat(window.to()).isEqualTo(Instant.parse("2026-03-10T12:00:00.123457Z"));
        assertThat(window.from()).isEqualTo(Instant.parse("2026-03-09T12:00:00.123457Z"));
        assertThat(window.label()).isEqualTo("24h");
        assertThat(window.previous().to()).isEqualTo(window.from());
        assertThat(window.previous().from()).isEqualTo(Instant.parse("2026-03-08T12:00:00.123457Z"));
        assertThat(DashboardWindow.parse("30d", NOW, WEEK, MAX).length()).isEqualTo(Duration.ofDays(30));
        assertThat(DashboardWindow.parse("2w", NOW, WEEK, MAX).length()).isEqualTo(Duration.ofDays(14));
        assertThat(DashboardWindow.parse("PT12H", NOW, WEEK, MAX).length()).isEqualTo(Duration.ofHours(12));
        DashboardWindow fallback = DashboardWindow.parse(null, NOW, WEEK, MAX);
        assertThat(fallback.length()).isEqualTo(WEEK);
        assertThat(fallback.label()).isEqualTo("7d");
    }

    @Test
    void anUnreadableTooShortOrTooLongWindowIsABadRequestNamingIt() {
        for (String window : new String[] {"soon", "0h", "30m", "367d", "-P1D", "7 d"}) {
            assertThatThrownBy(() -> DashboardWindow.parse(window, NOW, WEEK, MAX)).as(window)
                    .isInstanceOfSatisfying(InvalidRequestException.class,
                            e -> assertThat(e.problems()).singleElement()
                                    .satisfies(p -> assertThat(p.field()).isEqualTo("window")));
        }
    }
}
