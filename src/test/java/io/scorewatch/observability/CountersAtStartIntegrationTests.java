package io.scorewatch.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.scorewatch.support.Api;

/**
 * Right after start, before any traffic, every bounded counter is exported at 0: Grafana's panels
 * show 0 instead of "No data", and Prometheus's increase() sees the first event.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CountersAtStartIntegrationTests {

    static final Path DASHBOARD = Path.of("grafana/dashboards/credit-scoring.json");
    static final Pattern COUNTER = Pattern.compile("\\bcredit_scoring_[a-z0-9_]+_total\\b");
    static final String MODEL = "model=\"credit-scoring\"";

    @TempDir
    static Path temp;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("scorewatch.data-dir", () -> temp.resolve("store").toString());
    }

    @LocalServerPort
    int port;

    List<String> scrape() {
        Api.Answer answer = new Api(port, null).get("/actuator/prometheus");
        assertThat(answer.status()).isEqualTo(200);
        return answer.body().lines().filter(line -> !line.startsWith("#")).toList();
    }

    static List<String> series(List<String> scrape, String name) {
        return scrape.stream().filter(line -> line.startsWith(name + "{") && line.contains(MODEL)).toList();
    }

    @Test
    void everyCounterTheDashboardReadsIsExportedAtZeroBeforeAnyTraffic() throws IOException {
        List<String> scrape = scrape();
        Set<String> counters = new TreeSet<>();
        Matcher matcher = COUNTER.matcher(Files.readString(DASHBOARD));
        while (matcher.find()) {
            counters.add(matcher.group());
        }
        assertThat(counters).contains("credit_scoring_data_quality_violations_total");
        for (String counter : counters) {
            assertThat(series(scrape, counter)).as(counter + " of the default model").isNotEmpty()
                    .allSatisfy(line -> assertThat(line).endsWith(" 0.0"));
        }
    }

    @Test
    void eachKindOfViolationEachErrorTypeAndEachRuleHasItsSeries() {
        List<String> scrape = scrape();
        assertThat(series(scrape, "credit_scoring_data_quality_violations_total"))
                .anyMatch(line -> line.contains("kind=\"type_mismatch\""))
                .anyMatch(line -> line.contains("kind=\"not_finite\""))
                .anyMatch(line -> line.contains("kind=\"absent\""));
        // names the schema lacks and categories past a dictionary's bound are counted apart
        assertThat(series(scrape, "credit_scoring_unknown_features_total")).hasSize(1)
                .allSatisfy(line -> assertThat(line).endsWith(" 0.0"));
        assertThat(series(scrape, "credit_scoring_category_overflow_total")).hasSize(1)
                .allSatisfy(line -> assertThat(line).endsWith(" 0.0"));
        assertThat(series(scrape, "credit_scoring_new_features_total")).hasSize(1)
                .allSatisfy(line -> assertThat(line).endsWith(" 0.0"));
        assertThat(series(scrape, "credit_scoring_errors_total"))
                .anyMatch(line -> line.contains("error_type=\"validation\""))
                .anyMatch(line -> line.contains("error_type=\"other\""));
        assertThat(series(scrape, "credit_scoring_alerts_total"))
                .anyMatch(line -> line.contains("rule=\"feature_drift\""))
                .anyMatch(line -> line.contains("rule=\"high_error_rate\""));
    }
}
