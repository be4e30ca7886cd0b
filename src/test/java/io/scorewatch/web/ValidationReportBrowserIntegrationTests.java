package io.scorewatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.print.PrintOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.scorewatch.stats.BinomialTest;
import io.scorewatch.stats.JeffreysTest;
import io.scorewatch.stats.RocAuc;
import io.scorewatch.support.Api;
import io.scorewatch.support.Api.Answer;

/**
 * The validation report as a validator sees it in Debian's headless Chromium: a January 2024
 * portfolio (matured for the P12M performance window) with four configured grades, where grade C
 * defaults at twice its PD and the others at their PD. The live page and the stored report's page
 * show C red and only C, draw the calibration and vintage charts, log no console error (a
 * Content-Security-Policy violation would be one), and print. In June 2025 a challenger (version
 * 2.0) scores the same applications in shadow: the June report draws the ROC curves of champion
 * and challenger; the May report has no challenger and says so.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ValidationReportBrowserIntegrationTests {

    static final String MODEL = "credit-scoring";
    static final String PERIOD = "2025-06";
    static final String PERIOD_WITHOUT_CHALLENGER = "2025-05";
    static final String CHALLENGER = "2.0";

    /** Created here, not by @TempDir: with one instance per class the context starts before JUnit fills those. */
    static final Path data;
    static final Path config;

    static {
        try {
            data = Files.createTempDirectory("scorewatch-validation-");
            config = Files.createTempDirectory("scorewatch-validation-config-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Files.createDirectories(config.resolve("models"));
        Files.writeString(config.resolve("models/credit-scoring.yaml"), Files.readString(
                Path.of("config/models/credit-scoring.yaml")) + """
                grades:
                  - {name: A, max-pd: 0.02}
                  - {name: B, max-pd: 0.05}
                  - {name: C, max-pd: 0.1}
                  - {name: D, max-pd: 1}
                initial-auc: 0.75
                """);
        registry.add("scorewatch.data-dir", () -> data.toString());
        registry.add("scorewatch.config-dir", () -> config.toString());
        registry.add("scorewatch.credit.default-window", () -> "1200d");
    }

    /** A grade of the January portfolio: size, PD range, defaults within the performance window. */
    private record Grade(String name, int count, double low, double high, int defaults) {
    }

    private static final List<Grade> GRADES = List.of(
            new Grade("A", 300, 0.005, 0.015, 3),
            new Grade("B", 300, 0.03, 0.05, 12),
            new Grade("C", 300, 0.07, 0.09, 48), // twice its PD of 0.08
            new Grade("D", 100, 0.2, 0.4, 30));

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    Api api;
    Browser browser;
    /** The AUCs of champion and challenger on the January applications, as the report shows them. */
    double championAuc;
    double challengerAuc;

    @BeforeAll
    void dataAndBrowser() {
        api = new Api(port);
        List<Map<String, Object>> predictions = new ArrayList<>();
        List<Map<String, Object>> labels = new ArrayList<>();
        List<Map<String, Object>> shadows = new ArrayList<>();
        List<Integer> outcomes = new ArrayList<>();
        List<Double> championScores = new ArrayList<>();
        List<Double> challengerScores = new ArrayList<>();
        Instant january = Instant.parse("2024-01-01T00:00:00Z");
        Instant june = Instant.parse("2025-06-02T00:00:00Z");
        int minute = 0;
        for (Grade grade : GRADES) {
            int every = grade.count() / grade.defaults();
            for (int i = 0; i < grade.count(); i++) {
                String id = "jan-" + grade.name() + "-" + i;
                double p = grade.low() + (grade.high() - grade.low()) * i / (grade.count() - 1);
                predictions.add(prediction(id, p, january.plusSeconds(60L * minute++)));
                boolean bad = i % every == 0 && i / every < grade.defaults();
                labels.add(bad ? Map.of("prediction_id", id, "actual_default", 1, "days_to_default", 15 + i % 330)
                        : Map.of("prediction_id", id, "actual_default", 0));
                // the challenger scores the defaults somewhat higher than the champion does
                double shadowScore = Math.round(Math.min(1, p * (bad ? 1.5 : 1.0) + 0.002 * (i % 7)) * 1e6) / 1e6;
                Map<String, Object> shadow = prediction("jun-" + id, shadowScore, june.plusSeconds(60L * minute));
                shadow.put("model_version", CHALLENGER);
                shadow.put("shadow_of", id);
                shadows.add(shadow);
                outcomes.add(bad ? 1 : 0);
                championScores.add(p);
                challengerScores.add(shadowScore);
            }
        }
        // an immature cohort: ten days old, an estimate
        Instant recent = Instant.now().minus(Duration.ofDays(10));
        for (int i = 0; i < 50; i++) {
            predictions.add(prediction("recent-" + i, 0.06, recent.plusSeconds(60L * i)));
        }
        assertThat(api.postJson("/api/v1/predictions/batch", Api.json(predictions)).status()).isEqualTo(202);
        assertThat(api.postJson("/api/v1/ground-truth/batch", Api.json(labels)).status()).isEqualTo(202);
        assertThat(api.postJson("/api/v1/predictions/batch", Api.json(shadows)).status()).isEqualTo(202);
        int[] y = outcomes.stream().mapToInt(Integer::intValue).toArray();
        championAuc = RocAuc.of(y, championScores.stream().mapToDouble(Double::doubleValue).toArray()).value();
        challengerAuc = RocAuc.of(y, challengerScores.stream().mapToDouble(Double::doubleValue).toArray()).value();
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM prediction WHERE actual_default IS NOT NULL", Long.class) == labels.size()
                && jdbc.queryForObject("SELECT COUNT(*) FROM prediction WHERE shadow_of IS NOT NULL", Long.class)
                        == shadows.size());
        browser = Browser.open();
    }

    private static Map<String, Object> prediction(String id, double p, Instant at) {
        return new HashMap<>(Map.of("prediction_id", id, "probability", p, "timestamp", at.toString(),
                "features", Map.of("AMT_INCOME_TOTAL", 100000.0)));
    }

    @AfterAll
    void closeTheBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
        for (Path folder : List.of(data, config)) {
            try (var files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    String url(String path) {
        return "http://scorewatch:" + Api.VIEWER_KEY + "@localhost:" + port + path;
    }

    @Test
    void theLiveReportShowsOnlyTheMiscalibratedGradeRedDrawsItsChartsAndPrints() {
        browser.driver.get(url("/reports/validation/" + MODEL + "?period=" + PERIOD));
        assertWhatAValidatorSees("validation-report-live");
    }

    @Test
    void theStoredReportShowsTheSameFiguresWithTheThresholdsThatJudgedThem() {
        Answer stored = api.postJson("/api/v1/models/" + MODEL + "/validation-reports?period=" + PERIOD, "");
        assertThat(stored.status()).as(stored.body()).isEqualTo(201);
        browser.driver.get(url(stored.json().get("page").asString()));
        assertWhatAValidatorSees("validation-report-stored");
        String inForce = browser.driver.findElement(By.id("in-force-title")).findElement(By.xpath(".."))
                .getText();
        assertThat(inForce).contains("yellow below 0.05, red below 0.01").contains("A up to 0.02")
                .contains("high_override_rate").contains("> 0.10");
        assertThat(browser.driver.findElement(By.id("stored-report")).getText())
                .contains("#" + stored.json().get("id").asLong()).contains("on_demand");
    }

    @Test
    void aPeriodWithoutAChallengerSaysSoAndDrawsNoRocCurve() {
        browser.driver.get(url("/reports/validation/" + MODEL + "?period=" + PERIOD_WITHOUT_CHALLENGER));
        browser.waiting().until(driver -> driver.findElements(By.cssSelector("[data-chart] canvas")).size() >= 2);

        assertThat(browser.driver.findElement(By.id("no-challenger")).getText())
                .isEqualTo("No challenger scored the period's applications.");
        assertThat(browser.driver.findElements(By.cssSelector("[data-chart=roc]"))).isEmpty();
        assertThat(browser.driver.findElements(By.id("challenger-table"))).isEmpty();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    private void assertWhatAValidatorSees(String screenshot) {
        browser.waiting().until(driver -> driver.findElements(By.cssSelector("[data-chart] canvas")).size() >= 3);

        List<WebElement> rows = browser.driver.findElements(By.cssSelector("#grade-table tbody tr[data-grade]"));
        assertThat(rows).extracting(row -> row.getAttribute("data-grade")).containsExactly("A", "B", "C", "D");
        for (WebElement row : rows) {
            WebElement light = row.findElement(By.cssSelector(".badge"));
            boolean c = row.getAttribute("data-grade").equals("C");
            assertThat(light.getText()).as(row.getText()).isEqualTo(c ? "RED" : "GREEN");
            assertThat(light.getAttribute("class")).as(row.getText()).contains(c ? "bad" : "good");
            assertThat(light.isDisplayed()).isTrue();
        }
        // grade C: 48 defaults of 300 at a mean PD of 8%, with the p-values of the scipy-checked tests
        assertThat(rows.get(2).getText()).contains("300").contains("48").contains("16.00%").contains("8.00%")
                .contains(ReportFormat.pValue(JeffreysTest.of(300, 48, 0.08).pValue()))
                .contains(ReportFormat.pValue(BinomialTest.of(300, 48, 0.08).pValue()));

        assertThat(browser.driver.findElements(By.id("no-challenger"))).isEmpty();
        assertThat(browser.driver.findElement(By.id("challenger-table")).getText()).contains(CHALLENGER)
                .contains(ReportFormat.decimal(championAuc, 4)).contains(ReportFormat.decimal(challengerAuc, 4));
        for (String chart : List.of("calibration", "vintages", "roc")) {
            Number drawn = (Number) browser.script("""
                    var canvas = document.querySelector('[data-chart=' + arguments[0] + '] canvas');
                    var pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                    var painted = 0;
                    for (var i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) { painted++; } }
                    return canvas.width > 0 && canvas.height > 0 ? painted : -1;""", chart);
            assertThat(drawn.longValue()).as("painted pixels of the %s chart", chart).isGreaterThan(500);
            assertThat(browser.driver.findElements(By.cssSelector("[data-chart=" + chart + "] .u-legend .u-series")))
                    .as("%s chart legend", chart).hasSizeGreaterThan(1);
        }
        // the ROC chart: both curves, labelled with their AUCs, and the diagonal
        assertThat(browser.driver.findElements(By.cssSelector("[data-chart=roc]"))).hasSize(1);
        String rocLegend = browser.driver.findElement(By.cssSelector("[data-chart=roc] .u-legend")).getText();
        assertThat(rocLegend).contains("champion (AUC " + ReportFormat.decimal(championAuc, 4) + ")")
                .contains("challenger " + CHALLENGER + " (AUC " + ReportFormat.decimal(challengerAuc, 4) + ")")
                .contains("no discrimination");
        assertThat(browser.driver.findElement(By.cssSelector("figure.roc figcaption")).getText())
                .contains("ROC curves of champion and challenger " + CHALLENGER)
                .contains("1,000 labelled applications").contains("the diagonal");
        String vintages = browser.driver.findElement(By.id("vintage-table")).getText();
        assertThat(vintages).contains("2024-01").contains("(estimate)");

        assertThat(browser.consoleErrors()).isEmpty();

        // the print stylesheet applies under the print medium, and Chromium prints the page
        boolean printRules = (Boolean) browser.script("""
                return Array.from(document.styleSheets).some(function (sheet) {
                  return Array.from(sheet.cssRules).some(function (rule) {
                    return rule.media && Array.from(rule.media).indexOf('print') >= 0;
                  });
                });""");
        assertThat(printRules).as("a print stylesheet").isTrue();
        browser.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        try {
            assertThat(browser.script("return getComputedStyle(document.querySelector('section.panel')).breakInside;"))
                    .isEqualTo("avoid");
            assertThat(browser.script("return getComputedStyle(document.querySelector('header.top a')).display;"))
                    .isEqualTo("none");
            assertThat(browser.driver.findElement(By.id("grade-table")).isDisplayed()).isTrue();
        } finally {
            browser.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
        }
        byte[] pdf = Base64.getDecoder().decode(browser.driver.print(new PrintOptions()).getContent());
        String text = new String(pdf, StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("%PDF-");
        long pages = Pattern.compile("/Type\\s*/Page[^s]").matcher(text).results().count();
        assertThat(pages).as("printed pages").isBetween(1L, 20L);
        assertThat(browser.consoleErrors()).isEmpty();
        browser.screenshot(screenshot + "-1280", 1280);
        browser.screenshot(screenshot + "-390", 390);
    }
}
