package io.scorewatch.ingest;

import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The model versions the model API reports with its predictions. */
@Component
public class ModelVersions {

    private final JdbcTemplate jdbc;

    ModelVersions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The {@code model_version} of the model's prediction received last that names one, if any:
     * the order of receipt, never the timestamp the model API wrote, so that a prediction dated
     * ahead (or a late back-fill) cannot decide the version an action names. A row's id is given
     * as the row is inserted, on receipt, so the primary key walked backwards is the order of
     * receipt, and the walk stops at the first row of the model with a version.
     */
    public Optional<String> latest(String model) {
        return jdbc.queryForList("SELECT model_version FROM prediction WHERE model = ? AND model_version IS NOT NULL"
                + " ORDER BY id DESC FETCH FIRST 1 ROWS ONLY", String.class, model).stream()
                .findFirst();
    }
}
