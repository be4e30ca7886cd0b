package io.scorewatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The outbox's claims on a real store: leases end on the database's clock, whatever the
 * replica's clock says, and only the claim that sent a message records it delivered.
 */
@SpringBootTest
abstract class DeliveryClaimsContract {

    @Autowired
    Outbox outbox;

    @Autowired
    JdbcTemplate jdbc;

    static void configure(DynamicPropertyRegistry registry) {
        // no scheduled delivery or refresh: the test alone claims
        registry.add("scorewatch.alerting.delivery.interval", () -> "1h");
        registry.add("scorewatch.schedule.realtime", () -> "-");
    }

    @Test
    void aLeaseEndsOnTheDatabaseClockAndOnlyItsHolderRecordsTheOutcome() throws InterruptedException {
        // the replica's clock is a day behind: the message is due by the database's clock all the same
        long id = enqueue(Instant.now().minus(Duration.ofDays(1)));
        assertThat(outbox.due(100)).contains(id);

        Outbox.Message first = outbox.claim(id, Duration.ofMinutes(2)).orElseThrow();
        OffsetDateTime claimedUntil = jdbc.queryForObject("SELECT claimed_until FROM alert_notification WHERE id = ?",
                OffsetDateTime.class, id);
        OffsetDateTime databaseNow = jdbc.queryForObject("SELECT CURRENT_TIMESTAMP", OffsetDateTime.class);
        assertThat(Duration.between(databaseNow, claimedUntil)).isBetween(Duration.ofSeconds(110),
                Duration.ofSeconds(121));
        // held: no other replica sees it due or takes it
        assertThat(outbox.due(100)).doesNotContain(id);
        assertThat(outbox.claim(id, Duration.ofMinutes(2))).isEmpty();
        assertThat(outbox.delivered(first)).isTrue();
        assertThat(state(id)).isEqualTo("delivered");
        assertThat(outbox.claim(id, Duration.ofMinutes(2))).isEmpty();

        // a claim runs out while its holder is still sending: another replica takes the message over
        long second = enqueue(Instant.now());
        Outbox.Message slow = outbox.claim(second, Duration.ofMillis(200)).orElseThrow();
        Outbox.Message takeover = await(() -> outbox.claim(second, Duration.ofMinutes(2)));
        assertThat(takeover.claimToken()).isNotEqualTo(slow.claimToken());
        assertThat(takeover.attempts()).isEqualTo(2);
        // the first holder's answer comes late: it records nothing
        assertThat(outbox.delivered(slow)).isFalse();
        assertThat(outbox.failed(slow, "timed out", Duration.ofSeconds(5))).isFalse();
        assertThat(state(second)).isEqualTo("pending");
        assertThat(jdbc.queryForObject("SELECT last_error FROM alert_notification WHERE id = ?", String.class, second))
                .isNull();
        // the holder of the claim records the outcome
        assertThat(outbox.failed(takeover, "Slack answered 503", Duration.ofMinutes(10))).isTrue();
        assertThat(outbox.due(100)).doesNotContain(second);
        OffsetDateTime next = jdbc.queryForObject("SELECT next_attempt_at FROM alert_notification WHERE id = ?",
                OffsetDateTime.class, second);
        OffsetDateTime now = jdbc.queryForObject("SELECT CURRENT_TIMESTAMP", OffsetDateTime.class);
        assertThat(Duration.between(now, next)).isBetween(Duration.ofSeconds(590), Duration.ofSeconds(601));
        assertThat(outbox.delivered(takeover)).isFalse();
    }

    private long enqueue(Instant createdAt) {
        outbox.enqueue(null, "credit-scoring", "event", Channel.LOG, Severity.INFO, "subject", "body", createdAt);
        return jdbc.queryForObject("SELECT MAX(id) FROM alert_notification", Long.class);
    }

    private String state(long id) {
        return jdbc.queryForObject("SELECT state FROM alert_notification WHERE id = ?", String.class, id);
    }

    private static <T> T await(java.util.function.Supplier<Optional<T>> condition) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(condition::get, Optional::isPresent).get();
    }
}
