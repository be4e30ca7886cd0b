package io.scorewatch.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Joins labels (ground truth) to predictions. A label names its prediction by id, or else its
 * client: then it joins the client's latest prediction at or before the outcome. The label is
 * copied onto the prediction row, so that reading a window with its labels is one scan.
 *
 * <p>A label whose prediction has not arrived waits. It is tried again when predictions of its
 * client or id arrive on this replica, every {@code scorewatch.ingest.label-join-interval}
 * (for predictions that arrived on another replica), and before any window is read.
 */
@Component
public class LabelJoin {

    private static final Logger log = LoggerFactory.getLogger(LabelJoin.class);
    private static final int PAGE = 500;
    /** Rows of a client's predictions read by one query. */
    private static final int ROWS = 500;

    private final JdbcTemplate jdbc;
    private final PredictionStore store;
    private final RecentKeys recentKeys;
    private final KeyIndex keyIndex;
    private final TransactionTemplate transaction;
    private final AtomicBoolean mayHavePending = new AtomicBoolean(true);

    LabelJoin(JdbcTemplate jdbc, PredictionStore store, RecentKeys recentKeys, KeyIndex keyIndex,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.store = store;
        this.recentKeys = recentKeys;
        this.keyIndex = keyIndex;
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
        Optional<Long> found = label.predictionId() != null ? store.rowOf(label.predictionId()) : latestOfClient(label);
        if (found.isEmpty()) {
            mayHavePending.set(true);
            return Optional.empty();
        }
        long prediction = found.get();
        jdbc.update("UPDATE prediction SET actual_default = ?, days_to_default = ?, labeled_at = ? WHERE id = ?",
                label.actualDefault(), label.daysToDefault(), PredictionStore.utc(label.observedAt()), prediction);
        jdbc.update("UPDATE ground_truth SET joined_prediction = ? WHERE id = ?", prediction, label.id());
        return Optional.of(jdbc.queryForObject("SELECT prediction_id FROM prediction WHERE id = ?", String.class,
                prediction));
    }

    /** A prediction that a label by client may join. */
    private record Candidate(long id, Instant predictedAt) {

        boolean isLaterThan(Candidate other) {
            int byTime = predictedAt.compareTo(other.predictedAt);
            return byTime > 0 || byTime == 0 && id > other.id;
        }
    }

    /**
     * The SQL that picks, of some rows, the client's latest prediction at or before an instant
     * (and in a model, when it names one).
     */
    static String latestOfRows(int rows, boolean inModel) {
        return "SELECT id, predicted_at FROM prediction WHERE id IN (" + PredictionStore.marks(rows) + ")"
                + " AND client_hash = ? AND predicted_at <= ?" + (inModel ? " AND model = ?" : "")
                + " ORDER BY predicted_at DESC, id DESC FETCH FIRST 1 ROWS ONLY";
    }

    /** The client's latest prediction at or before the outcome, of those recent and those indexed. */
    private Optional<Long> latestOfClient(Label label) {
        Long clientKey = PredictionKeys.clientKey(label.clientHash());
        // the recent ones first: a merge indexes keys before it forgets them there
        Set<Long> rows = new LinkedHashSet<>(recentKeys.rowsOfClient(clientKey));
        rows.addAll(keyIndex.rowsOfClient(clientKey));
        List<Long> all = List.copyOf(rows);
        RowMapper<Candidate> candidate = (rs, row) -> new Candidate(rs.getLong(1), PredictionStore.instant(rs, 2));
        Candidate latest = null;
        for (int from = 0; from < all.size(); from += ROWS) {
            List<Object> args = new ArrayList<>(all.subList(from, Math.min(all.size(), from + ROWS)));
            int count = args.size();
            args.add(label.clientHash());
            args.add(PredictionStore.utc(label.observedAt()));
            if (label.model() != null) {
                args.add(label.model());
            }
            for (Candidate c : jdbc.query(latestOfRows(count, label.model() != null), candidate, args.toArray())) {
                if (latest == null || c.isLaterThan(latest)) {
                    latest = c;
                }
            }
        }
        return Optional.ofNullable(latest).map(Candidate::id);
    }

    /** After predictions are stored: joins the waiting labels that name them or their clients. */
    void predictionsArrived(List<StoredPrediction> predictions) {
        if (!mayHavePending.get() || predictions.isEmpty()) {
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
        java.util.Map<Long, Label> waiting = new java.util.TreeMap<>();
        pendingWhere("prediction_id", ids).forEach(label -> waiting.put(label.id(), label));
        pendingWhere("client_hash", clients).forEach(label -> waiting.put(label.id(), label));
        joinAll(List.copyOf(waiting.values()));
        refreshPendingFlag();
    }

    /** Joins every waiting label whose prediction is stored now; answers how many joined. */
    @Scheduled(fixedDelayString = "${scorewatch.ingest.label-join-interval}",
            initialDelayString = "${scorewatch.ingest.label-join-interval}")
    public int joinPending() {
        if (!mayHavePending.get()) {
            return 0;
        }
        int joined = 0;
        long after = -1;
        while (true) {
            List<Label> page = jdbc.query(SELECT_LABEL + " WHERE joined_prediction IS NULL AND id > ? ORDER BY id"
                    + " FETCH FIRST " + PAGE + " ROWS ONLY", (rs, row) -> readLabel(rs), after);
            if (page.isEmpty()) {
                break;
            }
            joined += joinAll(page);
            after = page.get(page.size() - 1).id();
        }
        refreshPendingFlag();
        if (joined > 0) {
            log.info("{} waiting labels joined their predictions", joined);
        }
        return joined;
    }

    private int joinAll(List<Label> labels) {
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

    private void refreshPendingFlag() {
        Long waiting = jdbc.queryForObject("SELECT COUNT(*) FROM ground_truth WHERE joined_prediction IS NULL",
                Long.class);
        mayHavePending.set(waiting != null && waiting > 0);
    }

    private List<Label> pendingWhere(String column, Set<String> values) {
        List<Label> found = new ArrayList<>();
        List<String> all = List.copyOf(values);
        for (int from = 0; from < all.size(); from += PAGE) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + PAGE));
            String marks = String.join(",", Collections.nCopies(chunk.size(), "?"));
            found.addAll(jdbc.query(SELECT_LABEL + " WHERE joined_prediction IS NULL AND " + column + " IN (" + marks
                    + ")", (rs, row) -> readLabel(rs), chunk.toArray()));
        }
        return found;
    }

    private static final String SELECT_LABEL = "SELECT id, model, prediction_id, client_hash, actual_default,"
            + " days_to_default, observed_at FROM ground_truth";

    private static Label readLabel(java.sql.ResultSet rs) throws java.sql.SQLException {
        int days = rs.getInt(6);
        Integer daysToDefault = rs.wasNull() ? null : days;
        return new Label(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                daysToDefault, PredictionStore.instant(rs, 7));
    }
}
