package io.scorewatch.ingest;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.scorewatch.config.FieldProblem;
import io.scorewatch.config.InvalidRequestException;
import io.scorewatch.model.ModelRegistry;

/** Stores the model API's failed requests and counts them in {@code credit_scoring_errors_total}. */
@Service
class RequestErrorIntake {

    private static final Pattern ERROR_TYPE = Pattern.compile("[a-z0-9_]{1,50}");

    private final RequestErrorRepository errors;
    private final ModelRegistry models;
    private final IngestMeters meters;
    private final TimestampParser timestamps;
    private final IngestProperties limits;
    private final Clock clock;

    RequestErrorIntake(RequestErrorRepository errors, ModelRegistry models, IngestMeters meters,
            IngestProperties properties, Clock clock) {
        this.errors = errors;
        this.models = models;
        this.meters = meters;
        this.timestamps = new TimestampParser(properties.localTimestampZone());
        this.limits = properties;
        this.clock = clock;
    }

    @Transactional
    RequestError accept(RequestErrorRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        if (request.errorType() == null) {
            problems.add(FieldProblem.of("error_type", "is required"));
        } else if (!ERROR_TYPE.matcher(request.errorType()).matches()) {
            problems.add(FieldProblem.of("error_type", "must be 1 to 50 characters a-z, 0-9 or _"));
        }
        if (request.status() != null && (request.status() < 400 || request.status() > 599)) {
            problems.add(FieldProblem.of("status", "must be an HTTP error status (400 to 599)"));
        }
        if (request.timestamp() != null) {
            timestamps.parse(request.timestamp()).ifPresentOrElse(
                    at -> limits.futureProblem("timestamp", at, clock.instant()).ifPresent(problems::add),
                    () -> problems.add(FieldProblem.of("timestamp", "is not an ISO-8601 date-time")));
        }
        if (request.model() != null && models.find(request.model()).isEmpty()) {
            problems.add(FieldProblem.of("model", "unknown model"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The request error is invalid; nothing was stored.", problems);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant occurredAt = request.timestamp() == null ? now
                : timestamps.parse(request.timestamp()).orElseThrow().truncatedTo(ChronoUnit.MICROS);
        String model = models.resolve(request.model()).name();
        RequestError saved = errors.saveAndFlush(new RequestError(model, request.errorType(), request.status(),
                occurredAt, now));
        meters.requestError(model, request.errorType());
        return saved;
    }
}
