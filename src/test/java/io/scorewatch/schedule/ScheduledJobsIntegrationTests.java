package io.scorewatch.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.scorewatch.support.Api;
import io.scorewatch.support.Api.Answer;
import tools.jackson.databind.JsonNode;

/** The daily and monthly jobs, run directly, and the monthly review over HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ScheduledJobsIntegrationTests {

    static final Path GOLDEN = Path.of("src/test/resources/golden/drift");

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("scorewatch.data-dir", () -> data.toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    ScheduledJobs jobs;

    @Autowired
    JobRuns runs;

    @Test
    void theDailyJobReportsTheDayAndPredictionDriftAndTheMonthlyJobKeepsAReview() throws IOException {
        Api api = new Api(port);
        assertThat(api.put("/api/v1/models/credit-scoring/reference", "text/csv",
                Files.readString(GOLDEN.resolve("reference.csv"))).status()).isEqualTo(200);
        String recent = Instant.now().minusSeconds(3600).toString();
        StringBuilder lines = new StringBuilder();
        List<String> golden = Files.readAllLines(GOLDEN.resolve("production.ndjson")).subList(0, 50);
        for (String line : golden) {
            lines.append(line.replaceFirst("\"timestamp\": \"[^\"]+\"", "\"timestamp\": \"" + recent + "\""))
                    .append('\n');
        }
        assertThat(api.post("/api/v1/predictions/batch", "application/x-ndjson", lines.toString()).status())
                .isEqualTo(202);

        jobs.daily();
        JobRuns.JobRun daily = runs.recent(10).stream().filter(run -> run.job().equals("daily")).findFirst()
                .orElseThrow();
        assertThat(daily.outcome()).isEqualTo("SUCCESS");
        assertThat(daily.detail()).contains("50 predictions").contains("prediction drift p = ");
        assertThat(api.get("/actuator/prometheus").body()).containsPattern(
                "credit_scoring_prediction_drift_p_value\\{[^}]*model=\"credit-scoring\"[^}]*\\} [0-9]");

        assertThat(api.postJson("/api/v1/models/credit-scoring/monitoring-runs", "").status()).isEqualTo(201);
        String month = YearMonth.now(ZoneOffset.UTC).toString();
        Answer review = api.postJson("/api/v1/models/credit-scoring/reviews?month=" + month, "");
        assertThat(review.status()).as(review.body()).isEqualTo(201);
        JsonNode report = review.json();
        assertThat(report.get("month").asString()).isEqualTo(month);
        assertThat(report.get("metrics").get("prediction_count").asLong()).isEqualTo(50);
        assertThat(report.get("drift_runs")).hasSize(1);
        assertThat(report.get("monitoring_runs")).hasSize(1);
        assertThat(api.get("/api/v1/models/credit-scoring/reviews/" + report.get("id").asLong()).json())
                .isEqualTo(report);
        assertThat(api.postJson("/api/v1/models/credit-scoring/reviews?month=2026-13", "").status()).isEqualTo(400);
        assertThat(api.postJson("/api/v1/models/credit-scoring/reviews?month=0000-01", "").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/models/credit-scoring/reviews/424242").status()).isEqualTo(404);

        jobs.monthly();
        JobRuns.JobRun monthly = runs.recent(10).stream().filter(run -> run.job().equals("monthly")).findFirst()
                .orElseThrow();
        assertThat(monthly.outcome()).isEqualTo("SUCCESS");
        assertThat(monthly.detail()).startsWith("review ").contains(YearMonth.now(ZoneOffset.UTC).minusMonths(1)
                .toString());
        assertThat(api.get("/api/v1/models/credit-scoring/reviews").json()).hasSize(2);
        assertThat(api.get("/api/v1/job-runs").json().findValuesAsString("job")).contains("daily", "monthly");
    }
}
