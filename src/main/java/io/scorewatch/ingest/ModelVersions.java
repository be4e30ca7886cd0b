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
     * The {@code model_version} of the model's latest prediction that names one, if any. The
     * order names the model too, so that H2 as PostgreSQL walks the window index backwards and
     * stops at the first row with a version instead of sorting the model's predictions.
     */
    public Optional<String> latest(String model) {
        return jdbc.queryForList("SELECT model_version FROM prediction WHERE model = ? AND model_version IS NOT NULL"
                + " ORDER BY model DESC, predicted_at DESC FETCH FIRST 1 ROWS ONLY", String.class, model).stream()
                .findFirst();
    }
}
