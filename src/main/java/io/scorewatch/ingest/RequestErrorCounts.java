package io.scorewatch.ingest;

import java.time.Instant;

import org.springframework.stereotype.Component;

/** Counts the failed requests the model API reported, for other features. */
@Component
public class RequestErrorCounts {

    private final RequestErrorRepository errors;

    RequestErrorCounts(RequestErrorRepository errors) {
        this.errors = errors;
    }

    /** Errors of the model that occurred in [from, to). */
    public long count(String model, Instant from, Instant to) {
        return errors.countByModelAndOccurredAtGreaterThanEqualAndOccurredAtLessThan(model, from, to);
    }
}
