package io.scorewatch.ingest;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The model versions the model API reports with its predictions. */
@Component
public class ModelVersions {

    private static final int PAGE = 1_000;

    private final JdbcTemplate jdbc;

    ModelVersions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private record Row(long id, String model, String version) {
    }

    /**
     * The {@code model_version} of the model's prediction received last that names one, if any,
     * of the champion (a challenger's shadow prediction never names the version in force):
     * the order of receipt, never the timestamp the model API wrote, so that a prediction dated
     * ahead (or a late back-fill) cannot decide the version an action names. A row's id is given
     * as the row is inserted, on receipt, so the primary key walked backwards is the order of
     * receipt. The walk goes a page at a time and stops at the model's first row with a version;
     * the model is compared here rather than in the query, which would make H2 read the model's
     * rows through its window index and sort them all.
     */
    public Optional<String> latest(String model) {
        long before = Long.MAX_VALUE;
        while (true) {
            List<Row> page = jdbc.query("SELECT id, model, model_version FROM prediction WHERE id < ?"
                    + " AND model_version IS NOT NULL AND shadow_of IS NULL ORDER BY id DESC FETCH FIRST " + PAGE + " ROWS ONLY",
                    (rs, row) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3)), before);
            for (Row row : page) {
                if (row.model().equals(model)) {
                    return Optional.of(row.version());
                }
            }
            if (page.size() < PAGE) {
                return Optional.empty();
            }
            before = page.get(page.size() - 1).id();
        }
    }
}
