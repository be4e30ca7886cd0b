package io.scorewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class TimeOrderedIdsTests {

    @Test
    void idsAreVersion7UuidsCarryingTheirMillisecondAndSortByIt() {
        Instant first = Instant.parse("2026-12-04T10:00:00.123Z");
        String earlier = new TimeOrderedIds(Clock.fixed(first, ZoneOffset.UTC)).next();
        String later = new TimeOrderedIds(Clock.fixed(first.plusMillis(1), ZoneOffset.UTC)).next();

        UUID id = UUID.fromString(earlier);
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(first.toEpochMilli());
        assertThat(earlier).isLessThan(later);
    }

    @Test
    void idsOfOneMillisecondDiffer() {
        TimeOrderedIds ids = new TimeOrderedIds(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertThat(seen.add(ids.next())).isTrue();
        }
    }
}
