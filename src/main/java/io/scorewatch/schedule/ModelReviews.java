package io.scorewatch.schedule;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

import io.scorewatch.credit.ValidationArchive;
import io.scorewatch.drift.DriftRuns;
import io.scorewatch.model.ModelRegistry;
import io.scorewatch.performance.MetricsService;
import tools.jackson.databind.json.JsonMapper;

/** Monthly model reviews: made for the last complete month (UTC), stored, and read again. */
@Service
class ModelReviews {

    private static final Logger log = LoggerFactory.getLogger(ModelReviews.class);

    private final ModelRegistry models;
    private final MetricsService metrics;
    private final DriftRuns drift;
    private final MonitoringRuns monitoring;
    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final ValidationArchive validations;
    private final Clock clock;

    ModelReviews(ModelRegistry models, MetricsService metrics, DriftRuns drift, MonitoringRuns monitoring,
            JdbcTemplate jdbc, JsonMapper json, ValidationArchive validations, Clock clock) {
        this.validations = validations;
        this.models = models;
        this.metrics = metrics;
        this.drift = drift;
        this.monitoring = monitoring;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** Reviews the last complete calendar month. */
    ModelReview reviewLastMonth(String model, ValidationArchive.Origin origin) {
        return review(model, YearMonth.now(clock.withZone(ZoneOffset.UTC)).minusMonths(1), origin);
    }

    /**
     * Reviews the month and stores the month's validation report of the model's total with it (the
     * review links to it); a model without a master scale, or a month after the current one, has
     * none.
     */
    ModelReview review(String model, YearMonth month, ValidationArchive.Origin origin) {
        models.get(model);
        Long validationReport;
        try {
            validationReport = validations.store(model, month.toString(), null, origin).id();
        } catch (ErrorResponseException noValidation) {
            log.info("Model {}: review of {} without a validation report ({})", model, month,
                    noValidation.getBody().getDetail());
            validationReport = null;
        }
        Instant from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<ModelReview.MonitoringRunSummary> runs = monitoring.startedBetween(model, from, to).stream()
                .map(report -> new ModelReview.MonitoringRunSummary(report.id(), report.startedAt(),
                        report.drift().runId(), report.drift().driftShare(),
                        report.performance().performance().rocAuc(), report.retraining().shouldRetrain(),
                        report.retraining().reasons()))
                .toList();
        ModelReview review = new ModelReview(null, model, month.toString(), from, to, clock.instant(),
                metrics.compute(model, from, to), drift.history(model, from, to), runs, validationReport, null);
        return save(review);
    }

    Optional<ModelReview> find(String model, long id) {
        return jdbc.query("SELECT id, report FROM model_review WHERE model = ? AND id = ?",
                (rs, row) -> read(rs), model, id).stream().findFirst();
    }

    List<ModelReview> list(String model, int limit) {
        models.get(model);
        return jdbc.query("SELECT id, report FROM model_review WHERE model = ? ORDER BY window_from DESC, id DESC"
                + " FETCH FIRST " + limit + " ROWS ONLY",
                (rs, row) -> read(rs), model);
    }

    private ModelReview save(ModelReview review) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement ps = connection.prepareStatement("INSERT INTO model_review (model, created_at,"
                    + " window_from, window_to, report) VALUES (?, ?, ?, ?, ?)", new String[] {"id"});
            ps.setString(1, review.model());
            ps.setObject(2, review.createdAt().atOffset(ZoneOffset.UTC));
            ps.setObject(3, review.from().atOffset(ZoneOffset.UTC));
            ps.setObject(4, review.to().atOffset(ZoneOffset.UTC));
            ps.setBytes(5, json.writeValueAsBytes(review));
            return ps;
        }, key);
        return review.withId(key.getKey().longValue());
    }

    /** A stored review; its id is the row's (the review is stored before the id exists). */
    private ModelReview read(java.sql.ResultSet rs) throws java.sql.SQLException {
        return json.readValue(rs.getBytes(2), ModelReview.class).withId(rs.getLong(1));
    }
}
