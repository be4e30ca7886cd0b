package io.scorewatch.credit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.scorewatch.stats.AucFallTest;
import io.scorewatch.stats.BinomialTest;
import io.scorewatch.stats.DeLongAuc;
import io.scorewatch.stats.JeffreysTest;
import io.scorewatch.support.Api;
import io.scorewatch.support.Api.Answer;
import tools.jackson.databind.JsonNode;

/**
 * The credit-validation reads over HTTP on the H2 file store (and on PostgreSQL in
 * {@code PostgresCreditValidationIntegrationTests}). A portfolio of January 2024 (matured
 * for a P12M performance window) has four configured grades; grade C defaults at twice its PD and
 * the others at their PD, so only C must fail, with the p-values of the scipy-checked stats
 * classes. A cohort of last month is immature, and clients scored in June and July 2023 migrate.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CreditValidationIntegrationTests {

    private static final String MODEL = "/api/v1/models/credit-scoring";
    private static final String WINDOW = "from=2023-12-01T00:00:00Z";
    private static final double INITIAL_AUC = 0.75;

    @TempDir
    static Path data;

    @TempDir
    static Path config;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Files.createDirectories(config.resolve("models"));
        Files.writeString(config.resolve("alert_rules.yaml"), Files.readString(Path.of("config/alert_rules.yaml"))
                + """

                  - name: red_grade
                    metric: red_grades
                    condition: "> 0"
                    severity: WARNING
                    action: log_investigation
                """);
        Files.writeString(config.resolve("models/credit-scoring.yaml"), Files.readString(
                Path.of("config/models/credit-scoring.yaml")) + """
                grades:
                  - {name: A, max-pd: 0.02}
                  - {name: B, max-pd: 0.05}
                  - {name: C, max-pd: 0.1}
                  - {name: D, max-pd: 1}
                initial-auc: %s
                """.formatted(INITIAL_AUC));
        Files.writeString(config.resolve("models/scorecard.yaml"), "decision-threshold: 0.3\n"
                + "expected-positive-rate: 0.1\nhigh-risk-probability: 0.6\n"
                + "costs: {false-negative: 10, false-positive: 1}\n");
        registry.add("scorewatch.data-dir", () -> data.toString());
        registry.add("scorewatch.config-dir", () -> config.toString());
        // the daily gauges read the default window ending now: long enough to reach January 2024
        registry.add("scorewatch.credit.default-window", () -> "1200d");
    }

    /** A grade of the January portfolio: size, mean PD, defaults within the window. */
    private record Grade(String name, int count, double low, double high, int defaults) {
    }

    private static final List<Grade> GRADES = List.of(
            new Grade("A", 500, 0.005, 0.015, 5),
            new Grade("B", 500, 0.03, 0.05, 20),
            new Grade("C", 500, 0.07, 0.09, 80), // twice its PD of 0.08
            new Grade("D", 200, 0.2, 0.4, 60));

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CreditGauges gauges;

    @Autowired
    io.scorewatch.model.ModelRegistry models;

    Api api;

    /** The champion predictions a challenger scored in shadow. */
    static final List<String> shadowed = new ArrayList<>();

    /** The matured portfolio's labelled rows, in time order: probability and whether bad. */
    static final List<double[]> matured = new ArrayList<>();

    @BeforeEach
    void load() {
        api = new Api(port);
        if (jdbc.queryForObject("SELECT COUNT(*) FROM prediction", Long.class) > 0) {
            return;
        }
        List<Map<String, Object>> predictions = new ArrayList<>();
        List<Map<String, Object>> labels = new ArrayList<>();
        Instant january = Instant.parse("2024-01-01T00:00:00Z");
        int minute = 0;
        matured.clear();
        for (Grade grade : GRADES) {
            for (int i = 0; i < grade.count(); i++) {
                double p = grade.low() + (grade.high() - grade.low()) * i / (grade.count() - 1);
                String id = "jan-" + grade.name() + "-" + i;
                predictions.add(prediction(id, p, january.plusSeconds(60L * minute++), null));
                // defaults spread over the grade, days to default within the first months
                boolean bad = i % (grade.count() / grade.defaults()) == 0
                        && i / (grade.count() / grade.defaults()) < grade.defaults();
                labels.add(bad ? label(id, 1, 20 + (i % 300)) : label(id, 0, null));
                matured.add(new double[] {p, bad ? 1 : 0});
            }
        }
        // matured but unlabelled: left out and counted
        for (int i = 0; i < 10; i++) {
            predictions.add(prediction("jan-unlabelled-" + i, 0.01, january.plusSeconds(60L * minute++), null));
        }
        // grade B clients that defaulted after the performance window: good within it
        for (int i = 0; i < 5; i++) {
            String id = "jan-late-" + i;
            predictions.add(prediction(id, 0.04, january.plusSeconds(60L * minute++), null));
            labels.add(label(id, 1, 400));
            matured.add(new double[] {0.04, 0});
        }
        // last month: immature, 100 predictions at 0.1, 3 early defaults already known
        Instant recent = Instant.now().minus(Duration.ofDays(10));
        for (int i = 0; i < 100; i++) {
            String id = "recent-" + i;
            predictions.add(prediction(id, 0.1, recent.plusSeconds(60L * i), null));
            labels.add(i < 3 ? label(id, 1, 5) : label(id, 0, null));
        }
        migrations(predictions);
        assertThat(api.postJson("/api/v1/predictions/batch", Api.json(predictions)).status()).isEqualTo(202);
        assertThat(api.postJson("/api/v1/predictions/batch", Api.json(shadows(predictions))).status())
                .isEqualTo(202);
        assertThat(api.postJson("/api/v1/ground-truth/batch", Api.json(labels)).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM prediction WHERE actual_default IS NOT NULL", Long.class) == labels.size());
    }

    /**
     * Clients in June and July 2023: 10 stay in A, 5 move A to B, 3 move A to D, 2 move C to B;
     * one is scored twice in June (A, then C: the later counts) and stays in C; one is scored in
     * June only.
     */
    private static void migrations(List<Map<String, Object>> predictions) {
        Instant june = Instant.parse("2023-06-10T00:00:00Z");
        Instant july = Instant.parse("2023-07-10T00:00:00Z");
        int n = 0;
        double[][] moves = new double[20][];
        for (int i = 0; i < 20; i++) {
            moves[i] = i < 10 ? new double[] {0.01, 0.015} : i < 15 ? new double[] {0.01, 0.04}
                    : i < 18 ? new double[] {0.01, 0.5} : new double[] {0.08, 0.03};
        }
        for (double[] move : moves) {
            String client = "client-" + n;
            predictions.add(prediction("jun-" + n, move[0], june.plusSeconds(60L * n), client));
            Map<String, Object> later = prediction("jul-" + n, move[1], july.plusSeconds(60L * n), client);
            // the lender's final decision, and a reason for some
            later.put("final_decision", n % 3 == 0 ? 1 : 0);
            if (n % 6 == 0) {
                later.put("override_reason", "collateral");
            }
            predictions.add(later);
            n++;
        }
        predictions.add(prediction("jun-twice-1", 0.01, june.plusSeconds(3600), "client-twice"));
        predictions.add(prediction("jun-twice-2", 0.09, june.plusSeconds(7200), "client-twice"));
        predictions.add(prediction("jul-twice", 0.07, july.plusSeconds(3600), "client-twice"));
        predictions.add(prediction("jun-only", 0.01, june.plusSeconds(10800), "client-june-only"));
    }

    /**
     * A challenger scoring every fifth application in shadow, a minute after the champion and at a
     * PD of 0.5 (grade D): it never counts in the champion's figures, so no figure the tests check
     * changes (with them, counts, unlabelled predictions and migrations would).
     */
    private static List<Map<String, Object>> shadows(List<Map<String, Object>> champions) {
        shadowed.clear();
        List<Map<String, Object>> shadows = new ArrayList<>();
        for (int i = 0; i < champions.size(); i += 5) {
            Map<String, Object> champion = champions.get(i);
            Map<String, Object> shadow = prediction("shadow-" + i, 0.5,
                    Instant.parse((String) champion.get("timestamp")).plusSeconds(30),
                    (String) champion.get("client_id"));
            shadow.put("shadow_of", champion.get("prediction_id"));
            shadow.put("model_version", "challenger-1");
            shadows.add(shadow);
            shadowed.add((String) champion.get("prediction_id"));
        }
        return shadows;
    }

    private static Map<String, Object> prediction(String id, double p, Instant at, String client) {
        Map<String, Object> prediction = new HashMap<>(Map.of("prediction_id", id, "probability", p,
                "timestamp", at.toString(), "features", Map.of("AMT_INCOME_TOTAL", 100000.0)));
        if (client != null) {
            prediction.put("client_id", client);
        }
        return prediction;
    }

    private static Map<String, Object> label(String id, int outcome, Integer days) {
        Map<String, Object> label = new HashMap<>(Map.of("prediction_id", id, "actual_default", outcome));
        if (days != null) {
            label.put("days_to_default", days);
        }
        return label;
    }

    @Test
    void onlyTheMiscalibratedGradeFailsWithScipysPValues() {
        Answer answer = api.get(MODEL + "/calibration?" + WINDOW);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode calibration = answer.json();
        assertThat(calibration.get("method").asString()).isEqualTo("exact");
        assertThat(calibration.get("segment").isNull()).isTrue();
        assertThat(calibration.get("unlabelled").asLong()).isEqualTo(10);
        assertThat(calibration.get("grade_source").asString()).isEqualTo("configured");
        JsonNode grades = calibration.get("grades");
        assertThat(grades).hasSize(4);
        for (int k = 0; k < 4; k++) {
            Grade grade = GRADES.get(k);
            JsonNode row = grades.get(k);
            int extra = grade.name().equals("A") ? 0 : grade.name().equals("B") ? 5 : 0;
            long count = grade.count() + extra;
            double meanPd = meanPd(k);
            assertThat(row.get("grade").asString()).isEqualTo(grade.name());
            assertThat(row.get("count").asLong()).isEqualTo(count);
            assertThat(row.get("defaults").asLong()).isEqualTo(grade.defaults());
            assertThat(row.get("mean_pd").asDouble()).isCloseTo(meanPd, within(1e-12));
            assertThat(row.get("observed_default_rate").asDouble()).isEqualTo((double) grade.defaults() / count);
            assertThat(row.get("jeffreys_p_value").asDouble()).isCloseTo(
                    JeffreysTest.of(count, grade.defaults(), meanPd).pValue(), within(1e-9));
            assertThat(row.get("binomial_p_value").asDouble()).isCloseTo(
                    BinomialTest.of(count, grade.defaults(), meanPd).pValue(), within(1e-9));
            assertThat(row.get("traffic_light").asString()).as(grade.name())
                    .isEqualTo(grade.name().equals("C") ? "RED" : "GREEN");
        }
        assertThat(grades.get(2).get("jeffreys_p_value").asDouble()).isLessThan(1e-6);
        JsonNode portfolio = calibration.get("portfolio");
        assertThat(portfolio.get("count").asLong()).isEqualTo(1705);
        assertThat(portfolio.get("defaults").asLong()).isEqualTo(165);
        JsonNode hl = calibration.get("hosmer_lemeshow");
        assertThat(hl.get("dof").asInt()).isEqualTo(2);
        assertThat(hl.get("p_value").asDouble()).isLessThan(0.01);
        assertThat(calibration.get("hhi").get("current").asDouble()).isBetween(0.25, 1.0);
    }

    /** The mean probability of grade k's matured labelled rows, summed in time order. */
    private static double meanPd(int k) {
        double low = k == 0 ? 0 : new double[] {0.02, 0.05, 0.1}[k - 1];
        double high = new double[] {0.02, 0.05, 0.1, 1}[k];
        double sum = 0;
        int n = 0;
        for (double[] row : matured) {
            if (row[0] > low && row[0] <= high) {
                sum += row[0];
                n++;
            }
        }
        return sum / n;
    }

    @Test
    void discriminationMatchesDeLongAndTheFallTest() {
        JsonNode discrimination = api.get(MODEL + "/discrimination?" + WINDOW).json();
        boolean[] labels = new boolean[matured.size()];
        double[] scores = new double[matured.size()];
        for (int i = 0; i < labels.length; i++) {
            scores[i] = matured.get(i)[0];
            labels[i] = matured.get(i)[1] == 1;
        }
        DeLongAuc auc = DeLongAuc.of(labels, scores);
        AucFallTest fall = AucFallTest.of(auc, INITIAL_AUC);
        assertThat(discrimination.get("method").asString()).isEqualTo("exact");
        assertThat(discrimination.get("defaults").asLong()).isEqualTo(165);
        assertThat(discrimination.get("auc").asDouble()).isCloseTo(auc.auc(), within(1e-12));
        assertThat(discrimination.get("auc_variance").asDouble()).isCloseTo(auc.variance(), within(1e-15));
        assertThat(discrimination.get("gini").asDouble()).isCloseTo(2 * auc.auc() - 1, within(1e-12));
        assertThat(discrimination.get("initial_auc").asDouble()).isEqualTo(INITIAL_AUC);
        assertThat(discrimination.get("initial_auc_source").asString()).isEqualTo("configured");
        assertThat(discrimination.get("z").asDouble()).isCloseTo(fall.z(), within(1e-9));
        assertThat(discrimination.get("p_value").asDouble()).isCloseTo(fall.pValue(), within(1e-9));
    }

    @Test
    void immatureCohortsAreEstimatesAndMaturedOnesRealised() {
        JsonNode cohorts = api.get(MODEL + "/vintages?" + WINDOW).json().get("cohorts");
        assertThat(cohorts).hasSize(2);
        JsonNode january = cohorts.get(0);
        assertThat(january.get("month").asString()).isEqualTo("2024-01");
        assertThat(january.get("predictions").asLong()).isEqualTo(1715);
        assertThat(january.get("matured").asBoolean()).isTrue();
        assertThat(january.get("bad_rate").asDouble()).isEqualTo(165.0 / 1705);
        assertThat(january.get("bad_rate_source").asString()).isEqualTo("realised");
        assertThat(january.get("curve")).hasSize(12);
        assertThat(january.get("curve").get(11).get("cumulative_bad_rate").asDouble()).isEqualTo(165.0 / 1715);
        assertThat(january.get("curve").get(0).get("cumulative_bad_rate").asDouble()).isLessThan(165.0 / 1715);
        JsonNode recent = cohorts.get(1);
        assertThat(recent.get("month").asString()).isEqualTo(
                YearMonth.from(Instant.now().minus(Duration.ofDays(10)).atZone(ZoneOffset.UTC)).toString());
        assertThat(recent.get("matured").asBoolean()).isFalse();
        assertThat(recent.get("bad_rate").isNull()).isTrue();
        assertThat(recent.get("bad_rate_source").asString()).isEqualTo("estimate");
        assertThat(recent.get("estimated_bad_rate").asDouble()).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void migrationsCountTheClientsScoredInBothMonths() {
        JsonNode migrations = api.get(MODEL + "/migrations?from=2023-06&to=2023-07").json();
        assertThat(migrations.get("clients").asLong()).isEqualTo(21);
        assertThat(migrations.get("grades").toString()).isEqualTo("[\"A\",\"B\",\"C\",\"D\"]");
        assertThat(migrations.get("counts").toString()).isEqualTo("[[10,5,0,3],[0,0,0,0],[0,2,1,0],[0,0,0,0]]");
        assertThat(migrations.get("stayed_share").asDouble()).isCloseTo(11.0 / 21, within(1e-12));
        assertThat(migrations.get("within_one_grade_share").asDouble()).isCloseTo(18.0 / 21, within(1e-12));
        assertThat(migrations.get("row_shares").get(1).isNull()).isTrue();
    }

    @Test
    void theValidationReportRendersTheGradeTableAndItsJsonAgrees() {
        Answer page = api.get("/reports/validation/credit-scoring?period=2025-06");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("id=\"grade-table\"").contains("data-grade=\"C\"")
                .contains("Calibration per grade").contains("Vintages").contains("HHI, current")
                .contains("Thresholds and versions in force").contains("uPlot");
        Answer json = api.get(MODEL + "/validation?period=2025-06");
        assertThat(json.status()).isEqualTo(200);
        JsonNode validation = json.json();
        assertThat(validation.get("as_of").asString()).isEqualTo("2025-07-01T00:00:00Z");
        assertThat(validation.get("calibration").get("grades").get(2).get("traffic_light").asString())
                .isEqualTo("RED");
        assertThat(validation.get("in_force").get("traffic_light_yellow_below").asDouble()).isEqualTo(0.05);
        assertThat(validation.get("in_force").get("traffic_light_red_below").asDouble()).isEqualTo(0.01);
        assertThat(validation.get("in_force").get("model_version").toString())
                .as("the champion's predictions name no version; a challenger's shadow version is never in force")
                .isEqualTo("null");
        assertThat(validation.get("migrations").get("from").asString()).isEqualTo("2025-05");
        Answer review = api.postJson("/api/v1/models/credit-scoring/reviews?month=2025-06", "");
        assertThat(review.status()).as(review.body()).isEqualTo(201);
        long reportId = review.json().get("validation_report_id").asLong();
        String link = review.json().get("validation_report").asString();
        assertThat(link).isEqualTo("/reports/validation-reports/" + reportId);
        Answer linked = api.get(link);
        assertThat(linked.status()).as(linked.body()).isEqualTo(200);
        assertThat(linked.body()).contains("id=\"stored-report\"").contains("data-grade=\"C\"");
        JsonNode stored = api.get(MODEL + "/validation-reports/" + reportId).json();
        assertThat(stored.get("period").asString()).isEqualTo("2025-06");
        assertThat(stored.get("origin").asString()).isEqualTo("on_demand");
        long id = review.json().get("id").asLong();
        assertThat(api.get("/api/v1/models/credit-scoring/reviews/" + id).json().get("validation_report").asString())
                .isEqualTo(link);
        for (String query : List.of("", "?period=2025-13", "?period=2999-01", "?period=2025-06&segment=x")) {
            Answer bad = api.get("/reports/validation/credit-scoring" + query);
            assertThat(bad.status()).as(query).isEqualTo(400);
            assertThat(bad.contentType()).as(query).startsWith("application/problem+json");
            assertThat(api.get(MODEL + "/validation" + query).status()).as(query).isEqualTo(400);
        }
    }

    private long storedReports() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM validation_report", Long.class);
    }

    @Test
    void aStoredReportKeepsItsFiguresWithTheThresholdsThatJudgedThem() throws IOException {
        long before = storedReports();
        assertThat(api.get(MODEL + "/validation?period=2025-06").status()).isEqualTo(200);
        assertThat(api.get("/reports/validation/credit-scoring?period=2025-06").status()).isEqualTo(200);
        assertThat(storedReports()).as("the live report stores nothing").isEqualTo(before);

        Answer created = api.postJson(MODEL + "/validation-reports?period=2025-06", "");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(storedReports()).isEqualTo(before + 1);
        long id = created.json().get("id").asLong();
        assertThat(created.json().get("origin").asString()).isEqualTo("on_demand");
        assertThat(created.json().get("page").asString()).isEqualTo("/reports/validation-reports/" + id);
        assertThat(created.json().get("json").asString()).isEqualTo(MODEL + "/validation-reports/" + id);

        JsonNode stored = api.get(MODEL + "/validation-reports/" + id).json();
        JsonNode report = stored.get("report");
        assertThat(report.get("period").asString()).isEqualTo("2025-06");
        assertThat(report.get("calibration").get("grades").get(2).get("traffic_light").asString()).isEqualTo("RED");
        JsonNode inForce = report.get("in_force");
        assertThat(inForce.get("traffic_light_yellow_below").asDouble()).isEqualTo(0.05);
        assertThat(inForce.get("traffic_light_red_below").asDouble()).isEqualTo(0.01);
        assertThat(inForce.get("auc_fall_significance").asDouble()).isEqualTo(0.05);
        assertThat(inForce.get("grades").toString()).isEqualTo("[{\"grade\":\"A\",\"max_pd\":0.02},"
                + "{\"grade\":\"B\",\"max_pd\":0.05},{\"grade\":\"C\",\"max_pd\":0.1},{\"grade\":\"D\",\"max_pd\":1.0}]");
        assertThat(inForce.get("initial_auc").asDouble()).isEqualTo(INITIAL_AUC);
        assertThat(report.get("auc_fallen").isBoolean()).isTrue();
        assertThat(report.get("auc_fallen").asBoolean())
                .isEqualTo(report.get("discrimination").get("p_value").asDouble() < 0.05);
        assertThat(rule(inForce, "high_override_rate").get("condition").asString()).isEqualTo("> 0.10");
        assertThat(rule(inForce, "high_override_rate").get("metric").asString()).isEqualTo("override_rate");
        assertThat(rule(inForce, "red_grade").get("condition").asString()).isEqualTo("> 0");
        assertThat(rule(inForce, "feature_drift")).as("only the rules on credit figures").isNull();

        // the rules change: the stored report keeps those that judged it, the live one shows the new
        Path rules = config.resolve("alert_rules.yaml");
        String original = Files.readString(rules);
        Files.writeString(rules, original.replace("metric: red_grades\n    condition: \"> 0\"",
                "metric: red_grades\n    condition: \">= 1\""));
        try {
            assertThat(api.postJson("/api/v1/alert-rules/reload", "").status()).isEqualTo(200);
            assertThat(rule(api.get(MODEL + "/validation?period=2025-06").json().get("in_force"), "red_grade")
                    .get("condition").asString()).isEqualTo(">= 1");
            assertThat(rule(api.get(MODEL + "/validation-reports/" + id).json().get("report").get("in_force"),
                    "red_grade").get("condition").asString()).isEqualTo("> 0");
            Answer page = api.get("/reports/validation-reports/" + id);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.contentType()).startsWith("text/html");
            assertThat(page.body()).contains("id=\"stored-report\"").contains("data-grade=\"C\"")
                    .contains("id=\"alert-rule-table\"").contains("&gt; 0").doesNotContain("&gt;= 1");
        } finally {
            Files.writeString(rules, original);
            assertThat(api.postJson("/api/v1/alert-rules/reload", "").status()).isEqualTo(200);
        }

        JsonNode listed = api.get(MODEL + "/validation-reports?period=2025-06").json();
        assertThat(listed.findValuesAsString("period")).isNotEmpty().containsOnly("2025-06");
        assertThat(listed.get(0).get("id").asLong()).isEqualTo(id);
        assertThat(listed.get(0).has("report")).isFalse();
        assertThat(api.get(MODEL + "/validation-reports?period=2024-01").json()).isEmpty();
    }

    private static JsonNode rule(JsonNode inForce, String name) {
        for (JsonNode rule : inForce.get("alert_rules")) {
            if (rule.get("rule").asString().equals(name)) {
                return rule;
            }
        }
        return null;
    }

    @Test
    void theMonthlyJobStoresTheReportItsReviewLinks() {
        Answer run = api.postJson("/api/v1/jobs/monthly/runs", "");
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        String lastMonth = YearMonth.now(ZoneOffset.UTC).minusMonths(1).toString();
        JsonNode stored = api.get(MODEL + "/validation-reports?period=" + lastMonth).json();
        assertThat(stored).isNotEmpty();
        assertThat(stored.get(0).get("origin").asString()).isEqualTo("scheduled");
        JsonNode review = api.get("/api/v1/models/credit-scoring/reviews?limit=1").json().get(0);
        assertThat(review.get("month").asString()).isEqualTo(lastMonth);
        assertThat(review.get("validation_report_id").asLong()).isEqualTo(stored.get(0).get("id").asLong());
        Answer page = api.get(review.get("validation_report").asString());
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("(scheduled)");
    }

    @Test
    void badRequestsForStoredReportsAreProblemsAndStoreNothing() {
        long before = storedReports();
        for (String query : List.of("?period=2025-13", "?period=2999-01", "?period=2025-06&segment=x",
                "?period=june")) {
            Answer bad = api.postJson(MODEL + "/validation-reports" + query, "");
            assertThat(bad.status()).as(query).isEqualTo(400);
            assertThat(bad.contentType()).as(query).startsWith("application/problem+json");
            assertThat(bad.body()).as(query).contains(query.contains("segment") ? "\"segment\"" : "\"period\"");
        }
        for (String path : List.of(MODEL + "/validation-reports?period=x", MODEL + "/validation-reports?limit=0",
                MODEL + "/validation-reports/abc")) {
            Answer bad = api.get(path);
            assertThat(bad.status()).as(path).isEqualTo(400);
            assertThat(bad.contentType()).as(path).startsWith("application/problem+json");
        }
        for (String path : List.of(MODEL + "/validation-reports/987654321", "/reports/validation-reports/987654321",
                "/api/v1/models/nope/validation-reports")) {
            Answer missing = api.get(path);
            assertThat(missing.status()).as(path).isEqualTo(404);
            assertThat(missing.contentType()).as(path).startsWith("application/problem+json");
        }
        assertThat(api.postJson("/api/v1/models/nope/validation-reports?period=2025-06", "").status())
                .isEqualTo(404);
        assertThat(api.withKey(Api.VIEWER_KEY).postJson(MODEL + "/validation-reports?period=2025-06", "").status())
                .isEqualTo(403);
        assertThat(storedReports()).isEqualTo(before);
        Answer created = api.postJson(MODEL + "/validation-reports?period=2025-06", "");
        long id = created.json().get("id").asLong();
        assertThat(api.get("/api/v1/models/scorecard/validation-reports/" + id).status())
                .as("a report is read under its own model").isEqualTo(404);
        assertThat(api.withKey(Api.VIEWER_KEY).get("/reports/validation-reports/" + id).status()).isEqualTo(200);
    }

    @Test
    void theReportKeepsThePeriodsOverridesAndChallengers() {
        JsonNode validation = api.get(MODEL + "/validation?period=2023-07").json();
        String month = "from=2023-07-01T00:00:00Z&to=2023-08-01T00:00:00Z";
        JsonNode overrides = validation.get("overrides");
        assertThat(overrides.get("decisions").asLong()).isEqualTo(20);
        assertThat(overrides).isEqualTo(api.get(MODEL + "/overrides?" + month).json());
        JsonNode challengers = validation.get("challengers");
        assertThat(challengers).isEqualTo(api.get(MODEL + "/challengers?" + month).json());
        assertThat(challengers.get("challengers")).hasSize(1);
        assertThat(challengers.get("challengers").get(0).get("model_version").asString()).isEqualTo("challenger-1");
        assertThat(challengers.get("challengers").get(0).get("pairs").asLong())
                .isEqualTo(shadowed.stream().filter(id -> id.startsWith("jul-")).count()).isPositive();
        Answer page = api.get("/reports/validation/credit-scoring?period=2023-07");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"overrides\"").contains("id=\"override-reason-table\"")
                .contains("collateral").contains("id=\"challenger-table\"").contains("challenger-1");
    }

    @Test
    void theDailyRefreshSetsBoundedGaugesAndFeedsAlertRules() {
        gauges.daily();
        CreditValidated validated = gauges.refresh(models.get("credit-scoring"));
        assertThat(validated.redGrades()).isEqualTo(1.0);
        String scrape = api.get("/actuator/prometheus").body();
        assertThat(scrape).containsPattern(
                "credit_scoring_grade_traffic_light\\{[^}]*grade=\"C\"[^}]*model=\"credit-scoring\"[^}]*\\} 2\\.0");
        assertThat(scrape).containsPattern(
                "credit_scoring_grade_traffic_light\\{[^}]*grade=\"A\"[^}]*model=\"credit-scoring\"[^}]*\\} 0\\.0");
        assertThat(scrape).containsPattern("credit_scoring_hosmer_lemeshow_p_value\\{[^}]*model=\"credit-scoring\"");
        assertThat(scrape).containsPattern("credit_scoring_auc_fall_p_value\\{[^}]*model=\"credit-scoring\"");
        assertThat(scrape).containsPattern("credit_scoring_grade_hhi\\{[^}]*model=\"credit-scoring\"[^}]*\\} 0\\.");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.get("/api/v1/alerts?model=credit-scoring").json().toString())
                .contains("\"rule\":\"red_grade\"").contains("\"metric\":\"red_grades\""));
    }

    @Test
    void withoutGradesTheScaleIsTheReferenceDecilesAndTheInitialAucTheReferences() {
        String scorecard = "/api/v1/models/scorecard";
        assertThat(api.get(scorecard + "/calibration").status()).isEqualTo(404);
        StringBuilder csv = new StringBuilder("target,probability,AMT_INCOME_TOTAL\n");
        boolean[] labels = new boolean[200];
        double[] scores = new double[200];
        for (int i = 0; i < 200; i++) {
            scores[i] = (i + 0.5) / 200;
            labels[i] = i % 7 == 0 || i > 170;
            csv.append(labels[i] ? 1 : 0).append(',').append(scores[i]).append(",1000\n");
        }
        Answer upload = api.put(scorecard + "/reference", "text/csv", csv.toString());
        assertThat(upload.status()).as(upload.body()).isEqualTo(200);
        JsonNode calibration = api.get(scorecard + "/calibration").json();
        assertThat(calibration.get("grade_source").asString()).isEqualTo("reference-deciles");
        assertThat(calibration.get("grades")).hasSize(10);
        assertThat(calibration.get("grades").get(0).get("grade").asString()).isEqualTo("D1");
        assertThat(calibration.get("grades").get(0).get("max_pd").asDouble()).isEqualTo(
                io.scorewatch.stats.DecileBounds.of(io.scorewatch.stats.SortedSample.of(scores.clone()))[0]);
        assertThat(calibration.get("grades").get(9).get("max_pd").isNull()).isTrue();
        assertThat(calibration.get("hhi").get("reference").asDouble()).isCloseTo(0.1, within(1e-12));
        JsonNode discrimination = api.get(scorecard + "/discrimination").json();
        assertThat(discrimination.get("initial_auc_source").asString()).isEqualTo("reference");
        assertThat(discrimination.get("initial_auc").asDouble())
                .isCloseTo(DeLongAuc.of(labels, scores).auc(), within(1e-12));
    }

    @Test
    void badParametersAreProblems() {
        for (String query : List.of("/migrations?from=2023-13&to=2023-07", "/migrations?from=2023-07&to=2023-06",
                "/migrations?to=2023-07", "/calibration?window=forever", "/calibration?segment=nokey:x",
                "/discrimination?from=yesterday", "/vintages?window=4000d")) {
            Answer answer = api.get(MODEL + query);
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.contentType()).as(query).startsWith("application/problem+json");
        }
        assertThat(api.get("/api/v1/models/nope/calibration").status()).isEqualTo(404);
        Api viewer = api.withKey(Api.VIEWER_KEY);
        assertThat(viewer.get(MODEL + "/calibration?" + WINDOW).status()).isEqualTo(200);
        assertThat(viewer.get("/reports/validation/credit-scoring?period=2025-06").status()).isEqualTo(200);
        assertThat(api.withKey(Api.INGEST_KEY).get(MODEL + "/calibration?" + WINDOW).status()).isEqualTo(403);
    }
}
