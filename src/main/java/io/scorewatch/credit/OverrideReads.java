package io.scorewatch.credit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.scorewatch.model.ModelDefinition;
import io.scorewatch.segment.Segment;
import io.scorewatch.segment.SegmentSlots;

/**
 * Overrides of a model's decisions over a window: of the predictions that carry the decision
 * actually taken ({@code final_decision}), those whose decision differs from the model's
 * ({@code prediction}). Low side: the model declined (1), the lender approved (0); high side: the
 * model approved, the lender declined. Counted in the store, grouped; a challenger's (shadow)
 * prediction never counts. Override reasons are the model's kept reasons ({@code override_reason}
 * table), any other as {@code other}, none as {@code missing}.
 */
@Component
class OverrideReads {

    static final String OTHER = "other";
    static final String MISSING = "missing";

    private final JdbcTemplate jdbc;

    private final SegmentSlots slots;

    OverrideReads(JdbcTemplate jdbc, SegmentSlots slots) {
        this.jdbc = jdbc;
        this.slots = slots;
    }

    /** The decision cells of a group of predictions with a final decision. */
    static final class Cells {
        /** Index: 2 * prediction + final decision. */
        final long[] decisions = new long[4];
        long overriddenLabeled;
        long overriddenDefaults;

        void add(int prediction, int finalDecision, Integer label, long count) {
            decisions[2 * prediction + finalDecision] += count;
            if (prediction != finalDecision && label != null) {
                overriddenLabeled += count;
                overriddenDefaults += label == 1 ? count : 0;
            }
        }

        long declinedByModel() {
            return decisions[2] + decisions[3];
        }

        long lowSide() {
            return decisions[2];
        }

        long approvedByModel() {
            return decisions[0] + decisions[1];
        }

        long highSide() {
            return decisions[1];
        }
    }

    /** A window's overrides, with a breakdown by reason and by every declared segment value. */
    record Read(Cells total, Map<String, Long> byReason, Map<String, Map<String, Cells>> bySegment) {
    }

    @Transactional(readOnly = true)
    public Read read(ModelDefinition model, Segment segment, Instant from, Instant to) {
        return read(model, segment, from, to, true);
    }

    /**
     * {@link #read(ModelDefinition, Segment, Instant, Instant)}, without the breakdown by segment
     * value when {@code bySegmentValue} is false (its map then holds no key): the gauges need the
     * totals and the reasons only.
     */
    @Transactional(readOnly = true)
    public Read read(ModelDefinition model, Segment segment, Instant from, Instant to, boolean bySegmentValue) {
        String name = model.name();
        Cells total = new Cells();
        jdbc.query("SELECT p.prediction, p.final_decision, p.actual_default, COUNT(*)" + window(name, segment)
                + " AND p.final_decision IS NOT NULL GROUP BY p.prediction, p.final_decision, p.actual_default",
                rs -> {
                    int label = rs.getShort(3);
                    total.add(rs.getShort(1), rs.getShort(2), rs.wasNull() ? null : label, rs.getLong(4));
                }, args(name, segment, from, to));

        Map<String, Long> byReason = new TreeMap<>();
        jdbc.query("SELECT CASE WHEN p.override_reason IS NULL THEN '" + MISSING + "' WHEN r.reason IS NULL THEN '"
                + OTHER + "' ELSE r.reason END AS reason, COUNT(*)"
                + window(name, segment).replace(" WHERE ", " LEFT JOIN override_reason r ON r.model = p.model"
                        + " AND r.reason = p.override_reason WHERE ")
                + " AND p.final_decision IS NOT NULL AND p.final_decision <> p.prediction GROUP BY CASE WHEN"
                + " p.override_reason IS NULL THEN '" + MISSING + "' WHEN r.reason IS NULL THEN '" + OTHER
                + "' ELSE r.reason END",
                rs -> {
                    byReason.merge(rs.getString(1), rs.getLong(2), Long::sum);
                }, args(name, segment, from, to));

        Map<String, Map<String, Cells>> bySegment = new TreeMap<>();
        for (String key : bySegmentValue ? model.segments().keySet() : List.<String>of()) {
            bySegment.put(key, new TreeMap<>());
        }
        for (Map.Entry<String, Map<String, Cells>> byKey : bySegment.entrySet()) {
            String key = byKey.getKey();
            if (segment != null && !segment.key().equals(key)) {
                continue;
            }
            String column = slots.column(name, key);
            jdbc.query("SELECT " + column + ", p.prediction, p.final_decision, p.actual_default, COUNT(*)"
                    + window(name, segment) + " AND " + column + " IS NOT NULL AND p.final_decision IS NOT NULL"
                    + " GROUP BY " + column + ", p.prediction, p.final_decision, p.actual_default",
                    rs -> {
                        int label = rs.getShort(4);
                        Integer known = rs.wasNull() ? null : label;
                        byKey.getValue().computeIfAbsent(rs.getString(1), v -> new Cells()).add(rs.getShort(2),
                                rs.getShort(3), known, rs.getLong(5));
                    }, args(name, segment, from, to));
        }
        return new Read(total, byReason, bySegment);
    }

    /**
     * FROM and WHERE of a window's predictions without shadows, {@code p} the prediction table:
     * for a segment, the rows whose segment column holds its value.
     */
    String window(String model, Segment segment) {
        return " FROM prediction p WHERE p.model = ? AND p.predicted_at >= ? AND p.predicted_at < ?"
                + " AND p.shadow_of IS NULL" + (segment == null ? "" : " AND " + slots.column(model, segment.key())
                        + " = ?");
    }

    static Object[] args(String model, Segment segment, Instant from, Instant to) {
        return segment == null ? new Object[] {model, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC)}
                : new Object[] {model, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC), segment.value()};
    }
}
