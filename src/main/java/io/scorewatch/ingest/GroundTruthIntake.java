package io.scorewatch.ingest;

import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.scorewatch.config.FieldProblem;
import io.scorewatch.config.InvalidRequestException;
import io.scorewatch.model.ModelRegistry;

/**
 * Accepts real outcomes. Every label is stored (all or nothing per request) and joined at once
 * when its prediction is stored; otherwise it waits for it (see {@link LabelJoin}).
 */
@Service
class GroundTruthIntake {

    private final JdbcTemplate jdbc;
    private final LabelJoin join;
    private final ModelRegistry models;
    private final ClientIdHasher clientIds;
    private final IngestProperties limits;
    private final TimestampParser timestamps;
    private final TransactionTemplate transaction;
    private final Clock clock;

    GroundTruthIntake(JdbcTemplate jdbc, LabelJoin join, ModelRegistry models, ClientIdHasher clientIds,
            IngestProperties limits, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.join = join;
        this.models = models;
        this.clientIds = clientIds;
        this.limits = limits;
        this.timestamps = new TimestampParser(limits.localTimestampZone());
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** One label's fate: its id, and the prediction it joined (absent while it waits). */
    record LabelAccepted(long labelId, boolean joined, String predictionId) {
    }

    record Accepted(int accepted, int joined, int waiting, List<LabelAccepted> labels) {
    }

    Accepted accept(List<GroundTruthRequest> requests, boolean batch) {
        limits.checkBatchSize(requests.size());
        List<FieldProblem> problems = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            for (FieldProblem problem : validate(requests.get(i))) {
                problems.add(batch ? problem.at(i) : problem);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The ground truth is invalid; nothing was stored.", problems);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<LabelAccepted> results = transaction.execute(status -> {
            List<LabelAccepted> accepted = new ArrayList<>();
            for (GroundTruthRequest request : requests) {
                LabelJoin.Label label = insert(request, now);
                Optional<String> prediction = join.join(label);
                accepted.add(new LabelAccepted(label.id(), prediction.isPresent(), prediction.orElse(null)));
            }
            return accepted;
        });
        int joined = (int) results.stream().filter(LabelAccepted::joined).count();
        return new Accepted(results.size(), joined, results.size() - joined, results);
    }

    /** Field problems of one label; an empty list when it can be stored. */
    List<FieldProblem> validate(GroundTruthRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        if (request == null) {
            problems.add(FieldProblem.of("$", "must be a JSON object"));
            return problems;
        }
        if (request.predictionId() == null && request.clientId() == null) {
            problems.add(FieldProblem.of("prediction_id", "prediction_id or client_id is required"));
        }
        checkId(problems, "prediction_id", request.predictionId());
        checkId(problems, "client_id", request.clientId());
        if (request.actualDefault() == null) {
            problems.add(FieldProblem.of("actual_default", "is required"));
        } else if (request.actualDefault() != 0.0 && request.actualDefault() != 1.0) {
            problems.add(FieldProblem.of("actual_default", "must be 0 or 1, was " + request.actualDefault()));
        }
        Double days = request.daysToDefault();
        if (days != null && !(days >= 0 && days <= 100_000 && days == Math.rint(days))) {
            problems.add(FieldProblem.of("days_to_default", "must be a whole number of days >= 0"));
        }
        if (request.timestamp() != null) {
            timestamps.parse(request.timestamp()).ifPresentOrElse(
                    at -> limits.futureProblem("timestamp", at, clock.instant()).ifPresent(problems::add),
                    () -> problems.add(FieldProblem.of("timestamp", "is not an ISO-8601 date-time")));
        }
        if (request.model() != null && models.find(request.model()).isEmpty()) {
            problems.add(FieldProblem.of("model", "unknown model"));
        }
        return problems;
    }

    private static void checkId(List<FieldProblem> problems, String field, String value) {
        if (value != null && (value.isBlank() || value.length() > 100
                || value.chars().anyMatch(Character::isISOControl))) {
            problems.add(FieldProblem.of(field, "must be 1 to 100 printable characters"));
        }
    }

    private LabelJoin.Label insert(GroundTruthRequest request, Instant now) {
        Instant observedAt = request.timestamp() == null ? now
                : timestamps.parse(request.timestamp()).orElseThrow().truncatedTo(ChronoUnit.MICROS);
        String clientHash = clientIds.hash(request.clientId());
        int actual = request.actualDefault().intValue();
        Integer days = request.daysToDefault() == null ? null : request.daysToDefault().intValue();
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement ps = connection.prepareStatement("INSERT INTO ground_truth (model, prediction_id,"
                    + " client_hash, actual_default, days_to_default, observed_at, received_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)", new String[] {"id"});
            ps.setString(1, request.model());
            ps.setString(2, request.predictionId());
            ps.setString(3, clientHash);
            ps.setShort(4, (short) actual);
            if (days == null) {
                ps.setNull(5, Types.INTEGER);
            } else {
                ps.setInt(5, days);
            }
            ps.setObject(6, PredictionStore.utc(observedAt));
            ps.setObject(7, PredictionStore.utc(now));
            return ps;
        }, key);
        long id = key.getKey().longValue();
        return new LabelJoin.Label(id, request.model(), request.predictionId(), clientHash, actual, days, observedAt);
    }

}
