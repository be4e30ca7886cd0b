package io.scorewatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertRuleFileTests {

    static final Path SHIPPED = Path.of("config/alert_rules.yaml");
    static final Path BUILT_IN = Path.of("src/main/resources/defaults/alert_rules.yaml");

    @Test
    void theShippedFileHoldsTheGuidesRulesAndEveryAlertItDescribes() throws IOException {
        List<AlertRule> rules = AlertRuleFile.parse(Files.readString(SHIPPED), SHIPPED.toString());

        Map<String, AlertRule> byName = rules.stream().collect(Collectors.toMap(AlertRule::name, r -> r));
        // the monitoring guide's four rules, exactly
        assertRule(byName.get("high_default_rate"), AlertMetric.DEFAULT_RATE, "> 0.12 or < 0.04", Severity.WARNING,
                AlertAction.NOTIFY_TEAM);
        assertRule(byName.get("performance_degradation"), AlertMetric.ROC_AUC, "< 0.70", Severity.CRITICAL,
                AlertAction.NOTIFY_TEAM, AlertAction.TRIGGER_RETRAINING);
        assertRule(byName.get("feature_drift"), AlertMetric.NUM_DRIFTED_FEATURES, "> 10", Severity.WARNING,
                AlertAction.NOTIFY_TEAM, AlertAction.LOG_INVESTIGATION);
        assertRule(byName.get("high_error_rate"), AlertMetric.ERROR_RATE, "> 0.05", Severity.CRITICAL,
                AlertAction.NOTIFY_TEAM, AlertAction.ROLLBACK_MODEL);
        // the alerts the monitoring guide describes in prose
        assertThat(rules).extracting(r -> r.metric().key()).contains("avg_probability", "business_cost_change",
                "precision", "recall", "latency_p95_ms", "error_rate", "request_volume_change", "prediction_drift",
                "target_drift", "drift_share");
        AlertRule volume = byName.get("request_volume_anomaly");
        assertThat(volume.condition().test(-0.51)).isTrue();
        assertThat(volume.condition().test(-0.49)).isFalse();
        assertThat(volume.condition().test(2.01)).isTrue();
        assertThat(byName.get("business_cost_increase").condition().test(0.21)).isTrue();
        assertThat(byName.get("business_cost_increase").condition().test(0.19)).isFalse();
        assertThat(byName.get("high_latency").condition().test(100.5)).isTrue();
        assertThat(byName.get("low_precision").condition().test(0.49)).isTrue();
        assertThat(byName.get("low_recall").condition().test(0.59)).isTrue();
        assertThat(byName.get("abnormal_average_probability").condition().test(0.03)).isTrue();
        assertThat(byName.get("drift_share").holds(0.11)).isTrue();
        assertThat(byName.get("drift_share").holds(0.10)).isFalse();
        assertRule(byName.get("estimated_performance_degradation"), AlertMetric.ESTIMATED_ROC_AUC_UPPER, "< 0.70",
                Severity.WARNING, AlertAction.NOTIFY_TEAM);
    }

    @Test
    void theBuiltInDefaultIsTheShippedFile() throws IOException {
        assertThat(Files.readAllBytes(BUILT_IN)).isEqualTo(Files.readAllBytes(SHIPPED));
    }

    @Test
    void actionsMayBeAList() {
        List<AlertRule> rules = AlertRuleFile.parse("""
                alerts:
                  - name: r
                    metric: recall
                    condition: "< 0.6"
                    severity: critical
                    action: [notify_team, log_investigation]
                    description: Defaults get through.
                """, "test");
        assertThat(rules.get(0).actions()).containsExactly(AlertAction.NOTIFY_TEAM, AlertAction.LOG_INVESTIGATION);
        assertThat(rules.get(0).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(rules.get(0).description()).isEqualTo("Defaults get through.");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            an unknown metric          | alerts: [{name: r, metric: roc, condition: '< 0.7', severity: WARNING, action: notify_team}]                    | line 1, rule 'r': unknown metric 'roc'; known metrics: prediction_count, default_rate
            an unknown severity        | alerts: [{name: r, metric: roc_auc, condition: '< 0.7', severity: URGENT, action: notify_team}]                 | rule 'r': unknown severity 'URGENT'; use INFO, WARNING or CRITICAL
            an unknown action          | alerts: [{name: r, metric: roc_auc, condition: '< 0.7', severity: INFO, action: 'notify_team, page_oncall'}]    | rule 'r': unknown action 'page_oncall'
            a condition syntax error   | alerts: [{name: r, metric: roc_auc, condition: '< 0.7 or', severity: INFO, action: notify_team}]               | rule 'r': condition: expected a comparison such as '> 0.12' at position 9
            an unquoted number         | alerts: [{name: r, metric: roc_auc, condition: 0.7, severity: INFO, action: notify_team}]                        | rule 'r': 'condition' must be a quoted string
            a missing condition        | alerts: [{name: r, metric: roc_auc, severity: INFO, action: notify_team}]                                         | rule 'r': 'condition' is required
            a missing name             | alerts: [{metric: roc_auc, condition: '< 0.7', severity: INFO, action: notify_team}]                              | rule #1: 'name' is required
            a misspelt key             | alerts: [{name: r, metric: roc_auc, condition: '< 0.7', severity: INFO, actions: notify_team}]                   | rule 'r': unknown key 'actions'
            a duplicate name           | alerts: [{name: r, metric: roc_auc, condition: '< 0.7', severity: INFO, action: notify_team}, {name: r, metric: recall, condition: '< 0.6', severity: INFO, action: notify_team}] | rule 'r': another rule has the same name
            a repeated action          | alerts: [{name: r, metric: roc_auc, condition: '< 0.7', severity: INFO, action: 'notify_team, notify_team'}]    | action 'notify_team' is listed twice
            no alerts list             | rules: []                                                                                                            | unknown top-level key 'rules'
            alerts not a list          | `alerts: {name: r}`                                                                                                  | 'alerts' must be a list of rules
            an empty file              | ``                                                                                                                   | the file is empty
            broken YAML                | `alerts: [ {name: r`                                                                                                 | not valid YAML
            """)
    void aBadFileIsRefusedWithAMessageNamingTheRuleAndTheProblem(String what, String yaml, String message) {
        assertThatThrownBy(() -> AlertRuleFile.parse(yaml, "alert_rules.yaml"))
                .isInstanceOf(AlertRuleFile.InvalidRulesException.class)
                .hasMessageStartingWith("Invalid alert rules in alert_rules.yaml: ")
                .hasMessageContaining(message);
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsLine() {
        assertThatThrownBy(() -> AlertRuleFile.parse("""
                alerts:
                  - name: first
                    metric: roc_auc
                    condition: "< 0.70"
                    severity: CRITICAL
                    action: notify_team

                  - name: second
                    metric: auc
                    condition: "<< 0.7"
                    severity: WARNING
                    action: notify_team
                """, "alert_rules.yaml"))
                .isInstanceOfSatisfying(AlertRuleFile.InvalidRulesException.class, e -> assertThat(e.problems())
                        .hasSize(2)
                        .allMatch(p -> p.startsWith("line 8, rule 'second': "))
                        .anyMatch(p -> p.contains("unknown metric 'auc'"))
                        .anyMatch(p -> p.contains("expected a number after '<' at position 2")));
    }

    private static void assertRule(AlertRule rule, AlertMetric metric, String condition, Severity severity,
            AlertAction... actions) {
        assertThat(rule).isNotNull();
        assertThat(rule.metric()).isEqualTo(metric);
        assertThat(rule.conditionText()).isEqualTo(condition);
        assertThat(rule.severity()).isEqualTo(severity);
        assertThat(rule.actions()).containsExactly(actions);
    }

    @Test
    void aRulePerSegmentNamesADeclaredKeyOrStopsNamingItsLine() {
        String yaml = """
                alerts:
                  - name: product_drift
                    metric: drift_share
                    for_each_segment: product
                    condition: "> 0.10"
                    severity: WARNING
                    action: notify_team
                  - name: region_drift
                    metric: drift_share
                    for_each_segment: region
                    condition: "> 0.10"
                    severity: WARNING
                    action: notify_team
                """;
        assertThatThrownBy(() -> AlertRuleFile.parse(yaml, "alert_rules.yaml", Set.of("product", "channel")))
                .isInstanceOf(AlertRuleFile.InvalidRulesException.class)
                .hasMessageContaining("line 8, rule 'region_drift': for_each_segment: no model declares the segment"
                        + " key 'region'; declared keys: [channel, product]");
        List<AlertRule> rules = AlertRuleFile.parse(yaml.substring(0, yaml.indexOf("  - name: region_drift")),
                "alert_rules.yaml", Set.of("product"));
        assertThat(rules).singleElement().satisfies(rule -> {
            assertThat(rule.forEachSegment()).isEqualTo("product");
            assertThat(rule.perSegment()).isTrue();
        });
        assertThat(AlertRuleFile.parse(shipped(), "shipped", Set.of("product", "channel")))
                .filteredOn(AlertRule::perSegment).extracting(AlertRule::name).containsExactly("product_drift_share");
    }

    private static String shipped() {
        try {
            return Files.readString(SHIPPED);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
