package io.scorewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import io.scorewatch.support.Api;
import io.scorewatch.support.Api.Answer;
import tools.jackson.databind.JsonNode;

/**
 * An ingest key cannot damage a model: thousands of junk feature names and categories, sent
 * over HTTP as a hostile client would, add no feature, no row or meter per name, keep the models
 * endpoint small, and leave real features and categories working. Admins see the unknown names,
 * accept one, and remove a feature; other roles may not. Run on each store.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "scorewatch.ingest.max-categories-per-feature=40",
        "scorewatch.ingest.unknown-feature-sample=20",
        "scorewatch.schedule.realtime=-" })
abstract class SchemaFloodContract {

    private static final int FLOOD = 60;
    private static final int JUNK_PER_PREDICTION = 999;

    /** credit-scoring as shipped, and "fresh": no YAML features, no reference; answers the config folder. */
    static String configDir(Path dir) {
        try {
            Path config = Files.createDirectories(dir.resolve("config/models")).getParent();
            String definition = Files.readString(Path.of("config/models/credit-scoring.yaml"));
            Files.writeString(config.resolve("models/credit-scoring.yaml"), definition);
            Files.writeString(config.resolve("models/fresh.yaml"),
                    definition.replace("name: credit-scoring", "name: fresh"));
            return config.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aFloodOfJunkNamesAndCategoriesChangesNothingOfTheModel() {
        Api api = new Api(port);
        Answer reference = api.put("/api/v1/models/credit-scoring/reference", "text/csv",
                "AMT_CREDIT,REGION,target,probability\n1000,north,0,0.1\n2000,south,1,0.7\n3000,east,0,0.2\n");
        assertThat(reference.status()).as(reference.body()).isLessThan(300);
        long features = rows("model_feature");
        assertThat(features).isEqualTo(2);
        int series = 0;

        for (int i = 0; i < FLOOD; i++) {
            if (i == FLOOD / 2) {
                // the meters of the kinds the flood uses exist by now: no more may come
                series = series(api);
            }
            Map<String, Object> junk = new LinkedHashMap<>();
            for (int k = 0; k < JUNK_PER_PREDICTION; k++) {
                junk.put("junk-" + i + "-" + k, k);
            }
            junk.put("REGION", "junk-category-" + i);
            Answer answer = api.postJson("/api/v1/predictions", Api.json(Map.of("probability", 0.2,
                    "features", junk)));
            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
            assertThat(answer.json().get("new_features")).isEmpty();
        }
        assertThat(series(api)).isEqualTo(series);

        // the schema is what the reference made it; nothing grows per junk name
        Answer models = api.get("/api/v1/models");
        assertThat(models.status()).isEqualTo(200);
        assertThat(models.body().length()).isLessThan(10_000);
        assertThat(rows("model_feature")).isEqualTo(features);
        assertThat(rows("feature_quality")).isLessThanOrEqualTo(8);
        assertThat(rows("unknown_feature")).isLessThanOrEqualTo(20);
        assertThat(rows("feature_category")).isLessThanOrEqualTo(40);
        assertThat(api.get("/actuator/prometheus").body()).doesNotContain("junk");
        JsonNode model = api.get("/api/v1/models/credit-scoring").json();
        assertThat(model.get("features").findValuesAsString("name")).containsExactly("AMT_CREDIT", "REGION");
        JsonNode region = model.get("features").get(1);
        assertThat(region.get("categories").asInt()).isEqualTo(40);
        assertThat(region.get("other_category").asLong()).isEqualTo(FLOOD - (40 - 3));
        assertThat(model.get("unknown_features").get("occurrences").asLong())
                .isEqualTo((long) FLOOD * JUNK_PER_PREDICTION);
        assertThat(model.get("unknown_features").get("predictions").asLong()).isEqualTo(FLOOD);
        assertThat(prometheus(api, "credit_scoring_unknown_features_total{application=\"scorewatch\","
                + "model=\"credit-scoring\"}")).isEqualTo((double) FLOOD * JUNK_PER_PREDICTION);
        assertThat(prometheus(api, "credit_scoring_category_overflow_total{application=\"scorewatch\","
                + "model=\"credit-scoring\"}")).isEqualTo(FLOOD - (40 - 3));

        // real predictions still work: the reference's categories kept their codes
        post(api, "{\"prediction_id\": \"real-1\", \"probability\": 0.3, \"features\": {\"AMT_CREDIT\": 5000,"
                + " \"REGION\": \"north\"}}");
        JsonNode real = api.get("/api/v1/predictions/real-1").json();
        assertThat(real.get("features").get("AMT_CREDIT").asDouble()).isEqualTo(5000);
        assertThat(real.get("features").get("REGION").asString()).isEqualTo("north");
        assertThat(real.get("data_quality_violations").asInt()).isZero();
        // a new category beyond the bound is the one (other) bucket, not a missing value
        post(api, "{\"prediction_id\": \"real-2\", \"probability\": 0.3, \"features\": {\"AMT_CREDIT\": 6000,"
                + " \"REGION\": \"west\"}}");
        assertThat(api.get("/api/v1/predictions/real-2").json().get("features").get("REGION").asString())
                .isEqualTo("(other)");

        // a real new feature shows among the unknown names, most frequent first, and only there
        for (int i = 0; i < 25; i++) {
            post(api, "{\"probability\": 0.3, \"features\": {\"AMT_CREDIT\": 100, \"REGION\": \"south\","
                    + " \"NEW_SIGNAL\": " + i + "}}");
        }
        JsonNode unknown = api.get("/api/v1/models/credit-scoring/unknown-features").json();
        assertThat(unknown.get("sample")).hasSizeLessThanOrEqualTo(20);
        JsonNode newSignal = null;
        for (JsonNode name : unknown.get("sample")) {
            if (name.get("name").asString().equals("NEW_SIGNAL")) {
                newSignal = name;
            }
        }
        assertThat(newSignal).as("NEW_SIGNAL among %s", unknown).isNotNull();
        assertThat(newSignal.get("occurrences").asLong() - newSignal.get("overestimate").asLong()).isEqualTo(25);
        assertThat(unknown.get("occurrences").asLong()).isEqualTo((long) FLOOD * JUNK_PER_PREDICTION + 25);
        assertThat(rows("model_feature")).isEqualTo(features);

        // only an admin changes the schema
        String signal = "{\"name\": \"NEW_SIGNAL\", \"type\": \"numerical\"}";
        for (String key : List.of(Api.VIEWER_KEY, Api.INGEST_KEY)) {
            assertThat(api.withKey(key).postJson("/api/v1/models/credit-scoring/features", signal).status())
                    .isEqualTo(403);
            assertThat(api.withKey(key).delete("/api/v1/models/credit-scoring/features/AMT_CREDIT").status())
                    .isEqualTo(403);
        }
        assertThat(rows("model_feature")).isEqualTo(features);
        Answer accepted = api.postJson("/api/v1/models/credit-scoring/features", signal);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
        assertThat(accepted.json().get("position").asInt()).isEqualTo(2);
        assertThat(accepted.json().get("source").asString()).isEqualTo("accepted");
        assertThat(api.get("/api/v1/models/credit-scoring/unknown-features").json().get("sample")
                .findValuesAsString("name")).doesNotContain("NEW_SIGNAL");
        post(api, "{\"prediction_id\": \"real-3\", \"probability\": 0.3, \"features\": {\"AMT_CREDIT\": 7000,"
                + " \"REGION\": \"east\", \"NEW_SIGNAL\": 4.5}}");
        assertThat(api.get("/api/v1/predictions/real-3").json().get("features").get("NEW_SIGNAL").asDouble())
                .isEqualTo(4.5);

        // bad requests are problems naming the field; contradictions are conflicts
        Answer badType = api.postJson("/api/v1/models/credit-scoring/features", "{\"name\": \"X\", \"type\": \"text\"}");
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.json().get("errors").findValuesAsString("field")).containsExactly("type");
        assertThat(api.postJson("/api/v1/models/credit-scoring/features", signal).status()).isEqualTo(409);
        assertThat(api.delete("/api/v1/models/credit-scoring/features/NO_SUCH").status()).isEqualTo(404);

        // a removed feature keeps its position but is no longer monitored
        assertThat(api.delete("/api/v1/models/credit-scoring/features/AMT_CREDIT").status()).isEqualTo(200);
        JsonNode after = api.get("/api/v1/models/credit-scoring").json();
        assertThat(after.get("features").findValuesAsString("name")).containsExactly("REGION", "NEW_SIGNAL");
        assertThat(after.get("removed_features").get(0).asString()).isEqualTo("AMT_CREDIT");
        post(api, "{\"prediction_id\": \"real-4\", \"probability\": 0.3, \"features\": {\"AMT_CREDIT\": 8000,"
                + " \"REGION\": \"east\", \"NEW_SIGNAL\": 1.5}}");
        JsonNode fourth = api.get("/api/v1/predictions/real-4").json().get("features");
        assertThat(fourth.has("AMT_CREDIT")).isFalse();
        assertThat(fourth.get("NEW_SIGNAL").asDouble()).isEqualTo(1.5);
        assertThat(api.get("/api/v1/models/credit-scoring/unknown-features").json().get("sample")
                .findValuesAsString("name")).contains("AMT_CREDIT");
        // it comes back at its position, with its type only
        assertThat(api.postJson("/api/v1/models/credit-scoring/features",
                "{\"name\": \"AMT_CREDIT\", \"type\": \"categorical\"}").status()).isEqualTo(409);
        Answer back = api.postJson("/api/v1/models/credit-scoring/features",
                "{\"name\": \"AMT_CREDIT\", \"type\": \"numerical\"}");
        assertThat(back.status()).isEqualTo(201);
        assertThat(back.json().get("position").asInt()).isZero();
    }

    @Test
    void aModelWithNeitherYamlFeaturesNorReferenceTakesItsFirstRequestsFeaturesAndNoMore() {
        Api api = new Api(port);
        Answer first = api.postJson("/api/v1/predictions", "{\"model\": \"fresh\", \"probability\": 0.1,"
                + " \"features\": {\"a\": 1.5, \"b\": \"x\", \"c\": null}}");
        assertThat(first.status()).isEqualTo(202);
        List<String> added = new ArrayList<>();
        first.json().get("new_features").forEach(name -> added.add(name.asString()));
        assertThat(added).containsExactly("a", "b");

        Answer second = api.postJson("/api/v1/predictions", "{\"model\": \"fresh\", \"probability\": 0.1,"
                + " \"features\": {\"a\": 2.5, \"d\": 3}}");
        assertThat(second.json().get("new_features")).isEmpty();
        JsonNode model = api.get("/api/v1/models/fresh").json();
        assertThat(model.get("features").findValuesAsString("name")).containsExactly("a", "b");
        assertThat(model.get("features").findValuesAsString("source")).containsOnly("observed");
        // c had no type (its first value was null): it is as unknown as d
        assertThat(api.get("/api/v1/models/fresh/unknown-features").json().get("sample")
                .findValuesAsString("name")).containsExactlyInAnyOrder("c", "d");
    }

    private static void post(Api api, String body) {
        Answer answer = api.postJson("/api/v1/predictions", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
    }

    /** The rows of credit-scoring in a table. */
    private long rows(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE model = 'credit-scoring'", Long.class);
    }

    /** The number of series of the service's own families (the JVM's come and go with its collector). */
    private static int series(Api api) {
        return (int) api.get("/actuator/prometheus").body().lines().filter(line -> line.startsWith("credit_scoring_"))
                .count();
    }

    private static double prometheus(Api api, String series) {
        return api.get("/actuator/prometheus").body().lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no series " + series));
    }
}
