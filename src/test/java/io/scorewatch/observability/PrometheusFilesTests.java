package io.scorewatch.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import io.scorewatch.support.Executables;

/**
 * {@code prometheus/}: promtool accepts the configuration and the rule files, and the rules pass
 * their unit tests ({@code prometheus/tests/*.yml}), which cover every alert firing and not firing.
 */
class PrometheusFilesTests {

    static final Path PROMETHEUS = Path.of("prometheus");

    @Test
    void promtoolAcceptsTheConfiguration() {
        promtool("check", "config", PROMETHEUS.resolve("prometheus.yml").toString());
    }

    @Test
    void promtoolAcceptsTheRuleFiles() {
        List<String> command = new ArrayList<>(List.of("check", "rules"));
        command.addAll(ymlFiles(PROMETHEUS.resolve("rules")));
        promtool(command.toArray(String[]::new));
    }

    @Test
    void theRulesPassTheirUnitTests() {
        List<String> command = new ArrayList<>(List.of("test", "rules"));
        command.addAll(ymlFiles(PROMETHEUS.resolve("tests")));
        promtool(command.toArray(String[]::new));
    }

    @Test
    void everyAlertIsNamedInCamelCaseWaitsAndHasASeveritySummaryAndDescription() {
        Map<String, Map<String, Object>> alerts = alertRules();

        assertThat(alerts).containsKeys("ScorewatchDown", "CreditScoringLatencyHigh", "CreditScoringErrorRateHigh",
                "CreditScoringRequestVolumeDrop", "CreditScoringRequestVolumeSpike");
        alerts.forEach((name, rule) -> {
            assertThat(name).matches("[A-Z][a-z0-9]+([A-Z][a-z0-9]*)+");
            assertThat(rule.get("for")).as(name + " for").isNotNull();
            assertThat(map(rule.get("labels")).get("severity")).as(name + " severity").isIn("warning", "critical");
            Map<String, Object> annotations = map(rule.get("annotations"));
            assertThat((String) annotations.get("summary")).as(name + " summary").isNotBlank();
            assertThat((String) annotations.get("description")).as(name + " description").isNotBlank();
        });
    }

    @Test
    void everyAlertHasUnitTestsWhereItFiresAndWhereItDoesNot() {
        Set<String> firing = new TreeSet<>();
        Set<String> silent = new TreeSet<>();
        for (String file : ymlFiles(PROMETHEUS.resolve("tests"))) {
            for (Object test : list(yaml(Path.of(file)).get("tests"))) {
                for (Object check : list(map(test).getOrDefault("alert_rule_test", List.of()))) {
                    Map<String, Object> alertCheck = map(check);
                    String name = (String) alertCheck.get("alertname");
                    List<Object> expected = list(alertCheck.getOrDefault("exp_alerts", List.of()));
                    (expected.isEmpty() ? silent : firing).add(name);
                }
            }
        }

        Set<String> alerts = alertRules().keySet();
        assertThat(firing).as("alerts with a unit test where they fire").containsAll(alerts);
        assertThat(silent).as("alerts with a unit test where they do not fire").containsAll(alerts);
    }

    /** Every alerting rule of {@code prometheus/rules/*.yml} by name. */
    static Map<String, Map<String, Object>> alertRules() {
        Map<String, Map<String, Object>> alerts = new LinkedHashMap<>();
        for (String file : ymlFiles(PROMETHEUS.resolve("rules"))) {
            for (Object group : list(yaml(Path.of(file)).get("groups"))) {
                for (Object rule : list(map(group).get("rules"))) {
                    Map<String, Object> alert = map(rule);
                    if (alert.containsKey("alert")) {
                        assertThat(alerts.put((String) alert.get("alert"), alert)).as("one rule per alert").isNull();
                    }
                }
            }
        }
        return alerts;
    }

    /** The {@code *.yml} files of a folder, sorted (as the shell's glob). */
    static List<String> ymlFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.filter(f -> f.getFileName().toString().endsWith(".yml")).map(Path::toString)
                    .sorted().toList();
            assertThat(names).as("*.yml files in " + dir).isNotEmpty();
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> yaml(Path file) {
        try {
            return new Yaml().load(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }

    /** Runs promtool with the arguments and asserts it exits with 0, showing its output otherwise. */
    private static void promtool(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Executables.require("promtool", Executables.PROMETHEUS_PACKAGE).toString());
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("promtool finished").isTrue();
            assertThat(process.exitValue()).as("%s exit code; output:%n%s", String.join(" ", command),
                    new String(output, StandardCharsets.UTF_8)).isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
