package io.scorewatch.ingest;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids for predictions posted without one: UUIDs of version 7 (RFC 9562), whose first 48 bits are
 * the Unix time in milliseconds and the rest random. Ids given out one after another sort one
 * after another, so the unique index on prediction ids takes each new one at its end rather than
 * at a random page: a batch of new predictions touches a few index pages instead of one a
 * prediction.
 */
final class TimeOrderedIds {

    private final Clock clock;

    TimeOrderedIds(Clock clock) {
        this.clock = clock;
    }

    String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long millis = clock.millis();
        long high = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
