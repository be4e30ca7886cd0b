package io.scorewatch.credit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;

import io.scorewatch.model.ModelRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stored validation reports: each one the report's JSON as it was made (with the thresholds,
 * master scale and versions that judged its figures), written once and never changed. The
 * monthly job stores one per model for the last complete month; an admin stores one on demand.
 */
@Service
public class ValidationArchive {

    private static final String COLUMNS = "id, model, segment, period, origin, created_at";

    private final ModelRegistry models;
    private final ValidationReports reports;
    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final Clock clock;

    ValidationArchive(ModelRegistry models, ValidationReports reports, JdbcTemplate jdbc, JsonMapper json,
            Clock clock) {
        this.models = models;
        this.reports = reports;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** Who made a stored report. */
    public enum Origin {
        /** The monthly job. */
        SCHEDULED,
        /** An admin's request. */
        ON_DEMAND;

        String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A stored report without its content.
     *
     * @param page the printable page of the stored report
     * @param json the stored report's JSON
     */
    public record Entry(long id, String model, String segment, String period, String origin, Instant createdAt,
            String page, String json) {
    }

    /** A stored report: its entry's fields and the report's JSON as stored. */
    public record Stored(long id, String model, String segment, String period, String origin, Instant createdAt,
            String page, String json, JsonNode report) {

        Stored(Entry entry, JsonNode report) {
            this(entry.id(), entry.model(), entry.segment(), entry.period(), entry.origin(), entry.createdAt(),
                    entry.page(), entry.json(), report);
        }
    }

    /** The printable page of stored report {@code id}. */
    public static String page(long id) {
        return "/reports/validation-reports/" + id;
    }

    /**
     * Makes the validation of the period (YYYY-MM) and segment and stores it. A bad parameter is a
     * 400 naming it and stores nothing; an unknown model a 404.
     */
    public Entry store(String model, String period, String segment, Origin origin) {
        Validation validation = reports.validation(model, period, segment);
        Instant createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        byte[] content = json.writeValueAsBytes(validation);
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement ps = connection.prepareStatement("INSERT INTO validation_report (model, segment,"
                    + " period, origin, created_at, report) VALUES (?, ?, ?, ?, ?, ?)", new String[] {"id"});
            ps.setString(1, validation.model());
            ps.setString(2, validation.segment());
            ps.setString(3, validation.period());
            ps.setString(4, origin.value());
            ps.setObject(5, createdAt.atOffset(ZoneOffset.UTC));
            ps.setBytes(6, content);
            return ps;
        }, key);
        return entry(key.getKey().longValue(), validation.model(), validation.segment(), validation.period(),
                origin.value(), createdAt);
    }

    /** The model's stored reports, newest period first (then newest first), optionally of one period. */
    public List<Entry> list(String model, String period, int limit) {
        models.get(model);
        List<Object> arguments = new ArrayList<>(List.of(model));
        String where = "model = ?";
        if (period != null) {
            where += " AND period = ?";
            arguments.add(period);
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM validation_report WHERE " + where
                + " ORDER BY period DESC, id DESC FETCH FIRST " + limit + " ROWS ONLY",
                (rs, row) -> entry(rs), arguments.toArray());
    }

    /** A stored report of the model. */
    public Optional<Stored> find(String model, long id) {
        return jdbc.query("SELECT " + COLUMNS + ", report FROM validation_report WHERE model = ? AND id = ?",
                (rs, row) -> new Stored(entry(rs), json.readTree(rs.getBytes(7))), model, id).stream().findFirst();
    }

    /** A stored report, whichever its model. */
    public Optional<Stored> find(long id) {
        return jdbc.query("SELECT " + COLUMNS + ", report FROM validation_report WHERE id = ?",
                (rs, row) -> new Stored(entry(rs), json.readTree(rs.getBytes(7))), id).stream().findFirst();
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getObject(6, java.time.OffsetDateTime.class).toInstant());
    }

    private static Entry entry(long id, String model, String segment, String period, String origin,
            Instant createdAt) {
        return new Entry(id, model, segment, period, origin, createdAt, page(id),
                "/api/v1/models/" + model + "/validation-reports/" + id);
    }
}
