package io.scorewatch.ingest;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Joins labels (ground truth) to predictions. A label names its prediction by id, or else its
 * client: then it joins the client's latest prediction at or before the outcome. A label that
 * names a model joins a prediction of that model only; one that names none, a prediction of any
 * model (the latest, should several have it). A label by client never joins a challenger's (shadow)
 * prediction: a challenger's outcome is its champion's. The label is copied onto the prediction row, so
 * that reading a window with its labels is one scan. Joining is a write of its own: no read of
 * a window ever joins.
 *
 * <p>A label whose prediction is not stored yet waits. It is joined
 * <ul>
 * <li>right after predictions are stored, when they are its prediction, and</li>
 * <li>by a pass every {@code scorewatch.ingest.label-join-interval} over every waiting label
 * whose prediction is stored now. A label and its prediction may commit at the same moment,
 * each in a transaction that cannot see the other: the pass, which asks the database afresh
 * each time, joins it on the next run. It runs on every replica; a join is idempotent.</li>
 * </ul>
 */
@Component
class LabelJoin {

    private static final Logger log = LoggerFactory.getLogger(LabelJoin.class);
    /** Labels read, and joined in one transaction, at a time. */
    private static final int PAGE = 500;

    private static final String SELECT_LABEL = "SELECT g.id, g.model, g.prediction_id, g.client_hash,"
            + " g.actual_default, g.days_to_default, g.observed_at FROM ground_truth g";
    /** Waiting labels by id whose prediction is stored. */
    private static final String JOINABLE_BY_ID = SELECT_LABEL + " WHERE g.joined_prediction IS NULL AND g.id > ?"
            + " AND g.prediction_id IS NOT NULL AND EXISTS (SELECT 1 FROM prediction p"
            + " WHERE p.prediction_id = g.prediction_id AND (g.model IS NULL OR p.model = g.model))"
            + " ORDER BY g.id FETCH FIRST " + PAGE + " ROWS ONLY";
    /** Waiting labels by client whose client has a prediction at or before the outcome. */
    private static final String JOINABLE_BY_CLIENT = SELECT_LABEL + " WHERE g.joined_prediction IS NULL"
            + " AND g.id > ? AND g.prediction_id IS NULL AND EXISTS (SELECT 1 FROM prediction p"
            + " WHERE p.client_hash = g.client_hash AND p.predicted_at <= g.observed_at AND p.shadow_of IS NULL"
            + " AND (g.model IS NULL OR p.model = g.model)) ORDER BY g.id FETCH FIRST " + PAGE + " ROWS ONLY";

    private final JdbcTemplate jdbc;
    private final PredictionStore store;
    private final TransactionTemplate transaction;

    LabelJoin(JdbcTemplate jdbc, PredictionStore store, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.store = store;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** A stored label. */
    record Label(long id, String model, String predictionId, String clientHash, int actualDefault,
            Integer daysToDefault, Instant observedAt) {
    }

    /**
     * Joins one label if its prediction is stored; answers the prediction's id. Runs in the
     * caller's transaction.
     */
    Optional<String> join(Label label) {
        Optional<Long> found = label.predictionId() != null ? store.rowOf(label.model(), label.predictionId())
                : latestOfClient(label);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        long prediction = found.get();
        jdbc.update("UPDATE prediction SET actual_default = ?, days_to_default = ?, labeled_at = ? WHERE id = ?",
                label.actualDefault(), label.daysToDefault(), PredictionStore.utc(label.observedAt()), prediction);
        jdbc.update("UPDATE ground_truth SET joined_prediction = ? WHERE id = ?", prediction, label.id());
        return Optional.of(jdbc.queryForObject("SELECT prediction_id FROM prediction WHERE id = ?", String.class,
                prediction));
    }

    /** The client's latest prediction at or before the outcome (of the label's model, when it names one). */
    private Optional<Long> latestOfClient(Label label) {
        String sql = "SELECT id FROM prediction WHERE client_hash = ? AND predicted_at <= ? AND shadow_of IS NULL"
                + (label.model() != null ? " AND model = ?" : "")
                + " ORDER BY predicted_at DESC, id DESC FETCH FIRST 1 ROWS ONLY";
        Object[] args = label.model() != null
                ? new Object[] {label.clientHash(), PredictionStore.utc(label.observedAt()), label.model()}
                : new Object[] {label.clientHash(), PredictionStore.utc(label.observedAt())};
        return jdbc.queryForList(sql, Long.class, args).stream().findFirst();
    }

    /** After predictions are stored (and committed): joins the waiting labels that name them or their clients. */
    void predictionsArrived(List<StoredPrediction> predictions) {
        if (predictions.isEmpty() || !anyWaiting()) {
            return;
        }
        Set<String> ids = new LinkedHashSet<>();
        Set<String> clients = new LinkedHashSet<>();
        for (StoredPrediction p : predictions) {
            ids.add(p.predictionId());
            if (p.clientHash() != null) {
                clients.add(p.clientHash());
            }
        }
        Map<Long, Label> waiting = new TreeMap<>();
        waitingWhere("prediction_id", ids).forEach(label -> waiting.put(label.id(), label));
        waitingWhere("client_hash", clients).forEach(label -> waiting.put(label.id(), label));
        joinAll(waiting.values());
    }

    /** Joins every waiting label whose prediction is stored now; answers how many joined. */
    @Scheduled(fixedDelayString = "${scorewatch.ingest.label-join-interval}",
            initialDelayString = "${scorewatch.ingest.label-join-interval}")
    int joinWaiting() {
        int joined = joinPages(JOINABLE_BY_ID) + joinPages(JOINABLE_BY_CLIENT);
        if (joined > 0) {
            log.info("{} waiting labels joined their predictions", joined);
        }
        return joined;
    }

    private int joinPages(String joinable) {
        int joined = 0;
        long after = -1;
        while (true) {
            List<Label> page = jdbc.query(joinable, (rs, row) -> readLabel(rs), after);
            if (page.isEmpty()) {
                return joined;
            }
            joined += joinAll(page);
            after = page.get(page.size() - 1).id();
        }
    }

    private boolean anyWaiting() {
        return !jdbc.queryForList("SELECT id FROM ground_truth WHERE joined_prediction IS NULL"
                + " FETCH FIRST 1 ROWS ONLY", Long.class).isEmpty();
    }

    /** Joins labels in one transaction, in id order; answers how many joined. */
    private int joinAll(Collection<Label> labels) {
        if (labels.isEmpty()) {
            return 0;
        }
        List<Label> ordered = new ArrayList<>(labels);
        ordered.sort((a, b) -> Long.compare(a.id(), b.id()));
        Integer joined = transaction.execute(status -> {
            int n = 0;
            for (Label label : ordered) {
                if (join(label).isPresent()) {
                    n++;
                }
            }
            return n;
        });
        return joined == null ? 0 : joined;
    }

    private List<Label> waitingWhere(String column, Set<String> values) {
        List<Label> found = new ArrayList<>();
        List<String> all = List.copyOf(values);
        for (int from = 0; from < all.size(); from += PAGE) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + PAGE));
            found.addAll(jdbc.query(SELECT_LABEL + " WHERE g.joined_prediction IS NULL AND g." + column + " IN ("
                    + PredictionStore.marks(chunk.size()) + ")", (rs, row) -> readLabel(rs), chunk.toArray()));
        }
        return found;
    }

    private static Label readLabel(ResultSet rs) throws SQLException {
        int days = rs.getInt(6);
        Integer daysToDefault = rs.wasNull() ? null : days;
        return new Label(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                daysToDefault, PredictionStore.instant(rs, 7));
    }
}
