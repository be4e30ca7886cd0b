package io.scorewatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class VolumeBucketTests {

    static long micros(String instant) {
        Instant at = Instant.parse(instant);
        return at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000;
    }

    @Test
    void hoursAreWholeUtcHoursFromTheOneHoldingTheStart() {
        Instant from = Instant.parse("2026-01-05T10:30:00.000001Z");
        Instant to = Instant.parse("2026-01-06T10:30:00.000001Z");
        long[] at = {micros("2026-01-05T10:30:00.000001Z"), micros("2026-01-05T10:59:59Z"),
            micros("2026-01-05T11:00:00Z"), micros("2026-01-06T10:30:00Z")};
        List<VolumeBucket> buckets = VolumeBucket.of(at, from, to, Duration.ofHours(1));
        assertThat(buckets).hasSize(25);
        assertThat(buckets.get(0)).isEqualTo(new VolumeBucket(Instant.parse("2026-01-05T10:00:00Z"), 2));
        assertThat(buckets.get(1)).isEqualTo(new VolumeBucket(Instant.parse("2026-01-05T11:00:00Z"), 1));
        assertThat(buckets.get(24)).isEqualTo(new VolumeBucket(Instant.parse("2026-01-06T10:00:00Z"), 1));
        assertThat(buckets.stream().mapToLong(VolumeBucket::count).sum()).isEqualTo(4);
    }

    @Test
    void daysAreUtcDaysAndAWindowEndingOnMidnightHasNoEmptyLastDay() {
        List<VolumeBucket> buckets = VolumeBucket.of(new long[] {micros("2026-01-02T23:59:59Z")},
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-04T00:00:00Z"), Duration.ofDays(1));
        assertThat(buckets).containsExactly(new VolumeBucket(Instant.parse("2026-01-01T00:00:00Z"), 0),
                new VolumeBucket(Instant.parse("2026-01-02T00:00:00Z"), 1),
                new VolumeBucket(Instant.parse("2026-01-03T00:00:00Z"), 0));
    }
}
