package io.scorewatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.scorewatch.support.Api;
import io.scorewatch.support.Api.Answer;

/**
 * Well over a thousand malformed, oversized, wrongly typed, truncated, duplicated and boundary
 * payloads against every write endpoint (from a fixed seed, so a failure repeats): never a 5xx,
 * every 4xx is problem+json, a rejected request changes no table, and the service answers
 * normally afterwards.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HostileInputIntegrationTests {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("scorewatch.data-dir", () -> data.toString());
        registry.add("scorewatch.schedule.realtime", () -> "-");
    }

    static final List<String> TABLES = List.of("prediction", "ground_truth", "request_error", "model_feature",
            "feature_category", "reference_dataset", "reference_column", "drift_run", "monitoring_run",
            "model_review", "alert", "retraining_run", "validation_report");

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    record Endpoint(String method, String path, String contentType, String valid) {
    }

    static final String PREDICTION = "{\"prediction_id\": \"p-1\", \"model\": \"credit-scoring\", \"model_version\":"
            + " \"1.0\", \"timestamp\": \"2026-11-20T10:30:00.123456\", \"client_id\": \"100002\", \"prediction\": 0,"
            + " \"probability\": 0.2731, \"features\": {\"AMT_CREDIT\": 406597.5, \"NAME_CONTRACT_TYPE\":"
            + " \"Cash loans\", \"EXT_SOURCE_1\": null}, \"latency_ms\": 12.5}";
    static final String LABEL = "{\"prediction_id\": \"p-1\", \"actual_default\": 1, \"days_to_default\": 30,"
            + " \"timestamp\": \"2026-11-21T10:00:00Z\"}";
    static final String ERROR = "{\"error_type\": \"prediction\", \"status\": 500, \"timestamp\":"
            + " \"2026-11-20T10:30:00Z\"}";
    static final String CSV = "AMT_CREDIT,NAME_CONTRACT_TYPE,target,probability\n406597.5,Cash loans,0,0.1\n"
            + "1293502.5,Revolving loans,1,0.7\n";

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("POST", "/api/v1/predictions", "application/json", PREDICTION),
            new Endpoint("POST", "/api/v1/predictions/batch", "application/json", "[" + PREDICTION + "]"),
            new Endpoint("POST", "/api/v1/predictions/batch", "application/x-ndjson", PREDICTION + "\n"
                    + PREDICTION.replace("p-1", "p-2") + "\n"),
            new Endpoint("POST", "/api/v1/ground-truth", "application/json", LABEL),
            new Endpoint("POST", "/api/v1/ground-truth/batch", "application/json", "[" + LABEL + "]"),
            new Endpoint("POST", "/api/v1/request-errors", "application/json", ERROR),
            new Endpoint("PUT", "/api/v1/models/credit-scoring/reference", "text/csv", CSV),
            new Endpoint("POST", "/api/v1/models/credit-scoring/drift-runs", "application/json",
                    "{\"from\": \"2026-11-01T00:00:00Z\", \"to\": \"2026-11-08T00:00:00Z\"}"),
            new Endpoint("POST", "/api/v1/models/credit-scoring/reviews?month=2026-10", "application/json", ""),
            new Endpoint("POST", "/api/v1/models/credit-scoring/validation-reports?period=2026-10", "application/json",
                    ""),
            new Endpoint("POST", "/api/v1/alerts/1/acknowledge", "application/json", "{\"by\": \"ana\"}"),
            new Endpoint("POST", "/api/v1/models/credit-scoring/retraining-runs", "application/json",
                    "{\"force\": false}"));

    static final List<String> ODD_VALUES = List.of("null", "true", "false", "\"\"", "\"x\"", "-1", "0", "1", "2",
            "0.5", "-0.0", "1e309", "-1e309", "1.0000000000000002", "4.9e-324", "NaN", "\"NaN\"", "Infinity",
            "9223372036854775808", "1" + "0".repeat(1200), "[]", "{}", "[1,2]", "{\"a\":{\"b\":1}}",
            "\"" + "y".repeat(5000) + "\"", "\"\\u0000\"", "\"\\ud800\"", "\"2026-13-45T99:00:00\"",
            "\"+999999999-12-31T23:59:59Z\"", "\"0000-01-01T00:00:00Z\"", "\"10000-01-01T00:00:00Z\"",
            "\"../../etc/passwd\"", "\"<script>alert(1)</script>\"", "\"' OR 1=1 --\"");

    @Test
    void noHostilePayloadGetsA5xxOrChangesAnythingWhenRejected() {
        Api api = new Api(port);
        Random random = new Random(20261124L);
        List<String> failures = new ArrayList<>();
        int sent = 0;
        int rejected = 0;
        for (Endpoint endpoint : ENDPOINTS) {
            for (String payload : payloads(endpoint, random)) {
                sent++;
                rejected += send(api, endpoint, endpoint.contentType(), payload, failures) ? 1 : 0;
            }
            for (String type : List.of("text/plain", "application/xml", "application/octet-stream",
                    "application/json; charset=ebcdic", "multipart/form-data")) {
                sent++;
                rejected += send(api, endpoint, type, endpoint.valid(), failures) ? 1 : 0;
            }
        }
        // over the limits: a body larger than the limit, a batch with too many items
        String item = "{\"probability\": 0.1, \"features\": {}}";
        sent += 2;
        rejected += send(api, ENDPOINTS.get(1), "application/json", "[" + (item + ",").repeat(10_000) + item + "]",
                failures) ? 1 : 0;
        rejected += send(api, ENDPOINTS.get(1), "application/json", "[\"" + "z".repeat(33 * 1024 * 1024) + "\"]",
                failures) ? 1 : 0;

        assertThat(failures).as("%d of %d requests misbehaved", failures.size(), sent).isEmpty();
        assertThat(sent).isGreaterThanOrEqualTo(1000);
        assertThat(rejected).isGreaterThan(sent / 2);

        // and the service still works
        Answer ok = api.postJson("/api/v1/predictions", PREDICTION.replace("p-1", "after-the-storm"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(202);
        assertThat(api.get("/api/v1/predictions/after-the-storm").status()).isEqualTo(200);
        assertThat(api.get("/actuator/health").status()).isEqualTo(200);
    }

    /** Sends one payload; true when it was rejected (4xx). Misbehaviour goes to failures. */
    private boolean send(Api api, Endpoint endpoint, String contentType, String payload, List<String> failures) {
        Map<String, Long> before = counts();
        Answer answer = "PUT".equals(endpoint.method()) ? api.put(endpoint.path(), contentType, payload)
                : api.post(endpoint.path(), contentType, payload);
        String what = endpoint.method() + " " + endpoint.path() + " [" + contentType + "] "
                + abbreviate(payload) + " -> " + answer.status() + " " + abbreviate(answer.body());
        if (answer.status() >= 500) {
            failures.add("5xx: " + what);
            return false;
        }
        if (answer.status() >= 400) {
            if (!answer.contentType().startsWith("application/problem+json")) {
                failures.add("not a problem: " + what);
            }
            Map<String, Long> after = counts();
            if (!after.equals(before)) {
                failures.add("changed " + before + " -> " + after + ": " + what);
            }
            return true;
        }
        return false;
    }

    private Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class));
        }
        return counts;
    }

    /** About 120 hostile variants of an endpoint's valid payload. */
    static List<String> payloads(Endpoint endpoint, Random random) {
        String valid = endpoint.valid();
        List<String> payloads = new ArrayList<>(List.of("", " ", "null", "[]", "{}", "[{}]", "\"\"", "0",
                "{\"", "[", "\u0000", "\uFEFF" + valid, valid + valid, valid + "}", "{" + valid,
                "[".repeat(600) + "]".repeat(600), "[".repeat(20_000), "{\"a\":".repeat(2_000) + "1"
                        + "}".repeat(2_000)));
        // truncated at random points
        for (int i = 0; i < 25 && valid.length() > 1; i++) {
            payloads.add(valid.substring(0, random.nextInt(valid.length())));
        }
        // random bytes flipped, inserted or deleted
        for (int i = 0; i < 25 && !valid.isEmpty(); i++) {
            StringBuilder mutated = new StringBuilder(valid);
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                int at = random.nextInt(mutated.length());
                switch (random.nextInt(3)) {
                    case 0 -> mutated.setCharAt(at, (char) (32 + random.nextInt(95)));
                    case 1 -> mutated.insert(at, "\",:{}[]\\0-e.\n".charAt(random.nextInt(13)));
                    default -> mutated.deleteCharAt(at);
                }
                if (mutated.isEmpty()) {
                    break;
                }
            }
            payloads.add(mutated.toString());
        }
        // every value replaced with odd ones, one at a time
        List<int[]> values = valueSpans(valid);
        for (int i = 0; i < 45 && !values.isEmpty(); i++) {
            int[] span = values.get(random.nextInt(values.size()));
            String odd = ODD_VALUES.get(random.nextInt(ODD_VALUES.size()));
            payloads.add(valid.substring(0, span[0]) + odd + valid.substring(span[1]));
        }
        // duplicated keys and items
        if (valid.startsWith("{")) {
            payloads.add(valid.replaceFirst("\\{", "{\"probability\": 7, \"status\": 7, \"actual_default\": 7, "));
            payloads.add("[" + valid + "," + valid + "]");
        }
        if ("text/csv".equals(endpoint.contentType())) {
            payloads.addAll(List.of("AMT_CREDIT,target\n1,0\n", "a,a,target,probability\n1,2,0,0.1\n",
                    "x,target,probability\n1,0\n", "x,target,probability\n1,0,0.1,9\n",
                    "x,target,probability\n1,2,0.1\n", "x,target,probability\n1,0,1.5\n",
                    "x,target,probability\n\"unterminated,0,0.1\n", "target,probability\n",
                    ",".repeat(3000) + "\n", "x,target,probability\n1,0,NaN\n", "x".repeat(300)
                            + ",target,probability\n1,0,0.1\n"));
        }
        return payloads;
    }

    /** Where the JSON values of a payload are (after each ':' up to the next ',' or '}' at depth). */
    static List<int[]> valueSpans(String json) {
        List<int[]> spans = new ArrayList<>();
        for (int i = 0; i < json.length(); i++) {
            if (json.charAt(i) != ':') {
                continue;
            }
            int start = i + 1;
            while (start < json.length() && json.charAt(start) == ' ') {
                start++;
            }
            int end = start;
            int depth = 0;
            boolean quoted = false;
            while (end < json.length()) {
                char c = json.charAt(end);
                if (c == '"' && (end == 0 || json.charAt(end - 1) != '\\')) {
                    quoted = !quoted;
                } else if (!quoted && (c == '{' || c == '[')) {
                    depth++;
                } else if (!quoted && (c == '}' || c == ']')) {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                } else if (!quoted && c == ',' && depth == 0) {
                    break;
                }
                end++;
            }
            if (end > start) {
                spans.add(new int[] {start, end});
            }
        }
        return spans;
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace("\n", "\\n");
        return oneLine.length() > 160 ? oneLine.substring(0, 160) + "..." : oneLine;
    }
}
