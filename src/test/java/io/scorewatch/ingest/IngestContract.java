package io.scorewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import io.scorewatch.support.Api;
import io.scorewatch.window.DecisionCounts;
import io.scorewatch.window.PredictionWindow;
import io.scorewatch.window.PredictionWindowReader;
import io.scorewatch.window.ScoreColumns;
import io.scorewatch.support.Api.Answer;
import tools.jackson.databind.JsonNode;

/**
 * The intake's contract, run against the running service over HTTP on each store (H2 file and
 * PostgreSQL): what is accepted is stored exactly, what is rejected changes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "scorewatch.ingest.max-batch-items=50",
        "scorewatch.limits.max-body-size=64KB",
        "scorewatch.ingest.max-string-length=32",
        "scorewatch.ingest.label-join-interval=" + IngestContract.LABEL_JOIN_INTERVAL })
abstract class IngestContract {

    static final String LABEL_JOIN_INTERVAL = "1s";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PredictionWindowReader windows;

    @Autowired
    RequestErrorCounts errorCounts;

    @Autowired
    PredictionStore store;

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    long predictions() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM prediction", Long.class);
    }

    long labels() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM ground_truth", Long.class);
    }

    static String id() {
        return UUID.randomUUID().toString();
    }

    @Test
    void theGuidesLogEntryPostsUnchanged() {
        // as the monitoring guide's log_prediction writes it: datetime.now().isoformat(), no offset
        String logEntry = """
                {"timestamp": "2025-12-08T10:30:00.123456", "client_id": "100002", "prediction": 0,
                 "probability": 0.1234, "features": {"AMT_INCOME_TOTAL": 202500.0, "GUIDE_CONTRACT": "Cash loans",
                 "EXT_SOURCE_1": NaN}}""";
        // the features are the model's (whatever request came first in this store), as an admin accepts them
        for (String feature : List.of("AMT_INCOME_TOTAL:numerical", "GUIDE_CONTRACT:categorical")) {
            String[] nameAndType = feature.split(":");
            assertThat(api.postJson("/api/v1/models/credit-scoring/features", "{\"name\": \"" + nameAndType[0]
                    + "\", \"type\": \"" + nameAndType[1] + "\"}").status()).isIn(201, 409);
        }
        Answer answer = api.postJson("/api/v1/predictions", logEntry);

        assertThat(answer.status()).isEqualTo(202);
        String id = answer.json().get("prediction_id").asString();
        JsonNode stored = api.get("/api/v1/predictions/" + id).json();
        assertThat(stored.get("timestamp").asString()).isEqualTo("2025-12-08T10:30:00.123456Z");
        assertThat(stored.get("probability").asDouble()).isEqualTo(0.1234);
        assertThat(stored.get("prediction").asInt()).isZero();
        assertThat(stored.get("model").asString()).isEqualTo("credit-scoring");
        assertThat(stored.get("features").get("AMT_INCOME_TOTAL").asDouble()).isEqualTo(202500.0);
        assertThat(stored.get("features").get("GUIDE_CONTRACT").asString()).isEqualTo("Cash loans");
        assertThat(stored.has("client_id")).isFalse();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"features\": {}}                               | probability",
            "{\"probability\": NaN}                           | probability",
            "{\"probability\": Infinity}                      | probability",
            "{\"probability\": -0.01}                         | probability",
            "{\"probability\": 1.0000001}                     | probability",
            "{\"probability\": \"high\"}                      | probability",
            "{\"probability\": 0.5, \"prediction\": 2}        | prediction",
            "{\"probability\": 0.5, \"prediction\": 0.5}      | prediction",
            "{\"probability\": 0.5, \"timestamp\": \"soon\"}  | timestamp",
            "{\"probability\": 0.5, \"timestamp\": \"2025-13-01T00:00:00\"} | timestamp",
            "{\"probability\": 0.5, \"model\": \"no-such-model\"} | model",
            "{\"probability\": 0.5, \"latency_ms\": -1}       | latency_ms",
            "{\"probability\": 0.5, \"features\": [1, 2]}     | features",
            "{\"probability\": 0.5, \"features\": {\"f\": \"0123456789012345678901234567890123\"}} | features.f",
            "{\"probability\": 0.5, \"prediction_id\": \"\"}  | prediction_id",
            "{\"probability\": 0.5                            | $",
            "[{\"probability\": 0.5}]                         | $",
            "null                                             | $" })
    void anInvalidPredictionIsRejectedWithItsFieldAndNothingIsStored(String body, String field) {
        long before = predictions();

        Answer answer = api.postJson("/api/v1/predictions", body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("errors").findValuesAsString("field")).contains(field);
        assertThat(predictions()).isEqualTo(before);
    }

    @Test
    void aBatchIsAllOrNothingAndTheProblemNamesTheItem() {
        long before = predictions();
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(Map.of("probability", 0.1 * i));
        }
        batch.set(3, Map.of("probability", 7));

        Answer rejected = api.postJson("/api/v1/predictions/batch", Api.json(batch));

        assertThat(rejected.status()).isEqualTo(400);
        JsonNode error = rejected.json().get("errors").get(0);
        assertThat(error.get("index").asInt()).isEqualTo(3);
        assertThat(error.get("field").asString()).isEqualTo("probability");
        assertThat(predictions()).isEqualTo(before);

        batch.set(3, Map.of("probability", 0.3));
        Answer accepted = api.postJson("/api/v1/predictions/batch", Api.json(batch));
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.json().get("accepted").asInt()).isEqualTo(5);
        assertThat(accepted.json().get("prediction_ids")).hasSize(5);
        assertThat(predictions()).isEqualTo(before + 5);
    }

    @Test
    void aBatchWithAWronglyTypedItemNamesItsIndex() {
        long before = predictions();
        Answer answer = api.postJson("/api/v1/predictions/batch",
                "[{\"probability\": 0.1}, {\"probability\": 0.2}, {\"probability\": {\"x\": 1}}]");
        assertThat(answer.status()).isEqualTo(400);
        JsonNode error = answer.json().get("errors").get(0);
        assertThat(error.get("index").asInt()).isEqualTo(2);
        assertThat(error.get("field").asString()).isEqualTo("probability");
        assertThat(predictions()).isEqualTo(before);
    }

    @Test
    void ndjsonTakesOneSeedLogEntryALine() {
        long before = predictions();
        String lines = """
                {"timestamp": "2025-12-08T10:30:00", "client_id": "1", "prediction": 0, "probability": 0.1, "features": {}}

                {"timestamp": "2025-12-08T10:31:00", "client_id": "2", "prediction": 1, "probability": 0.9, "features": {}}
                """;
        Answer answer = api.post("/api/v1/predictions/batch", "application/x-ndjson", lines);
        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.json().get("accepted").asInt()).isEqualTo(2);
        assertThat(predictions()).isEqualTo(before + 2);

        Answer broken = api.post("/api/v1/predictions/batch", "application/x-ndjson",
                "{\"probability\": 0.1}\n{\"probability\": 0.2\n");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.json().get("errors").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(predictions()).isEqualTo(before + 2);
    }

    @Test
    void limitsAreAnswered413AndStoreNothing() {
        long before = predictions();
        String tooMany = Api.json(IntStream.range(0, 51).mapToObj(i -> Map.of("probability", 0.5)).toList());
        assertThat(api.postJson("/api/v1/predictions/batch", tooMany).status()).isEqualTo(413);

        String tooLarge = "{\"probability\": 0.5, \"model_version\": \"" + "x".repeat(70_000) + "\"}";
        Answer large = api.postJson("/api/v1/predictions", tooLarge);
        assertThat(large.status()).isEqualTo(413);
        assertThat(large.contentType()).startsWith("application/problem+json");
        assertThat(predictions()).isEqualTo(before);
    }

    @Test
    void aWrongContentTypeIs415() {
        Answer answer = api.post("/api/v1/predictions", "text/plain", "probability=0.5");
        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aRetriedPredictionIdIsStoredAndCountedOnce() {
        String id = id();
        String body = "{\"prediction_id\": \"" + id + "\", \"probability\": 0.42}";
        long before = predictions();
        double counted = requestsCounted();

        Answer first = api.postJson("/api/v1/predictions", body);
        Answer again = api.postJson("/api/v1/predictions", body);
        Answer inBatch = api.postJson("/api/v1/predictions/batch", "[" + body + ", " + body + "]");

        assertThat(first.json().get("duplicate").asBoolean()).isFalse();
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json().get("duplicate").asBoolean()).isTrue();
        assertThat(inBatch.json().get("accepted").asInt()).isZero();
        assertThat(inBatch.json().get("duplicates").asInt()).isEqualTo(2);
        assertThat(predictions()).isEqualTo(before + 1);
        assertThat(requestsCounted()).isEqualTo(counted + 1);
    }

    @Test
    void concurrentRetriesOfOneIdStoreItOnceAndAnswerOneOfThemAsNew() throws Exception {
        String id = id();
        String body = "{\"prediction_id\": \"" + id + "\", \"probability\": 0.42}";
        long before = predictions();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                answers.add(pool.submit(() -> api.postJson("/api/v1/predictions", body)));
            }
            int fresh = 0;
            for (var answer : answers) {
                assertThat(answer.get().status()).isEqualTo(202);
                if (!answer.get().json().get("duplicate").asBoolean()) {
                    fresh++;
                }
            }
            assertThat(fresh).isEqualTo(1);
        } finally {
            pool.shutdown();
        }
        assertThat(predictions()).isEqualTo(before + 1);
    }

    @Test
    void batchesRacingWithTheSameIdsInOtherOrdersStoreEachIdOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(id());
        }
        long before = predictions();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Answer>> answers = new ArrayList<>();
            for (int round = 0; round < 16; round++) {
                int shift = round * 5;
                answers.add(pool.submit(() -> {
                    List<Map<String, Object>> items = new ArrayList<>();
                    for (int i = 0; i < ids.size(); i++) {
                        items.add(Map.of("prediction_id", ids.get((i + shift) % ids.size()), "probability", 0.5));
                    }
                    return api.postJson("/api/v1/predictions/batch", Api.json(items));
                }));
            }
            int accepted = 0;
            for (var answer : answers) {
                assertThat(answer.get().status()).as(answer.get().body()).isEqualTo(202);
                accepted += answer.get().json().get("accepted").asInt();
            }
            assertThat(accepted).as("each id answered as new exactly once").isEqualTo(ids.size());
        } finally {
            pool.shutdown();
        }
        assertThat(predictions()).isEqualTo(before + ids.size());
        for (String id : ids) {
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM prediction WHERE prediction_id = ?", Long.class, id))
                    .isOne();
        }
    }

    @Test
    void anIdIsUniquePerModel() {
        String id = id();
        assertThat(api.postJson("/api/v1/predictions", Api.json(Map.of("prediction_id", id, "probability", 0.2)))
                .json().get("duplicate").asBoolean()).isFalse();
        assertThat(api.postJson("/api/v1/predictions", Api.json(Map.of("prediction_id", id, "probability", 0.3,
                "model", "credit-scoring"))).json().get("duplicate").asBoolean()).isTrue();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM prediction WHERE prediction_id = ?", Long.class, id))
                .isOne();
        // the database itself refuses a second row of the id in the same model, written as the
        // store writes it, whatever was looked up first
        StoredPrediction stored = store.find("credit-scoring", id).orElseThrow();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new org.springframework.transaction.support
                .TransactionTemplate(transactions).executeWithoutResult(status -> store.insert("credit-scoring",
                        List.of(stored))))
                .isInstanceOf(org.springframework.dao.DuplicateKeyException.class);
    }

    @Test
    void earlyLabelsAllJoinWhileEightWritersPostTheirPredictions() throws Exception {
        int count = 1_000;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(id());
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Answer>> answers = new ArrayList<>();
            // each label posted before its prediction, the predictions by 8 writers at once, the
            // labels of the next ids posted while the writers store these
            for (int from = 0; from < count; from += 25) {
                List<Map<String, Object>> labels = new ArrayList<>();
                List<Map<String, Object>> predictions = new ArrayList<>();
                for (int i = from; i < from + 25; i++) {
                    labels.add(Map.of("prediction_id", ids.get(i), "actual_default", i % 2));
                    predictions.add(Map.of("prediction_id", ids.get(i), "probability", 0.5));
                }
                assertThat(api.postJson("/api/v1/ground-truth/batch", Api.json(labels)).status()).isEqualTo(202);
                answers.add(pool.submit(() -> api.postJson("/api/v1/predictions/batch", Api.json(predictions))));
            }
            for (var answer : answers) {
                assertThat(answer.get().status()).isEqualTo(202);
            }
        } finally {
            pool.shutdown();
        }
        // within two passes of the label join after the last prediction was stored
        java.time.Duration interval = java.time.Duration.parse("PT" + LABEL_JOIN_INTERVAL);
        org.awaitility.Awaitility.await().atMost(interval.multipliedBy(2).plusSeconds(2))
                .untilAsserted(() -> assertThat(labelled(ids)).isEqualTo(count));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ground_truth WHERE joined_prediction IS NULL"
                + " AND prediction_id IN (" + String.join(",", java.util.Collections.nCopies(50, "?")) + ")",
                Long.class, ids.subList(0, 50).toArray())).isZero();
    }

    /** Of these prediction ids, how many are stored with a label. */
    private long labelled(List<String> ids) {
        long n = 0;
        for (int from = 0; from < ids.size(); from += 100) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 100));
            n += jdbc.queryForObject("SELECT COUNT(*) FROM prediction WHERE actual_default IS NOT NULL"
                    + " AND prediction_id IN (" + String.join(",", java.util.Collections.nCopies(chunk.size(), "?"))
                    + ")", Long.class, chunk.toArray());
        }
        return n;
    }

    @Test
    void aLabelLeftWaitingBesideItsStoredPredictionIsJoinedByTheNextPass() {
        // a label and its prediction committed at the same moment, neither seeing the other
        String id = id();
        api.postJson("/api/v1/predictions", Api.json(Map.of("prediction_id", id, "probability", 0.4)));
        jdbc.update("INSERT INTO ground_truth (prediction_id, actual_default, observed_at, received_at)"
                + " VALUES (?, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", id);

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(api.get("/api/v1/predictions/" + id).json().get("actual_default")
                        .asInt(-1)).isEqualTo(1));
    }

    @Test
    void readsOfAWindowNeverJoinLabels() {
        // a waiting label whose prediction is stored: reads leave it to the label join
        String id = id();
        Instant at = Instant.parse("2024-03-03T03:03:03Z");
        api.postJson("/api/v1/predictions", Api.json(Map.of("prediction_id", id, "probability", 0.4,
                "timestamp", at.toString())));
        jdbc.update("INSERT INTO ground_truth (prediction_id, actual_default, observed_at, received_at)"
                + " VALUES (?, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", id);
        // read inside read-only transactions (on PostgreSQL a write there fails)
        Instant from = at.minusSeconds(1);
        Instant to = at.plusSeconds(1);
        assertThat(windows.scores("credit-scoring", from, to).size()).isOne();
        assertThat(windows.scoreColumns("credit-scoring", from, to).size()).isOne();
        assertThat(windows.decisionCounts("credit-scoring", from, to).predictions()).isOne();
        assertThat(windows.scoredRows("credit-scoring", from, to).size()).isOne();
        assertThat(api.get("/api/v1/models/credit-scoring/metrics?from=" + from + "&to=" + to).status())
                .isEqualTo(200);
    }

    @Test
    void theDecisionIsDerivedFromTheModelThresholdWhenAbsent() {
        String at = id();
        String below = id();
        api.postJson("/api/v1/predictions", "{\"prediction_id\": \"" + at + "\", \"probability\": 0.3282}");
        api.postJson("/api/v1/predictions", "{\"prediction_id\": \"" + below + "\", \"probability\": 0.3281}");
        assertThat(api.get("/api/v1/predictions/" + at).json().get("prediction").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v1/predictions/" + below).json().get("prediction").asInt()).isZero();
    }

    @Test
    void anUnknownPredictionIs404() {
        Answer answer = api.get("/api/v1/predictions/" + id());
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.contentType()).startsWith("application/problem+json");
    }

    @Test
    void featureProblemsNeverRejectAPredictionButAreCounted() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String amount = "AMOUNT_" + suffix;
        String region = "REGION_" + suffix;
        // production never adds a feature: the names are unknown until an admin accepts them
        Answer first = api.postJson("/api/v1/predictions",
                "{\"probability\": 0.2, \"features\": {\"" + amount + "\": 10.5, \"" + region + "\": \"north\"}}");
        assertThat(first.status()).isEqualTo(202);
        assertThat(first.json().get("new_features")).isEmpty();
        assertThat(api.get("/api/v1/models/credit-scoring/unknown-features").json().get("sample")
                .findValuesAsString("name")).contains(amount, region);
        assertThat(api.postJson("/api/v1/models/credit-scoring/features",
                "{\"name\": \"" + amount + "\", \"type\": \"numerical\"}").status()).isEqualTo(201);
        assertThat(api.postJson("/api/v1/models/credit-scoring/features",
                "{\"name\": \"" + region + "\", \"type\": \"categorical\"}").status()).isEqualTo(201);

        String id = id();
        Answer second = api.postJson("/api/v1/predictions", "{\"prediction_id\": \"" + id
                + "\", \"probability\": 0.2, \"features\": {\"" + amount + "\": \"ten\", \"" + region + "\": 7}}");
        assertThat(second.status()).isEqualTo(202);

        JsonNode stored = api.get("/api/v1/predictions/" + id).json();
        assertThat(stored.get("features").get(amount).isNull()).isTrue();
        assertThat(stored.get("features").get(region).asString()).isEqualTo("7");
        assertThat(stored.get("data_quality_violations").asInt()).isGreaterThanOrEqualTo(1);

        api.postJson("/api/v1/predictions", "{\"probability\": 0.2, \"features\": {\"" + region + "\": \"south\"}}");
        JsonNode model = api.get("/api/v1/models/credit-scoring").json();
        JsonNode amountFeature = feature(model, amount);
        assertThat(amountFeature.get("type").asString()).isEqualTo("numerical");
        assertThat(amountFeature.get("source").asString()).isEqualTo("accepted");
        assertThat(amountFeature.get("violations").get("type_mismatch").asLong()).isEqualTo(1);
        assertThat(amountFeature.get("violations").get("absent").asLong()).isEqualTo(1);
        assertThat(feature(model, region).get("type").asString()).isEqualTo("categorical");

        // the same prediction again, alone and within a batch: nothing is counted twice
        String again = "{\"prediction_id\": \"" + id + "\", \"probability\": 0.2, \"features\": {\"" + amount
                + "\": \"ten\", \"" + region + "\": 7}}";
        assertThat(api.postJson("/api/v1/predictions", again).json().get("duplicate").asBoolean()).isTrue();
        assertThat(api.postJson("/api/v1/predictions/batch", "[" + again + ", {\"probability\": 0.3, \"features\":"
                + " {\"" + region + "\": \"east\"}}]").json().get("accepted").asInt()).isEqualTo(1);
        JsonNode after = feature(api.get("/api/v1/models/credit-scoring").json(), amount).get("violations");
        assertThat(after.get("type_mismatch").asLong()).isEqualTo(1);
        assertThat(after.get("absent").asLong()).isEqualTo(2);
    }

    @Test
    void textsWithBackslashesTabsAndNewlinesAndExactNumbersAreStoredAsPosted() {
        String id = id();
        // the product segment comes from NAME_CONTRACT_TYPE: a feature's text may hold any character
        String contract = "Cash\\tloans\\n\\\\N\\r";
        Answer answer = api.postJson("/api/v1/predictions/batch", "[{\"prediction_id\": \"" + id
                + "\", \"model_version\": \"v\\\\1\", \"timestamp\": \"2025-12-08T10:30:00.123456Z\","
                + " \"probability\": 0.12345678901234567, \"latency_ms\": 12.5, \"final_decision\": 1,"
                + " \"override_reason\": \"a\\\\b\", \"features\": {\"NAME_CONTRACT_TYPE\": \"" + contract
                + "\"}}]");
        assertThat(answer.status()).isEqualTo(202);

        Map<String, Object> row = jdbc.queryForMap("SELECT model_version, probability, latency_ms, final_decision,"
                + " override_reason, segment_1, segment_2, segment_3, segment_4 FROM prediction WHERE prediction_id = ?",
                id);
        assertThat(row.get("model_version")).isEqualTo("v\\1");
        assertThat(((Number) row.get("probability")).doubleValue()).isEqualTo(0.12345678901234567);
        assertThat(((Number) row.get("latency_ms")).doubleValue()).isEqualTo(12.5);
        assertThat(((Number) row.get("final_decision")).intValue()).isEqualTo(1);
        assertThat(row.get("override_reason")).isEqualTo("a\\b");
        assertThat(Arrays.asList(row.get("segment_1"), row.get("segment_2"), row.get("segment_3"),
                row.get("segment_4"))).contains("Cash\tloans\n\\N\r");
        JsonNode stored = api.get("/api/v1/predictions/" + id).json();
        assertThat(Instant.parse(stored.get("timestamp").asString())).isEqualTo(
                Instant.parse("2025-12-08T10:30:00.123456Z"));
    }

    @Test
    void aNulCharacterInAFeatureTextIsA400NamingTheFeatureAndStoresNothing() {
        long before = predictions();
        String id = id();
        Answer answer = api.postJson("/api/v1/predictions", "{\"prediction_id\": \"" + id
                + "\", \"probability\": 0.3, \"features\": {\"NAME_CONTRACT_TYPE\": \"Cash\\u0000loans\"}}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("errors").get(0).get("field").asString())
                .isEqualTo("features.NAME_CONTRACT_TYPE");
        assertThat(predictions()).isEqualTo(before);
    }

    @Test
    void aTimestampFurtherInTheFutureThanTheSkewIsRefusedNamingTheField() {
        long predictionsBefore = predictions();
        long labelsBefore = labels();
        long errorsBefore = jdbc.queryForObject("SELECT COUNT(*) FROM request_error", Long.class);
        String farAhead = "9999-01-01T00:00:00Z";
        String justPastTheSkew = Instant.now().plusSeconds(6 * 60).toString();
        for (String timestamp : List.of(farAhead, justPastTheSkew)) {
            List<Answer> answers = List.of(
                    api.postJson("/api/v1/predictions", "{\"model_version\": \"v9-attacker\", \"probability\": 0.5,"
                            + " \"timestamp\": \"" + timestamp + "\"}"),
                    api.postJson("/api/v1/predictions/batch", "[{\"probability\": 0.5}, {\"probability\": 0.5,"
                            + " \"timestamp\": \"" + timestamp + "\"}]"),
                    api.postJson("/api/v1/ground-truth", "{\"client_id\": \"c\", \"actual_default\": 1,"
                            + " \"timestamp\": \"" + timestamp + "\"}"),
                    api.postJson("/api/v1/ground-truth/batch", "[{\"client_id\": \"c\", \"actual_default\": 1,"
                            + " \"timestamp\": \"" + timestamp + "\"}]"),
                    api.postJson("/api/v1/request-errors", "{\"error_type\": \"prediction\", \"status\": 500,"
                            + " \"timestamp\": \"" + timestamp + "\"}"));
            for (Answer answer : answers) {
                assertThat(answer.status()).as(answer.body()).isEqualTo(400);
                assertThat(answer.contentType()).startsWith("application/problem+json");
                assertThat(answer.json().get("errors").findValuesAsString("field")).containsExactly("timestamp");
                assertThat(answer.body()).contains("max-future-skew");
            }
            assertThat(answers.get(1).json().get("errors").get(0).get("index").asInt()).isEqualTo(1);
        }
        assertThat(predictions()).isEqualTo(predictionsBefore);
        assertThat(labels()).isEqualTo(labelsBefore);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM request_error", Long.class)).isEqualTo(errorsBefore);

        // within the skew (a model host's clock a little ahead) is accepted
        String withinTheSkew = Instant.now().plusSeconds(60).toString();
        assertThat(api.postJson("/api/v1/predictions", "{\"probability\": 0.5, \"timestamp\": \"" + withinTheSkew
                + "\"}").status()).isEqualTo(202);
        assertThat(api.postJson("/api/v1/request-errors", "{\"error_type\": \"prediction\", \"timestamp\": \""
                + withinTheSkew + "\"}").status()).isEqualTo(202);
    }

    private static JsonNode feature(JsonNode model, String name) {
        for (JsonNode feature : model.get("features")) {
            if (feature.get("name").asString().equals(name)) {
                return feature;
            }
        }
        throw new AssertionError("no feature " + name);
    }

    @Test
    void groundTruthJoinsByPredictionIdOrByTheClientsLatestEarlierPrediction() {
        String client = "client-" + id();
        String older = id();
        String latest = id();
        String later = id();
        api.postJson("/api/v1/predictions/batch", Api.json(List.of(
                Map.of("prediction_id", older, "client_id", client, "probability", 0.1,
                        "timestamp", "2026-01-01T00:00:00Z"),
                Map.of("prediction_id", latest, "client_id", client, "probability", 0.2,
                        "timestamp", "2026-02-01T00:00:00Z"),
                Map.of("prediction_id", later, "client_id", client, "probability", 0.3,
                        "timestamp", "2026-04-01T00:00:00Z"))));

        Answer byClient = api.postJson("/api/v1/ground-truth", Api.json(Map.of("client_id", client,
                "actual_default", 1, "days_to_default", 40, "timestamp", "2026-03-12T00:00:00Z")));
        assertThat(byClient.status()).isEqualTo(202);
        assertThat(byClient.json().get("joined").asBoolean()).isTrue();
        assertThat(byClient.json().get("prediction_id").asString()).isEqualTo(latest);
        JsonNode labelled = api.get("/api/v1/predictions/" + latest).json();
        assertThat(labelled.get("actual_default").asInt()).isEqualTo(1);
        assertThat(labelled.get("days_to_default").asInt()).isEqualTo(40);

        Answer byId = api.postJson("/api/v1/ground-truth", Api.json(Map.of("prediction_id", older,
                "actual_default", 0)));
        assertThat(byId.json().get("prediction_id").asString()).isEqualTo(older);
        assertThat(api.get("/api/v1/predictions/" + older).json().get("actual_default").asInt()).isZero();
        assertThat(api.get("/api/v1/predictions/" + later).json().get("actual_default").isNull()).isTrue();
    }

    @Test
    void aLabelThatArrivesFirstWaitsAndJoinsWhenItsPredictionArrives() {
        String client = "early-" + id();
        String predictionId = id();
        Answer label = api.postJson("/api/v1/ground-truth", Api.json(Map.of("client_id", client,
                "actual_default", 1)));
        Answer byId = api.postJson("/api/v1/ground-truth", Api.json(Map.of("prediction_id", predictionId,
                "actual_default", 0)));
        assertThat(label.json().get("joined").asBoolean()).isFalse();
        assertThat(byId.json().get("joined").asBoolean()).isFalse();

        String clientPrediction = api.postJson("/api/v1/predictions", Api.json(Map.of("client_id", client,
                "probability", 0.7, "timestamp", "2025-06-01T00:00:00Z"))).json().get("prediction_id").asString();
        api.postJson("/api/v1/predictions", Api.json(Map.of("prediction_id", predictionId, "probability", 0.1)));

        assertThat(api.get("/api/v1/predictions/" + clientPrediction).json().get("actual_default").asInt())
                .isEqualTo(1);
        assertThat(api.get("/api/v1/predictions/" + predictionId).json().get("actual_default").asInt()).isZero();
    }

    @Test
    void invalidGroundTruthIsRejectedAndNothingIsStored() {
        long before = labels();
        assertThat(api.postJson("/api/v1/ground-truth", "{\"actual_default\": 1}").status()).isEqualTo(400);
        assertThat(api.postJson("/api/v1/ground-truth", "{\"client_id\": \"x\", \"actual_default\": 2}").status())
                .isEqualTo(400);
        Answer batch = api.postJson("/api/v1/ground-truth/batch",
                "[{\"client_id\": \"a\", \"actual_default\": 1}, {\"client_id\": \"b\"}]");
        assertThat(batch.status()).isEqualTo(400);
        assertThat(batch.json().get("errors").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(labels()).isEqualTo(before);
    }

    @Test
    void clientIdsAreStoredOnlyAsAKeyedHash() {
        String client = "secret-client-" + id();
        api.postJson("/api/v1/predictions", Api.json(Map.of("client_id", client, "probability", 0.5)));
        api.postJson("/api/v1/ground-truth", Api.json(Map.of("client_id", client, "actual_default", 0)));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM prediction WHERE client_hash = ?", Long.class, client))
                .isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ground_truth WHERE client_hash = ?", Long.class, client))
                .isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ground_truth WHERE client_hash LIKE '%secret-client%'",
                Long.class)).isZero();
    }

    @Test
    void metersUseTheSeedsPrometheusNames() {
        api.postJson("/api/v1/predictions", "{\"probability\": 0.5, \"latency_ms\": 42}");
        api.postJson("/api/v1/request-errors", "{\"error_type\": \"validation\", \"status\": 422}");
        assertThat(api.postJson("/api/v1/request-errors", "{\"error_type\": \"Bad Type!\"}").status())
                .isEqualTo(400);

        String metrics = api.get("/actuator/prometheus").body();
        assertThat(metrics).contains("credit_scoring_requests_total{");
        assertThat(metrics).containsPattern("credit_scoring_response_seconds_bucket\\{[^}]*le=\"0\\.05\"");
        assertThat(metrics).containsPattern(
                "credit_scoring_errors_total\\{[^}]*error_type=\"validation\"[^}]*\\} [1-9]");
    }

    @Test
    void theWindowReaderReadsColumnsBetweenTwoInstantsFromInclusiveToExclusive() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String x = "WX_" + suffix;
        String colour = "WC_" + suffix;
        int year = 1990 + Math.floorMod(suffix.hashCode(), 9);
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int hour = 0; hour < 6; hour++) {
            Map<String, Object> features = new LinkedHashMap<>();
            features.put(x, hour * 1.5);
            features.put(colour, hour % 2 == 0 ? "red" : "blue");
            batch.add(Map.of("probability", hour / 10.0, "features", features,
                    "timestamp", year + "-05-01T0" + hour + ":00:00Z", "client_id", "w-" + suffix + hour));
        }
        api.postJson("/api/v1/predictions/batch", Api.json(batch));
        api.postJson("/api/v1/ground-truth", Api.json(Map.of("client_id", "w-" + suffix + 2, "actual_default", 1,
                "timestamp", year + "-09-01T00:00:00Z")));
        JsonNode model = api.get("/api/v1/models/credit-scoring").json();
        int xPosition = feature(model, x).get("position").asInt();
        int colourPosition = feature(model, colour).get("position").asInt();

        Instant from = Instant.parse(year + "-05-01T01:00:00Z");
        Instant to = Instant.parse(year + "-05-01T05:00:00Z");
        PredictionWindow window = windows.scores("credit-scoring", from, to);
        PredictionWindowReader.ScoredRows scored = windows.scoredRows("credit-scoring", from, to);
        PredictionWindowReader.FeatureColumns features = windows.features(scored.rows(),
                new int[] {xPosition, colourPosition});
        double[] xs = features.column(0);
        double[] colours = features.column(1);

        assertThat(window.size()).isEqualTo(4);
        assertThat(window.probability()).containsExactly(0.1, 0.2, 0.3, 0.4);
        assertThat(xs).containsExactly(1.5, 3.0, 4.5, 6.0);
        assertThat(colours[0]).isNotEqualTo(colours[1]);
        assertThat(colours[0]).isEqualTo(colours[2]);
        assertThat(window.label()).containsExactly((byte) -1, (byte) 1, (byte) -1, (byte) -1);
        assertThat(window.labeledCount()).isEqualTo(1);
        assertThat(window.epochMicros()[0]).isEqualTo(Instant.parse(year + "-05-01T01:00:00Z").toEpochMilli() * 1000);
        assertThat(scored.size()).isEqualTo(4);
        assertThat(scored.probability()).containsExactly(window.probability());
        assertThat(scored.label()).containsExactly(window.label());
        PredictionWindowReader.FeatureColumns reordered = windows.features(scored.rows(),
                new int[] {colourPosition, xPosition});
        assertThat(reordered.column(0)).containsExactly(colours);
        assertThat(reordered.column(1)).containsExactly(xs);
        assertThat(windows.scores("credit-scoring", Instant.parse(year + "-05-01T00:00:00Z"),
                Instant.parse(year + "-05-01T00:00:00.000001Z")).size()).isEqualTo(1);
    }

    @Test
    void theWindowReaderReadsLatenciesScoreColumnsAndCountsDecisionsAndRequestErrors() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        int year = 1960 + Math.floorMod(suffix.hashCode(), 9);
        double[] probability = {0.1, 0.5, 0.2, 0.9, 0.3};
        int[] decision = {0, 1, 1, 0, 0};
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < probability.length; i++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("prediction_id", "lat-" + suffix + i);
            item.put("probability", probability[i]);
            item.put("prediction", decision[i]);
            item.put("timestamp", year + "-07-01T0" + i + ":00:00Z");
            if (i != 2) {
                item.put("latency_ms", 10.5 * (i + 1));
            }
            batch.add(item);
        }
        api.postJson("/api/v1/predictions/batch", Api.json(batch));
        // outcomes: 0 -> 0 (TN), 1 -> 0 (FP), 2 -> 1 (TP), 3 -> 1 (FN); 4 unlabelled
        int[] outcome = {0, 0, 1, 1};
        for (int i = 0; i < outcome.length; i++) {
            api.postJson("/api/v1/ground-truth", Api.json(Map.of("prediction_id", "lat-" + suffix + i,
                    "actual_default", outcome[i])));
        }
        for (int hour : new int[] {0, 4, 5}) {
            api.postJson("/api/v1/request-errors", "{\"error_type\": \"timeout\", \"timestamp\": \"" + year
                    + "-07-01T0" + hour + ":00:00Z\"}");
        }
        Instant from = Instant.parse(year + "-07-01T00:00:00Z");
        Instant to = Instant.parse(year + "-07-01T05:00:00Z");

        PredictionWindow window = windows.scores("credit-scoring", from, to);

        assertThat(window.latencyMs()).containsExactly(10.5, 21.0, Double.NaN, 42.0, 52.5);
        ScoreColumns scores = windows.scoreColumns("credit-scoring", from, to);
        assertThat(scores.size()).isEqualTo(5);
        assertThat(scores.labeledCount()).isEqualTo(4);
        // no particular order: compare the rows as a set
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < scores.size(); i++) {
            rows.add(scores.probability()[i] + "/" + scores.prediction()[i] + "/" + scores.label()[i] + "/"
                    + scores.latencyMs()[i]);
        }
        assertThat(rows).containsExactlyInAnyOrder("0.1/0/0/10.5", "0.5/1/0/21.0", "0.2/1/1/NaN", "0.9/0/1/42.0",
                "0.3/0/-1/52.5");
        assertThat(windows.decisionCounts("credit-scoring", from, to)).isEqualTo(new DecisionCounts(5, 1, 1, 1, 1));
        assertThat(windows.decisionCounts("credit-scoring", from, from.plusSeconds(3600)))
                .isEqualTo(new DecisionCounts(1, 1, 0, 0, 0));
        assertThat(errorCounts.count("credit-scoring", from, to)).isEqualTo(2);
        assertThat(errorCounts.count("credit-scoring", from, to.plusMillis(1))).isEqualTo(3);
    }

    @Test
    void theApiIsDescribedInOpenApiWithItsShapes() {
        JsonNode docs = api.get("/v3/api-docs").json();
        assertThat(docs.get("paths").has("/api/v1/predictions")).isTrue();
        assertThat(docs.get("paths").has("/api/v1/predictions/batch")).isTrue();
        assertThat(docs.get("paths").has("/api/v1/ground-truth")).isTrue();
        assertThat(docs.get("paths").has("/api/v1/models/{model}")).isTrue();
        JsonNode request = docs.get("components").get("schemas").get("PredictionRequest").get("properties");
        assertThat(request.has("probability")).isTrue();
        assertThat(request.has("prediction_id")).isTrue();
        // features: a JSON object of any values, as posted
        assertThat(request.get("features").get("type").asString()).isEqualTo("object");
        assertThat(request.get("features").has("additionalProperties")).isTrue();
        assertThat(api.get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    private double requestsCounted() {
        return api.get("/actuator/prometheus").body().lines()
                .filter(line -> line.startsWith("credit_scoring_requests_total{") && line.contains("credit-scoring"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
