package io.scorewatch.credit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.scorewatch.stats.PairedDeLongTest;
import io.scorewatch.stats.PopulationStabilityIndex;
import io.scorewatch.stats.RocCurve;
import io.scorewatch.support.Api;
import io.scorewatch.support.Api.Answer;
import tools.jackson.databind.JsonNode;

/**
 * Champion and challengers, and overrides, over HTTP on the H2 store (and on PostgreSQL in
 * {@code PostgresChallengerOverrideIntegrationTests}). The challenger version
 * "2.0" separates the classes better by construction; "1.1" is noise. Champion predictions carry
 * final decisions, some overridden with reasons; the expected figures are counted from what the
 * test sends.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChallengerOverrideIntegrationTests {

    private static final Instant FROM = Instant.parse("2026-02-02T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-02-03T00:00:00Z");
    private static final String RANGE = "from=" + FROM + "&to=" + TO;
    private static final int N = 400;
    private static final double THRESHOLD = 0.3282;
    /** scorewatch.credit.roc-points here: well below the 400 vertices of each curve. */
    private static final int ROC_POINTS = 40;

    @TempDir
    static Path dir;

    @LocalServerPort
    int port;

    Api api;

    private static final int[] LABEL = new int[N];
    private static final double[] CHAMPION = new double[N];
    private static final double[] BETTER = new double[N];
    private static final double[] NOISE = new double[N];
    private static final Integer[] FINAL = new Integer[N];
    private static final String[] REASON = new String[N];
    private static final String[] CHANNEL = new String[N];
    private static JsonNode championMetricsBefore;
    /** The test class whose store holds the data: each subclass (another store) loads its own. */
    private static Class<?> loadedFor;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        Path config = dir.resolve("config");
        Files.createDirectories(config.resolve("models"));
        Files.copy(Path.of("config/models/credit-scoring.yaml"), config.resolve("models/credit-scoring.yaml"));
        registry.add("scorewatch.data-dir", () -> dir.resolve("data").toString());
        registry.add("scorewatch.config-dir", config::toString);
        registry.add("scorewatch.overrides.max-reasons", () -> "2");
        registry.add("scorewatch.credit.roc-points", () -> String.valueOf(ROC_POINTS));
    }

    @BeforeEach
    void client() {
        api = new Api(port);
        load();
    }

    private static double round(double p) {
        return Math.round(Math.max(0, Math.min(1, p)) * 1e6) / 1e6;
    }

    private synchronized void load() {
        if (loadedFor == getClass()) {
            return;
        }
        Random random = new Random(2207);
        String[] reasons = {"collateral", "vip", "manager", "policy"};
        List<Map<String, Object>> champions = new ArrayList<>();
        List<Map<String, Object>> labels = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            LABEL[i] = random.nextDouble() < 0.3 ? 1 : 0;
            CHAMPION[i] = round(0.12 * LABEL[i] + 0.6 * random.nextDouble());
            BETTER[i] = round(0.4 * LABEL[i] + 0.55 * random.nextDouble());
            NOISE[i] = round(random.nextDouble());
            CHANNEL[i] = i % 3 == 0 ? "branch" : "web";
            int decision = CHAMPION[i] >= THRESHOLD ? 1 : 0;
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("prediction_id", "app-" + i);
            p.put("model_version", "1.0");
            p.put("probability", CHAMPION[i]);
            p.put("timestamp", FROM.plusSeconds(60L * i).toString());
            p.put("features", Map.of("NAME_CONTRACT_TYPE", i % 2 == 0 ? "Cash loans" : "Revolving loans"));
            p.put("tags", Map.of("channel", CHANNEL[i]));
            if (i % 5 != 4) { // every fifth application carries no final decision
                boolean overridden = i % 4 == 1;
                FINAL[i] = overridden ? 1 - decision : decision;
                p.put("final_decision", FINAL[i]);
                if (overridden && i % 8 != 5) {
                    REASON[i] = reasons[(i / 8) % reasons.length];
                    p.put("override_reason", REASON[i]);
                }
            }
            champions.add(p);
            labels.add(Map.of("prediction_id", "app-" + i, "actual_default", LABEL[i]));
        }
        Answer posted = api.postJson("/api/v1/predictions/batch", Api.json(champions));
        assertThat(posted.status()).as(posted.body()).isEqualTo(202);
        Answer joined = api.postJson("/api/v1/ground-truth/batch", Api.json(labels));
        assertThat(joined.status()).as(joined.body()).isIn(200, 202);
        championMetricsBefore = metrics();
        loadedFor = getClass();

        List<Map<String, Object>> shadows = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            shadows.add(shadow("app-" + i + "-v2", "2.0", BETTER[i], "app-" + i, i));
            shadows.add(shadow("app-" + i + "-v11", "1.1", NOISE[i], "app-" + i, i));
        }
        Answer shadowed = api.postJson("/api/v1/predictions/batch", Api.json(shadows));
        assertThat(shadowed.status()).as(shadowed.body()).isEqualTo(202);
    }

    private static Map<String, Object> shadow(String id, String version, double probability, String champion, int i) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("prediction_id", id);
        p.put("model_version", version);
        p.put("probability", probability);
        p.put("timestamp", FROM.plusSeconds(60L * i).toString());
        p.put("shadow_of", champion);
        p.put("features", Map.of("NAME_CONTRACT_TYPE", "Cash loans"));
        p.put("tags", Map.of("channel", "web"));
        return p;
    }

    private JsonNode metrics() {
        Answer answer = api.get("/api/v1/models/credit-scoring/metrics?" + RANGE);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void shadowPredictionsChangeNoneOfTheChampionsMetrics() {
        JsonNode after = metrics();
        assertThat(after.get("prediction_count").asLong()).isEqualTo(N);
        for (String field : List.of("prediction_count", "default_rate", "avg_probability", "high_risk_share",
                "business_cost", "performance")) {
            assertThat(after.get(field)).as(field).isEqualTo(championMetricsBefore.get(field));
        }
        assertThat(after.get("performance").get("labeled_count").asLong()).isEqualTo(N);
        Answer dashboard = api.get("/api/v1/models/credit-scoring/metrics?" + RANGE + "&segment=channel:web");
        assertThat(dashboard.status()).as(dashboard.body()).isEqualTo(200);
        long web = java.util.Arrays.stream(CHANNEL).filter("web"::equals).count();
        assertThat(dashboard.json().get("prediction_count").asLong()).isEqualTo(web);
    }

    @Test
    void aBetterChallengerWinsWithPairedDeLongAsPRoc() {
        Answer answer = api.get("/api/v1/models/credit-scoring/challengers?" + RANGE);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode challengers = answer.json().get("challengers");
        assertThat(challengers.size()).isEqualTo(2);
        Map<String, JsonNode> byVersion = new HashMap<>();
        challengers.forEach(c -> byVersion.put(c.get("model_version").asString(), c));

        JsonNode better = byVersion.get("2.0");
        PairedDeLongTest expected = PairedDeLongTest.of(LABEL, CHAMPION, BETTER);
        assertThat(better.get("labeled_pairs").asInt()).isEqualTo(N);
        assertRelative(better.get("champion_auc").asDouble(), expected.firstAuc());
        assertRelative(better.get("challenger_auc").asDouble(), expected.secondAuc());
        assertRelative(better.get("delong_z").asDouble(), expected.z());
        assertRelative(better.get("delong_p_value").asDouble(), expected.pValue());
        assertThat(better.get("challenger_auc").asDouble()).isGreaterThan(better.get("champion_auc").asDouble());
        assertThat(better.get("delong_p_value").asDouble()).isLessThan(0.01);
        assertRelative(better.get("psi").asDouble(), PopulationStabilityIndex.numeric(CHAMPION, BETTER).value());
        assertThat(better.get("champion_cost").asDouble()).isEqualTo(cost(CHAMPION));
        assertThat(better.get("challenger_cost").asDouble()).isEqualTo(cost(BETTER));
        assertThat(better.get("challenger_cost").asDouble()).isLessThan(better.get("champion_cost").asDouble());

        JsonNode noise = byVersion.get("1.1");
        PairedDeLongTest worse = PairedDeLongTest.of(LABEL, CHAMPION, NOISE);
        assertRelative(noise.get("delong_p_value").asDouble(), worse.pValue());
        assertRelative(noise.get("challenger_auc").asDouble(), worse.secondAuc());

        Answer branch = api.get("/api/v1/models/credit-scoring/challengers?" + RANGE + "&segment=channel:branch");
        assertThat(branch.status()).as(branch.body()).isEqualTo(200);
        long branches = java.util.Arrays.stream(CHANNEL).filter("branch"::equals).count();
        assertThat(branch.json().get("challengers").get(0).get("labeled_pairs").asLong()).isEqualTo(branches);
    }

    @Test
    void bothRocCurvesComeFromTheSameLabelledApplicationsThinnedToTheConfiguredPoints() {
        Answer answer = api.get("/api/v1/models/credit-scoring/challengers?" + RANGE);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        Map<String, JsonNode> byVersion = new HashMap<>();
        answer.json().get("challengers").forEach(c -> byVersion.put(c.get("model_version").asString(), c));

        for (Map.Entry<String, double[]> version : Map.of("2.0", BETTER, "1.1", NOISE).entrySet()) {
            JsonNode entry = byVersion.get(version.getKey());
            assertRoc(entry.get("champion_roc"), CHAMPION, entry.get("champion_auc").asDouble());
            assertRoc(entry.get("challenger_roc"), version.getValue(), entry.get("challenger_auc").asDouble());
        }
    }

    /** The answered curve is the exact curve of the labelled pairs thinned to ROC_POINTS, within the area bound. */
    private static void assertRoc(JsonNode roc, double[] scores, double auc) {
        RocCurve exact = RocCurve.of(LABEL, scores);
        RocCurve thinned = exact.thinned(ROC_POINTS);
        assertThat(exact.size()).isGreaterThan(ROC_POINTS);
        assertThat(roc.get("vertices").asInt()).isEqualTo(exact.size());
        double[] fpr = roc.get("fpr").valueStream().mapToDouble(JsonNode::asDouble).toArray();
        double[] tpr = roc.get("tpr").valueStream().mapToDouble(JsonNode::asDouble).toArray();
        assertThat(fpr).containsExactly(thinned.falsePositiveRates());
        assertThat(tpr).containsExactly(thinned.truePositiveRates());
        assertThat(fpr.length).isBetween(3, ROC_POINTS);
        assertThat(new double[] {fpr[0], tpr[0], fpr[fpr.length - 1], tpr[tpr.length - 1]})
                .containsExactly(0, 0, 1, 1);
        double area = 0;
        for (int k = 1; k < fpr.length; k++) {
            assertThat(fpr[k]).isGreaterThanOrEqualTo(fpr[k - 1]);
            assertThat(tpr[k]).isGreaterThanOrEqualTo(tpr[k - 1]);
            area += (fpr[k] - fpr[k - 1]) * (tpr[k] + tpr[k - 1]) / 2;
        }
        assertThat(Math.abs(area - auc)).isLessThan(RocCurve.areaBound(ROC_POINTS));
    }

    /** Costs FN = 10 and FP = 1 at the decision threshold. */
    private static double cost(double[] scores) {
        double cost = 0;
        for (int i = 0; i < N; i++) {
            int decision = scores[i] >= THRESHOLD ? 1 : 0;
            cost += LABEL[i] == 1 && decision == 0 ? 10 : LABEL[i] == 0 && decision == 1 ? 1 : 0;
        }
        return cost;
    }

    private static void assertRelative(double actual, double expected) {
        assertThat(Math.abs(actual - expected)).as("%s against %s", actual, expected)
                .isLessThanOrEqualTo(1e-9 * Math.max(1e-300, Math.abs(expected)));
    }

    @Test
    void overrideRatesEqualTheCountsSent() {
        long declined = 0;
        long low = 0;
        long approved = 0;
        long high = 0;
        long labeled = 0;
        long defaults = 0;
        Map<String, Long> reasons = new HashMap<>();
        List<String> kept = new ArrayList<>(); // the first two distinct reasons sent (max-reasons: 2)
        for (int i = 0; i < N; i++) {
            if (REASON[i] != null && !kept.contains(REASON[i]) && kept.size() < 2) {
                kept.add(REASON[i]);
            }
        }
        for (int i = 0; i < N; i++) {
            if (FINAL[i] == null) {
                continue;
            }
            int decision = CHAMPION[i] >= THRESHOLD ? 1 : 0;
            boolean overridden = FINAL[i] != decision;
            if (decision == 1) {
                declined++;
                low += overridden ? 1 : 0;
            } else {
                approved++;
                high += overridden ? 1 : 0;
            }
            if (overridden) {
                labeled++;
                defaults += LABEL[i];
                String reason = REASON[i] == null ? "missing"
                        : kept.contains(REASON[i]) ? REASON[i] : "other";
                reasons.merge(reason, 1L, Long::sum);
            }
        }
        Answer answer = api.get("/api/v1/models/credit-scoring/overrides?" + RANGE);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode o = answer.json();
        assertThat(o.get("declined_by_model").asLong()).isEqualTo(declined);
        assertThat(o.get("low_side_overrides").asLong()).isEqualTo(low);
        assertThat(o.get("low_side_rate").asDouble()).isEqualTo((double) low / declined);
        assertThat(o.get("approved_by_model").asLong()).isEqualTo(approved);
        assertThat(o.get("high_side_overrides").asLong()).isEqualTo(high);
        assertThat(o.get("high_side_rate").asDouble()).isEqualTo((double) high / approved);
        assertThat(o.get("override_rate").asDouble()).isEqualTo((double) (low + high) / (declined + approved));
        assertThat(o.get("overridden_labeled").asLong()).isEqualTo(labeled);
        assertThat(o.get("overridden_bad_rate").asDouble()).isEqualTo((double) defaults / labeled);
        assertThat(low).isPositive();
        assertThat(high).isPositive();
        Map<String, Long> answered = new HashMap<>();
        o.get("by_reason").forEach(r -> answered.put(r.get("reason").asString(), r.get("overrides").asLong()));
        assertThat(answered).isEqualTo(reasons).containsKeys("other", "missing").hasSize(4);

        long branchDecisions = 0;
        long branchOverrides = 0;
        for (int i = 0; i < N; i++) {
            if (FINAL[i] != null && CHANNEL[i].equals("branch")) {
                branchDecisions++;
                branchOverrides += FINAL[i] != (CHAMPION[i] >= THRESHOLD ? 1 : 0) ? 1 : 0;
            }
        }
        JsonNode branch = null;
        for (JsonNode s : o.get("by_segment")) {
            if (s.get("segment_key").asString().equals("channel") && s.get("segment_value").asString().equals("branch")) {
                branch = s;
            }
        }
        assertThat(branch).isNotNull();
        assertThat(branch.get("decisions").asLong()).isEqualTo(branchDecisions);
        assertThat(branch.get("override_rate").asDouble()).isEqualTo((double) branchOverrides / branchDecisions);

        Answer segment = api.get("/api/v1/models/credit-scoring/overrides?" + RANGE + "&segment=channel:branch");
        assertThat(segment.status()).as(segment.body()).isEqualTo(200);
        assertThat(segment.json().get("decisions").asLong()).isEqualTo(branchDecisions);
        assertThat(segment.json().get("segment").asString()).isEqualTo("channel:branch");
    }

    @Test
    void aStoredPredictionAnswersItsCreditFields() {
        Answer champion = api.get("/api/v1/predictions/app-1?model=credit-scoring");
        assertThat(champion.status()).as(champion.body()).isEqualTo(200);
        assertThat(champion.json().get("final_decision").asInt()).isEqualTo(FINAL[1]);
        assertThat(champion.json().get("override_reason").asString()).isEqualTo(REASON[1]);
        assertThat(champion.json().get("shadow_of").isNull()).isTrue();
        Answer shadow = api.get("/api/v1/predictions/app-1-v2");
        assertThat(shadow.status()).as(shadow.body()).isEqualTo(200);
        assertThat(shadow.json().get("shadow_of").asString()).isEqualTo("app-1");
        assertThat(shadow.json().get("model_version").asString()).isEqualTo("2.0");
    }

    @Test
    void invalidCreditFieldsAre400sNamingTheFieldAndStoreNothing() {
        Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
        cases.put("final_decision", Map.of("final_decision", 2));
        cases.put("override_reason", Map.of("final_decision", 0, "override_reason", "x".repeat(101)));
        cases.put("override_reason ", Map.of("override_reason", "collateral"));
        cases.put("shadow_of", Map.of("model_version", "2.0", "shadow_of", " "));
        cases.put("model_version", Map.of("shadow_of", "app-1"));
        int k = 0;
        for (Map.Entry<String, Map<String, Object>> c : cases.entrySet()) {
            String id = "invalid-" + k++;
            Map<String, Object> body = new LinkedHashMap<>(c.getValue());
            body.put("prediction_id", id);
            body.put("probability", 0.2);
            Answer answer = api.postJson("/api/v1/predictions", Api.json(body));
            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo(c.getKey().trim());
            assertThat(api.get("/api/v1/predictions/" + id).status()).isEqualTo(404);
        }
        Answer self = api.postJson("/api/v1/predictions", Api.json(Map.of("prediction_id", "self", "probability",
                0.2, "model_version", "2.0", "shadow_of", "self")));
        assertThat(self.status()).as(self.body()).isEqualTo(400);
        assertThat(self.json().get("errors").get(0).get("field").asString()).isEqualTo("shadow_of");
    }
}
