package io.scorewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The label join and the prediction table's identity against the migrated schema (H2), without
 * the web layer: which prediction a label joins, and that the pass joins a label left waiting.
 */
@JdbcTest
@Import({LabelJoin.class, PredictionStore.class})
class LabelJoinTests {

    private static final Instant JANUARY = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant MARCH = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant MAY = Instant.parse("2026-05-01T00:00:00Z");

    @Autowired
    LabelJoin labels;

    @Autowired
    PredictionStore store;

    @Autowired
    JdbcTemplate jdbc;

    private void store(String model, String id, String client, Instant at) {
        store.insert(model, List.of(new StoredPrediction(id, model, "1.0", at, at, client, 0, 0.2, null,
                FeatureVectors.encode(new double[] {1.0}), 0, null, null, null)));
    }

    private LabelJoin.Label label(String model, String predictionId, String client, Instant observedAt) {
        long id = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) + 1 FROM ground_truth", Long.class);
        jdbc.update("INSERT INTO ground_truth (id, model, prediction_id, client_hash, actual_default, observed_at,"
                + " received_at) VALUES (?, ?, ?, ?, 1, ?, ?)", id, model, predictionId, client,
                PredictionStore.utc(observedAt), PredictionStore.utc(observedAt));
        return new LabelJoin.Label(id, model, predictionId, client, 1, null, observedAt);
    }

    private Integer labelOf(String model, String predictionId) {
        return jdbc.queryForObject("SELECT actual_default FROM prediction WHERE model = ? AND prediction_id = ?",
                Integer.class, model, predictionId);
    }

    @Test
    void anIdIsUniquePerModelByTheTablesOwnConstraint() {
        store("a", "p-1", null, JANUARY);
        store("b", "p-1", null, JANUARY);

        assertThatThrownBy(() -> store("a", "p-1", null, MARCH)).isInstanceOf(DuplicateKeyException.class);
        assertThat(store.storedIds("a", List.of("p-1", "p-2"))).containsExactly("p-1");
        assertThat(store.storedIds("c", List.of("p-1"))).isEmpty();
    }

    @Test
    void aLabelThatNamesAModelJoinsThatModelsPredictionAndOneThatNamesNoneTheLatest() {
        store("a", "p-1", null, JANUARY);
        store("b", "p-1", null, MARCH);

        assertThat(labels.join(label("a", "p-1", null, MAY))).contains("p-1");
        assertThat(labelOf("a", "p-1")).isEqualTo(1);
        assertThat(labelOf("b", "p-1")).isNull();

        jdbc.update("UPDATE prediction SET actual_default = NULL");
        assertThat(labels.join(label(null, "p-1", null, MAY))).contains("p-1");
        assertThat(labelOf("b", "p-1")).as("the latest of any model").isEqualTo(1);
        assertThat(labelOf("a", "p-1")).isNull();
    }

    @Test
    void aLabelByClientJoinsTheClientsLatestPredictionAtOrBeforeTheOutcome() {
        store("a", "jan", "client-hash", JANUARY);
        store("a", "may", "client-hash", MAY);
        store("a", "mar", "client-hash", MARCH);
        store("b", "apr", "client-hash", Instant.parse("2026-04-01T00:00:00Z"));

        assertThat(labels.join(label("a", null, "client-hash", Instant.parse("2026-04-15T00:00:00Z"))))
                .contains("mar");
        assertThat(labels.join(label(null, null, "client-hash", Instant.parse("2026-04-15T00:00:00Z"))))
                .contains("apr");
        assertThat(labels.join(label("a", null, "client-hash", MAY))).contains("may");
        assertThat(labels.join(label("a", null, "client-hash", Instant.parse("2025-12-31T00:00:00Z"))))
                .as("no prediction before the outcome").isEmpty();
    }

    @Test
    void thePassJoinsEveryWaitingLabelWhosePredictionIsStoredAndLeavesTheRestWaiting() {
        label("a", "late", null, MAY);
        label(null, null, "late-client", MAY);
        label("a", "never", null, MAY);
        // the predictions arrive after their labels, each in a transaction that could not see them
        store("a", "late", null, JANUARY);
        store("a", "other", "late-client", MARCH);

        assertThat(labels.joinWaiting()).isEqualTo(2);

        assertThat(labelOf("a", "late")).isEqualTo(1);
        assertThat(labelOf("a", "other")).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT prediction_id FROM ground_truth WHERE joined_prediction IS NULL",
                String.class)).containsExactly("never");
        assertThat(labels.joinWaiting()).isZero();
    }
}
