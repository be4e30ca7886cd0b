package io.scorewatch.schedule;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

import io.scorewatch.alerting.AlertOutcome;
import io.scorewatch.alerting.Alerting;
import io.scorewatch.drift.DriftRunCompleted;
import io.scorewatch.drift.DriftRuns;
import io.scorewatch.model.ModelRegistry;
import io.scorewatch.performance.MetricsService;
import io.scorewatch.performance.ModelMetrics;
import io.scorewatch.retraining.RetrainingCheck;
import io.scorewatch.retraining.RetrainingRequested;
import tools.jackson.databind.json.JsonMapper;

/**
 * The monitoring guide's complete monitoring script for one model, now: (1) feature drift over the default
 * window, (2) performance evaluation over the same window, (3) the retraining check (asking for
 * retraining when it says so), (4) the alert rules against these values. The report is stored
 * and can be read again.
 */
@Service
class MonitoringRuns {

    private final ModelRegistry models;
    private final DriftRuns drift;
    private final MetricsService metrics;
    private final RetrainingCheck retraining;
    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final Duration window;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final Alerting alerting;

    MonitoringRuns(ModelRegistry models, DriftRuns drift, MetricsService metrics, RetrainingCheck retraining,
            JdbcTemplate jdbc, JsonMapper json, @Value("${scorewatch.drift.default-window:7d}") Duration window,
            Clock clock, ApplicationEventPublisher events, Alerting alerting) {
        this.models = models;
        this.drift = drift;
        this.metrics = metrics;
        this.retraining = retraining;
        this.jdbc = jdbc;
        this.json = json;
        this.window = window;
        this.clock = clock;
        this.events = events;
        this.alerting = alerting;
    }

    MonitoringReport run(String model) {
        models.get(model);
        Instant startedAt = clock.instant();
        Instant to = startedAt.truncatedTo(ChronoUnit.MICROS);
        Instant from = to.minus(window);
        MonitoringReport.Drift driftStep;
        DriftRunCompleted run = null;
        try {
            run = drift.runDefaultWindow(model);
            driftStep = new MonitoringReport.Drift(run.runId(), run.driftedFeatures(), run.driftShare(),
                    finite(run.predictionDriftPValue()), run.predictionDrifted(), finite(run.targetDriftPValue()),
                    run.targetDrifted(), null);
        } catch (ErrorResponseException nothingToCompare) {
            driftStep = new MonitoringReport.Drift(null, null, null, null, null, null, null,
                    nothingToCompare.getBody().getDetail());
        }
        ModelMetrics performance = metrics.compute(model, from, to);
        RetrainingCheck.Decision decision = retraining.decide(performance.performance().rocAuc(),
                driftStep.driftShare());
        List<AlertOutcome> alerts = alerting.evaluate(performance, run, "monitoring-run");
        MonitoringReport report = new MonitoringReport(null, model, startedAt, clock.instant(), from, to, driftStep,
                performance, decision, alerts);
        MonitoringReport saved = save(report);
        if (decision.shouldRetrain()) {
            events.publishEvent(new RetrainingRequested(model, decision.reasons(), "monitoring-run:" + saved.id()));
        }
        return saved;
    }

    Optional<MonitoringReport> find(String model, long id) {
        return jdbc.query("SELECT id, report FROM monitoring_run WHERE model = ? AND id = ?",
                (rs, row) -> read(rs), model, id).stream().findFirst();
    }

    List<MonitoringReport> list(String model, int limit) {
        models.get(model);
        return jdbc.query("SELECT id, report FROM monitoring_run WHERE model = ? ORDER BY started_at DESC, id DESC"
                + " FETCH FIRST " + limit + " ROWS ONLY",
                (rs, row) -> read(rs), model);
    }

    /** The reports of runs started in [from, to), oldest first. */
    List<MonitoringReport> startedBetween(String model, Instant from, Instant to) {
        return jdbc.query("SELECT id, report FROM monitoring_run WHERE model = ? AND started_at >= ? AND started_at < ?"
                + " ORDER BY started_at, id", (rs, row) -> read(rs),
                model, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC));
    }

    private MonitoringReport save(MonitoringReport report) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement ps = connection.prepareStatement("INSERT INTO monitoring_run (model, started_at,"
                    + " finished_at, report) VALUES (?, ?, ?, ?)", new String[] {"id"});
            ps.setString(1, report.model());
            ps.setObject(2, report.startedAt().atOffset(ZoneOffset.UTC));
            ps.setObject(3, report.finishedAt().atOffset(ZoneOffset.UTC));
            ps.setBytes(4, json.writeValueAsBytes(report));
            return ps;
        }, key);
        return report.withId(key.getKey().longValue());
    }

    /** A stored report; its id is the row's (the report is stored before the id exists). */
    private MonitoringReport read(java.sql.ResultSet rs) throws java.sql.SQLException {
        return json.readValue(rs.getBytes(2), MonitoringReport.class).withId(rs.getLong(1));
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
