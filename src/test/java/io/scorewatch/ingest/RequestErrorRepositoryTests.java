package io.scorewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;

/** The JPA mapping of request errors against the Flyway schema (ddl-auto=validate). */
@DataJpaTest
class RequestErrorRepositoryTests {

    @Autowired
    RequestErrorRepository errors;

    @Test
    void countsAWindowFromInclusiveToExclusive() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        errors.save(new RequestError("credit-scoring", "validation", 422, t, t));
        errors.save(new RequestError("credit-scoring", "prediction", 500, t.plusSeconds(60), t));
        errors.save(new RequestError("other", "prediction", 500, t, t));

        assertThat(errors.countByModelAndOccurredAtGreaterThanEqualAndOccurredAtLessThan("credit-scoring", t,
                t.plusSeconds(60))).isEqualTo(1);
        assertThat(errors.countByModelAndOccurredAtGreaterThanEqualAndOccurredAtLessThan("credit-scoring", t,
                t.plusSeconds(61))).isEqualTo(2);
    }
}
