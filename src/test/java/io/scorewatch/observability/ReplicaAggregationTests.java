package io.scorewatch.observability;

import static io.scorewatch.observability.PrometheusFilesTests.list;
import static io.scorewatch.observability.PrometheusFilesTests.map;
import static io.scorewatch.observability.PrometheusFilesTests.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.scorewatch.observability.ReplicaAggregation.Kind;
import tools.jackson.databind.json.JsonMapper;

/**
 * The aggregation rule of {@link ReplicaAggregation} tells right queries from wrong ones, and the
 * two-replica promtool test ({@code prometheus/tests/replicas_test.yml}) evaluates the
 * dashboard's own queries. PrometheusIntegrationTests applies the rule to every query with the
 * meters the running service registers.
 */
class ReplicaAggregationTests {

    static final Path REPLICAS_TEST = Path.of("prometheus/tests/replicas_test.yml");

    static final String SCRAPE = """
            # HELP credit_scoring_requests_total Predictions received from the model API
            # TYPE credit_scoring_requests_total counter
            credit_scoring_requests_total{application="scorewatch",endpoint="predict",model="m"} 3.0
            # TYPE credit_scoring_response_seconds histogram
            credit_scoring_response_seconds_bucket{application="scorewatch",model="m",le="0.1"} 1.0
            # TYPE credit_scoring_default_rate gauge
            credit_scoring_default_rate{application="scorewatch",model="m"} 0.08
            # TYPE jvm_memory_used_bytes gauge
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.0E7
            """;

    @Test
    void kindsComeFromTheScrapesTypes() {
        Map<String, Kind> kinds = ReplicaAggregation.kinds(SCRAPE);
        assertThat(kinds).containsEntry("credit_scoring_requests_total", Kind.COUNTER)
                .containsEntry("credit_scoring_response_seconds_bucket", Kind.COUNTER)
                .containsEntry("credit_scoring_default_rate", Kind.SHARED_GAUGE)
                .containsEntry("jvm_memory_used_bytes", Kind.REPLICA_GAUGE)
                .containsEntry("scorewatch_kafka_consumer_lag", Kind.SHARED_GAUGE)
                .containsEntry("scorewatch_kafka_dead_letters_total", Kind.COUNTER);
    }

    @Test
    void rightQueriesPassAndWrongOnesAreNamed() {
        Map<String, Kind> kinds = ReplicaAggregation.kinds(SCRAPE);
        for (String right : List.of("sum by (model) (rate(credit_scoring_requests_total{model=~\"$model\"}[5m]))",
                "histogram_quantile(0.95, sum by (model, le) (rate(credit_scoring_response_seconds_bucket[5m])))",
                "max by (model) (credit_scoring_default_rate{model=~\"$model\"})",
                "sum by (model)\n  (rate(credit_scoring_requests_total[1h] offset 1w)) > 0",
                "jvm_memory_used_bytes{area=\"heap\"}", "sum by (instance) (jvm_memory_used_bytes)",
                "max by (topic, partition) (scorewatch_kafka_consumer_lag)", "up{job=\"scorewatch\"} == 0")) {
            assertThat(ReplicaAggregation.violations(right, kinds)).as(right).isEmpty();
        }
        for (String wrong : List.of("rate(credit_scoring_requests_total[5m])",
                "sum by (model, instance) (rate(credit_scoring_requests_total[5m]))",
                "histogram_quantile(0.95, rate(credit_scoring_response_seconds_bucket[5m]))",
                "credit_scoring_default_rate{model=~\"$model\"}",
                "sum by (model) (credit_scoring_default_rate)", "avg by (model) (credit_scoring_default_rate)",
                "max by (model, instance) (credit_scoring_default_rate)", "sum(jvm_memory_used_bytes)",
                "sum by (topic, partition) (scorewatch_kafka_consumer_lag)",
                "scorewatch_kafka_dead_letters_total")) {
            assertThat(ReplicaAggregation.violations(wrong, kinds)).as(wrong).hasSize(1);
        }
    }

    @Test
    void theTwoReplicaPromtoolTestEvaluatesTheDashboardsQueries() {
        List<String> dashboard = new ArrayList<>();
        for (String expr : JsonMapper.builder().build().readTree(StackFilesTests.DASHBOARD.toFile())
                .findValuesAsString("expr")) {
            dashboard.add(expr.replace("$model", ".+").replace("$segment_key", ".+")
                    .replace("$segment_value", ".+").replace("$__rate_interval", "5m").replace("$__range", "5m"));
        }
        List<String> tested = new ArrayList<>();
        for (Object test : list(yaml(REPLICAS_TEST).get("tests"))) {
            for (Object check : list(map(test).getOrDefault("promql_expr_test", List.of()))) {
                tested.add((String) map(check).get("expr"));
            }
        }
        assertThat(tested).isNotEmpty();
        assertThat(dashboard).containsAll(tested);
        Map<String, Kind> kinds = ReplicaAggregation.kinds(SCRAPE);
        assertThat(tested).anyMatch(expr -> expr.startsWith("sum by (model) (rate(credit_scoring_requests_total"))
                .anyMatch(expr -> expr.startsWith("max by (model) (credit_scoring_default_rate"))
                .allSatisfy(expr -> assertThat(ReplicaAggregation.violations(expr, kinds)).isEmpty());
    }
}
