package io.scorewatch.credit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.scorewatch.segment.Segment;
import io.scorewatch.segment.SegmentSlots;

/**
 * Reads what the credit validation needs of a window's predictions: time, probability, outcome,
 * days to default and client hash. Read-only; the segment read joins the segment index's rows of
 * that value to their predictions, as the window reader does.
 */
@Component
class CreditRows {

    private static final int FETCH_SIZE = 5_000;

    private final JdbcTemplate jdbc;

    private final SegmentSlots slots;

    CreditRows(JdbcTemplate jdbc, SegmentSlots slots) {
        this.slots = slots;
        JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
        streaming.setFetchSize(FETCH_SIZE);
        this.jdbc = streaming;
    }

    /**
     * One prediction.
     *
     * @param predictedAt   when it was made
     * @param probability   the predicted probability of default
     * @param label         1 defaulted, 0 did not, -1 not known yet
     * @param daysToDefault days from the prediction to the default, null when not given
     * @param clientHash    the keyed hash of the client id, null when the prediction names no client
     */
    record Row(Instant predictedAt, double probability, int label, Integer daysToDefault, String clientHash) {
    }

    /**
     * The model's own predictions of [from, to), of one segment value or (null) all, in time order:
     * a challenger's shadow predictions never count.
     */
    @Transactional(readOnly = true)
    List<Row> read(String model, Segment segment, Instant from, Instant to) {
        String sql = "SELECT p.predicted_at, p.probability, p.actual_default, p.days_to_default, p.client_hash"
                + " FROM prediction p WHERE p.model = ? AND p.predicted_at >= ? AND p.predicted_at < ?"
                + " AND p.shadow_of IS NULL"
                + (segment == null ? "" : " AND " + slots.column(model, segment.key()) + " = ?")
                // the index's order, the columns the window fixes first: H2 then reads the rows in it
                // instead of sorting them in a temporary result
                + " ORDER BY p.model, p.predicted_at";
        Object[] args = segment == null ? new Object[] {model, utc(from), utc(to)}
                : new Object[] {model, utc(from), utc(to), segment.value()};
        List<Row> rows = new ArrayList<>();
        jdbc.query(sql, rs -> {
            Instant at = rs.getObject(1, OffsetDateTime.class).toInstant();
            double probability = rs.getDouble(2);
            int label = rs.getShort(3);
            if (rs.wasNull()) {
                label = -1;
            }
            int days = rs.getInt(4);
            Integer daysToDefault = rs.wasNull() ? null : days;
            rows.add(new Row(at, probability, label, daysToDefault, rs.getString(5)));
        }, args);
        return rows;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
