package io.scorewatch.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.scorewatch.support.Api;
import io.scorewatch.support.Api.Answer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Estimated performance over HTTP against scikit-learn and numpy
 * (src/test/python/generate_estimation_golden.py, service.json): an over-confident reference is
 * judged miscalibrated, isotonic calibration is applied, and the estimate over unlabelled
 * predictions equals the golden one; the weekly cohort shows it beside the (absent) labels.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EstimatedPerformanceIntegrationTests {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("scorewatch.data-dir", () -> data.toString());
        registry.add("scorewatch.schedule.realtime", () -> "-");
    }

    @LocalServerPort
    int port;

    @Test
    void theEstimateOverUnlabelledPredictionsEqualsTheGoldenOne() throws IOException {
        JsonNode golden = JsonMapper.builder().build()
                .readTree(Files.readString(Path.of("src/test/resources/golden/estimation/service.json")));
        Api api = new Api(port);
        Answer before = api.get("/api/v1/models/credit-scoring/metrics");
        assertThat(before.json().get("estimated_performance").get("calibration").get("note").asString())
                .startsWith("no reference dataset");

        StringBuilder csv = new StringBuilder("AMT_CREDIT,target,probability\n");
        JsonNode reference = golden.get("reference");
        for (int i = 0; i < reference.get("target").size(); i++) {
            csv.append(1000 + i).append(',').append(reference.get("target").get(i).asInt()).append(',')
                    .append(reference.get("probability").get(i).asDouble()).append('\n');
        }
        Answer upload = api.put("/api/v1/models/credit-scoring/reference", "text/csv", csv.toString());
        assertThat(upload.status()).as(upload.body()).isEqualTo(200);

        List<Map<String, Object>> predictions = new ArrayList<>();
        String at = Instant.now().minusSeconds(60).toString();
        for (JsonNode p : golden.get("window")) {
            predictions.add(Map.of("probability", p.asDouble(), "timestamp", at, "features", Map.of("AMT_CREDIT", 1)));
        }
        assertThat(api.postJson("/api/v1/predictions/batch", Api.json(predictions)).status()).isEqualTo(202);

        JsonNode estimated = api.get("/api/v1/models/credit-scoring/metrics?window=1h").json()
                .get("estimated_performance");
        JsonNode calibration = estimated.get("calibration");
        assertThat(calibration.get("reference_rows").asLong()).isEqualTo(reference.get("target").size());
        assertThat(calibration.get("ece_raw").asDouble()).isCloseTo(golden.get("ece_raw").asDouble(), within(1e-12));
        assertThat(calibration.get("ece_calibrated").asDouble())
                .isCloseTo(golden.get("ece_calibrated").asDouble(), within(1e-12));
        assertThat(calibration.get("isotonic_applied").asBoolean()).isEqualTo(golden.get("isotonic_applied")
                .asBoolean()).isTrue();
        JsonNode expected = golden.get("expected");
        assertThat(estimated.get("predictions").asLong()).isEqualTo(golden.get("window").size());
        assertThat(estimated.get("estimated_roc_auc").asDouble()).isCloseTo(expected.get("roc_auc").asDouble(),
                within(1e-12));
        assertThat(estimated.get("estimated_precision").asDouble())
                .isCloseTo(expected.get("precision").asDouble(), within(1e-12));
        assertThat(estimated.get("estimated_recall").asDouble()).isCloseTo(expected.get("recall").asDouble(),
                within(1e-12));
        assertThat(estimated.get("estimated_f1").asDouble()).isCloseTo(expected.get("f1").asDouble(), within(1e-12));
        assertThat(estimated.get("estimated_business_cost").asDouble())
                .isCloseTo(expected.get("business_cost").asDouble(), within(1e-9));
        assertThat(estimated.get("estimated_confusion_matrix").get("tp").asDouble())
                .isCloseTo(expected.get("tp").asDouble(), within(1e-9));
        JsonNode aucBand = estimated.get("bands").get("estimated_roc_auc");
        assertThat(aucBand.get("lower").asDouble()).isLessThan(estimated.get("estimated_roc_auc").asDouble());
        assertThat(aucBand.get("upper").asDouble()).isGreaterThan(estimated.get("estimated_roc_auc").asDouble());
        assertThat(aucBand.get("upper").asDouble() - aucBand.get("lower").asDouble())
                .isCloseTo(6 * aucBand.get("standard_error").asDouble(), within(1e-12));
        // realised performance needs labels; the estimate does not
        assertThat(api.get("/api/v1/models/credit-scoring/metrics?window=1h").json().get("performance")
                .get("roc_auc").isNull()).isTrue();

        // the shipped rule on the estimate sees the upper end of the band over the default window
        JsonNode report = api.postJson("/api/v1/models/credit-scoring/monitoring-runs", "").json();
        JsonNode rule = report.get("alerts").valueStream()
                .filter(a -> a.get("rule").asString().equals("estimated_performance_degradation")).findFirst()
                .orElseThrow();
        assertThat(rule.get("value").asDouble()).isCloseTo(report.get("performance").get("estimated_performance")
                .get("bands").get("estimated_roc_auc").get("upper").asDouble(), within(1e-15));
        assertThat(rule.get("value").asDouble()).isGreaterThan(0.70);
        assertThat(rule.get("state").asString()).isEqualTo("ok");

        JsonNode cohorts = api.get("/api/v1/models/credit-scoring/cohorts?weeks=3").json();
        assertThat(cohorts).hasSize(3);
        JsonNode thisWeek = cohorts.get(0);
        assertThat(thisWeek.get("week").asString()).matches("\\d{4}-W\\d{2}");
        assertThat(thisWeek.get("predictions").asLong()).isEqualTo(golden.get("window").size());
        assertThat(thisWeek.get("labeled_share").asDouble()).isZero();
        assertThat(thisWeek.get("estimated").get("estimated_roc_auc").asDouble())
                .isCloseTo(expected.get("roc_auc").asDouble(), within(1e-12));
        assertThat(cohorts.get(2).get("predictions").asLong()).isZero();
        assertThat(api.get("/api/v1/models/credit-scoring/cohorts?weeks=0").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/models/nope/cohorts").status()).isEqualTo(404);
    }
}
