package io.scorewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.scorewatch.support.Api;

/** The intake contract on the default store: H2 in file mode. */
class H2IngestIntegrationTests extends IngestContract {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("scorewatch.data-dir", () -> data.toString());
    }

    @Test
    void theStoreGathersNoStatisticsInsideACommit() {
        // with statistics gathered automatically, a commit read the first 10,000 feature blocks
        assertThat(jdbc.queryForObject("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                + " WHERE SETTING_NAME = 'ANALYZE_AUTO'", String.class)).isEqualTo("0");
    }

    @Test
    void theKeyIndexIsAFileNextToTheDatabase() {
        assertThat(keyIndex).isInstanceOf(KeyFile.class);
        assertThat(data.resolve("scorewatch.keys.mv.db")).isRegularFile();
    }

    @Test
    void aLabelByClientReadsItsClientsPredictionsByRow() {
        OffsetDateTime now = OffsetDateTime.now();
        for (String plan : List.of(
                jdbc.queryForObject("EXPLAIN " + LabelJoin.latestOfRows(2, false), String.class, 1L, 2L, "hash", now),
                jdbc.queryForObject("EXPLAIN " + LabelJoin.latestOfRows(3, true), String.class, 1L, 2L, 3L, "hash",
                        now, "credit-scoring"))) {
            assertThat(plan).containsPattern("/\\* PUBLIC.PRIMARY_KEY_\\w+: ID IN\\(");
        }
    }

    @Autowired
    RecentKeys recentKeys;

    @Autowired
    KeyIndexMerge merge;

    @Autowired
    KeyIndex keyIndex;

    private boolean idIndexed(String predictionId) {
        long key = PredictionKeys.idKeys(predictionId)[0];
        return keyIndex.rowsOfIdKeys(List.of(key)).containsKey(key);
    }

    private boolean clientIndexed(String predictionId) {
        long row = jdbc.queryForObject("SELECT id FROM prediction WHERE prediction_id = ?", Long.class, predictionId);
        String hash = jdbc.queryForObject("SELECT client_hash FROM prediction WHERE id = ?", String.class, row);
        return hash != null && keyIndex.rowsOfClient(PredictionKeys.clientKey(hash)).contains(row);
    }

    private String postBatch(List<Map<String, Object>> items) {
        return api.postJson("/api/v1/predictions/batch", Api.json(items)).body();
    }

    private boolean repostIsDuplicate(String predictionId) {
        return api.postJson("/api/v1/predictions", Api.json(Map.of("prediction_id", predictionId, "probability", 0.5)))
                .json().get("duplicate").asBoolean();
    }

    @Test
    void keysWaitInMemoryUntilTheMergeIndexesThemAndNoAnswerChanges() {
        String client = "merge-" + id();
        String first = id();
        String second = id();
        postBatch(List.of(Map.of("prediction_id", first, "client_id", client, "probability", 0.25),
                Map.of("prediction_id", second, "probability", 0.75)));
        // not in the key tables yet: the keys wait in memory
        assertThat(idIndexed(first)).isFalse();
        assertThat(clientIndexed(first)).isFalse();
        assertThat(recentKeys.rowOf(first)).isPresent();
        assertThat(repostIsDuplicate(first)).isTrue();
        assertThat(api.get("/api/v1/predictions/" + second).json().get("probability").asDouble()).isEqualTo(0.75);
        long stored = predictions();

        while (merge.merge() > 0) {
            // everything that waits, however much the other tests left
        }

        assertThat(recentKeys.size()).isZero();
        assertThat(recentKeys.rowOf(first)).isEmpty();
        assertThat(idIndexed(first)).isTrue();
        assertThat(idIndexed(second)).isTrue();
        assertThat(clientIndexed(first)).isTrue();
        assertThat(clientIndexed(second)).isFalse();
        assertThat(jdbc.queryForObject("SELECT id_key FROM prediction WHERE prediction_id = ?", Long.class, first))
                .isEqualTo(PredictionKeys.idKeys(first)[0]);
        assertThat(repostIsDuplicate(first)).isTrue();
        assertThat(repostIsDuplicate(second)).isTrue();
        assertThat(predictions()).isEqualTo(stored);
        assertThat(api.get("/api/v1/predictions/" + first).json().get("probability").asDouble()).isEqualTo(0.25);
        var label = api.postJson("/api/v1/ground-truth", Api.json(Map.of("client_id", client, "actual_default", 1)))
                .json();
        assertThat(label.get("prediction_id").asString()).isEqualTo(first);
        var byId = api.postJson("/api/v1/ground-truth", Api.json(Map.of("prediction_id", second,
                "actual_default", 0))).json();
        assertThat(byId.get("joined").asBoolean()).isTrue();
    }

    @Test
    void aLabelByClientTakesTheLatestPredictionWhetherItsKeyIsIndexedOrWaits() {
        String client = "mixed-" + id();
        String january = id();
        String march = id();
        String may = id();
        String july = id();
        postBatch(List.of(Map.of("prediction_id", january, "client_id", client, "probability", 0.1,
                "timestamp", "2026-01-01T00:00:00Z"),
                Map.of("prediction_id", may, "client_id", client, "probability", 0.1,
                        "timestamp", "2026-05-01T00:00:00Z")));
        while (merge.merge() > 0) {
            // January and May are indexed
        }
        postBatch(List.of(Map.of("prediction_id", march, "client_id", client, "probability", 0.1,
                "timestamp", "2026-03-01T00:00:00Z"),
                Map.of("prediction_id", july, "client_id", client, "probability", 0.1,
                        "timestamp", "2026-07-01T00:00:00Z")));
        assertThat(idIndexed(march)).isFalse();
        assertThat(idIndexed(may)).isTrue();

        assertThat(labelFor(client, "2026-04-01T00:00:00Z")).isEqualTo(march);
        assertThat(labelFor(client, "2026-06-01T00:00:00Z")).isEqualTo(may);
        assertThat(labelFor(client, "2026-08-01T00:00:00Z")).isEqualTo(july);
        assertThat(labelFor(client, "2026-02-01T00:00:00Z")).isEqualTo(january);
    }

    private String labelFor(String client, String outcome) {
        return api.postJson("/api/v1/ground-truth", Api.json(Map.of("client_id", client, "actual_default", 1,
                "timestamp", outcome))).json().get("prediction_id").asString();
    }

    @Test
    void batchesRacingWithTheSameIdsWhileKeysMergeStoreEachIdOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(id());
        }
        long before = predictions();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int round = 0; round < 8; round++) {
                int shift = round;
                work.add(pool.submit(() -> {
                    List<Map<String, Object>> items = new ArrayList<>();
                    for (int i = 0; i < ids.size(); i++) {
                        items.add(Map.of("prediction_id", ids.get((i + shift * 5) % ids.size()), "probability", 0.5));
                    }
                    return postBatch(items);
                }));
                work.add(pool.submit(merge::merge));
            }
            for (Future<?> done : work) {
                done.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(predictions()).isEqualTo(before + ids.size());
        for (String id : ids) {
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM prediction WHERE prediction_id = ?", Long.class, id))
                    .isOne();
        }
    }
}
