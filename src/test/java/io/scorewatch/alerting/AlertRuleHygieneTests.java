package io.scorewatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** {@code consecutive} and {@code severity_levels} in the rule file, and the errors they can hold. */
class AlertRuleHygieneTests {

    @Test
    void aRuleWaitsForConsecutiveEvaluationsAndTakesTheSeverityOfItsEffectSize() {
        List<AlertRule> rules = AlertRuleFile.parse("""
                alerts:
                  - name: drift
                    metric: drift_share
                    severity_levels:
                      WARNING: "> 0.10"
                      CRITICAL: "> 0.25"
                    consecutive: 3
                    action: notify_team
                """, "test");
        AlertRule drift = rules.get(0);
        assertThat(drift.consecutive()).isEqualTo(3);
        assertThat(drift.severity()).isEqualTo(Severity.WARNING);
        assertThat(drift.severities()).containsExactly(Severity.WARNING, Severity.CRITICAL);
        assertThat(drift.holds(0.10)).isFalse();
        assertThat(drift.at(0.15).severity()).isEqualTo(Severity.WARNING);
        assertThat(drift.at(0.30).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(drift.conditionText()).isEqualTo("WARNING > 0.10; CRITICAL > 0.25");
    }

    @Test
    void theShippedRulesUseBoth() {
        List<AlertRule> rules = AlertRuleFile.parse(read("defaults/alert_rules.yaml"), "built-in");
        AlertRule drift = rules.stream().filter(r -> r.name().equals("drift_share")).findFirst().orElseThrow();
        assertThat(drift.at(0.30).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(rules.stream().filter(r -> r.name().equals("high_latency")).findFirst().orElseThrow()
                .consecutive()).isEqualTo(3);
    }

    @Test
    void mistakesInTheNewKeysNameTheirLineAndRule() {
        assertThatThrownBy(() -> AlertRuleFile.parse("""
                alerts:
                  - name: fine
                    metric: roc_auc
                    condition: "< 0.70"
                    severity: CRITICAL
                    action: notify_team
                  - name: zero
                    metric: roc_auc
                    condition: "< 0.70"
                    severity: CRITICAL
                    consecutive: 0
                    action: notify_team
                  - name: words
                    metric: roc_auc
                    condition: "< 0.70"
                    severity: CRITICAL
                    consecutive: three
                    action: notify_team
                  - name: both
                    metric: drift_share
                    condition: "> 0.10"
                    severity_levels: {WARNING: "> 0.10"}
                    action: notify_team
                  - name: levels
                    metric: drift_share
                    severity_levels: {URGENT: "> 0.10", CRITICAL: "> > 0.25"}
                    action: notify_team
                  - name: empty
                    metric: drift_share
                    severity_levels: {}
                    action: notify_team
                """, "alert_rules.yaml"))
                .isInstanceOfSatisfying(AlertRuleFile.InvalidRulesException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).startsWith("line 7, rule 'zero': 'consecutive' must be"))
                        .anySatisfy(p -> assertThat(p).startsWith("line 13, rule 'words': 'consecutive' must be"))
                        .anySatisfy(p -> assertThat(p).startsWith("line 19, rule 'both': a rule with"
                                + " 'severity_levels' has no 'condition'"))
                        .anySatisfy(p -> assertThat(p).startsWith("line 24, rule 'levels': severity_levels: unknown"
                                + " severity 'URGENT'"))
                        .anySatisfy(p -> assertThat(p).startsWith("line 24, rule 'levels': severity_levels: the"
                                + " condition of CRITICAL"))
                        .anySatisfy(p -> assertThat(p).startsWith("line 28, rule 'empty': 'severity_levels' must map"))
                        .noneSatisfy(p -> assertThat(p).contains("'fine'")));
    }

    private static String read(String resource) {
        try (var in = AlertRuleHygieneTests.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
