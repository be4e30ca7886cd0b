package io.scorewatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.scorewatch.support.Api;
import io.scorewatch.support.Api.Answer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard page and a drift report in a real browser (Debian's headless Chromium), on the
 * golden drift data: a reference, 1,200 predictions spread over the last 20 days (300 in the
 * last 24 hours, 900 in the last 7 days) and 500 labels.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIntegrationTests {

    static final Path GOLDEN = Path.of("src/test/resources/golden/drift");
    static final String MODEL = "credit-scoring";
    static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\": \"[^\"]+\"");
    static final Pattern PROBABILITY = Pattern.compile("\"probability\": ([0-9.eE+-]+)");

    /** Created here, not by @TempDir: with one instance per class the context starts before JUnit fills those. */
    static final Path data;

    static {
        try {
            data = Files.createTempDirectory("scorewatch-dashboard-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("scorewatch.data-dir", () -> data.toString());
    }

    @LocalServerPort
    int port;

    Api api;
    /** When each posted prediction happened and its probability, as posted. */
    final List<Instant> postedAt = new ArrayList<>();
    final List<Double> postedProbability = new ArrayList<>();
    Browser admin;

    @BeforeAll
    void openABrowser() {
        api = new Api(port);
        admin = Browser.open();
    }

    /** Posts the golden data once, for the tests after the empty service's. */
    void ensureData() throws IOException {
        if (!postedAt.isEmpty()) {
            return;
        }
        Answer reference = api.put("/api/v1/models/" + MODEL + "/reference", "text/csv",
                Files.readString(GOLDEN.resolve("reference.csv")));
        assertThat(reference.status()).as(reference.body()).isEqualTo(200);

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> lines = Files.readAllLines(GOLDEN.resolve("production.ndjson"));
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            Instant at;
            if (i < 300) {
                at = now.minus(Duration.ofMinutes(4L * (i + 1))); // the last 20 hours
            } else if (i < 900) {
                at = now.minus(Duration.ofDays(2)).minus(Duration.ofSeconds(576L * (i - 300))); // 2 to 6 days ago
            } else {
                at = now.minus(Duration.ofDays(10)).minus(Duration.ofMinutes(48L * (i - 900))); // 10 to 20 days ago
            }
            postedAt.add(at);
            Matcher probability = PROBABILITY.matcher(lines.get(i));
            assertThat(probability.find()).isTrue();
            postedProbability.add(Double.parseDouble(probability.group(1)));
            body.append(TIMESTAMP.matcher(lines.get(i)).replaceFirst("\"timestamp\": \"" + at + "\"")).append('\n');
        }
        Answer predictions = api.post("/api/v1/predictions/batch", "application/x-ndjson", body.toString());
        assertThat(predictions.status()).as(predictions.body()).isEqualTo(202);
        Answer labels = api.postJson("/api/v1/ground-truth/batch", Files.readString(GOLDEN.resolve("labels.json")));
        assertThat(labels.status()).as(labels.body()).isEqualTo(202);
    }

    @AfterAll
    void closeTheBrowser() {
        if (admin != null) {
            admin.close();
        }
    }

    @AfterAll
    static void removeTheStore() throws IOException {
        try (var files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    String url(String key, String path) {
        return "http://scorewatch:" + key + "@localhost:" + port + path;
    }

    void openDashboard(Browser browser, String key, String range) {
        browser.driver.get(url(key, "/?model=" + MODEL + "&range=" + range));
        awaitLoaded(browser, range);
    }

    void awaitLoaded(Browser browser, String range) {
        try {
            browser.waiting().until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded",
                    MODEL + "/" + range));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("The page did not load " + range + ": "
                    + browser.driver.findElement(By.id("load-error")).getText() + "; console: "
                    + browser.console().stream().map(entry -> entry.getLevel() + " " + entry.getMessage()).toList(), e);
        }
    }

    @Test
    @Order(0)
    void anEmptyServiceSaysWhatToDoEverywhere() {
        openDashboard(admin, Api.ADMIN_KEY, "7d");
        assertThat(admin.consoleErrors()).isEmpty();
        assertThat(tileText("prediction_count")).isEqualTo("0");
        assertThat(tileText("default_rate")).isEqualTo("—");
        assertThat(tile("roc_auc").getText()).contains("POST /api/v1/ground-truth");
        assertThat(admin.driver.findElement(By.id("volume-empty")).getText())
                .contains("No predictions in the last 7 days").contains("POST /api/v1/predictions");
        assertThat(admin.driver.findElement(By.id("probability-empty")).getText())
                .contains("No reference uploaded yet: PUT /api/v1/models/credit-scoring/reference with a CSV");
        assertThat(admin.driver.findElement(By.id("drift-latest")).getText()).contains("No drift run yet")
                .contains("POST /api/v1/models/credit-scoring/drift-runs")
                .contains("PUT /api/v1/models/credit-scoring/reference");
        assertThat(admin.driver.findElement(By.id("alerts")).getText()).contains("No alert is firing");
        assertThat(admin.driver.findElement(By.id("retraining")).getText()).containsIgnoringCase("retraining");
        assertThat(admin.driver.findElement(By.id("drift-table")).isDisplayed()).isFalse();

        admin.driver.findElement(By.id("run-drift")).click();
        assertThat(admin.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("run-error"))).getText())
                .contains("No reference dataset yet").contains("PUT /api/v1/models/credit-scoring/reference");
        admin.consoleErrors(); // the refused run (409) is in the console; the next checks start afresh
    }

    @Test
    @Order(1)
    void theDashboardDataMatchesCountsMadeFromWhatWasPosted() throws IOException {
        ensureData();
        for (String window : List.of("24h", "7d", "30d")) {
            JsonNode dashboard = api.get("/api/v1/models/" + MODEL + "/dashboard?window=" + window).json();
            Instant from = Instant.parse(dashboard.get("from").asString());
            Instant to = Instant.parse(dashboard.get("to").asString());
            Duration length = Duration.between(from, to);
            assertThat(length).isEqualTo(switch (window) {
                case "24h" -> Duration.ofHours(24);
                case "7d" -> Duration.ofDays(7);
                default -> Duration.ofDays(30);
            });
            boolean hourly = !window.equals("30d");
            assertThat(dashboard.get("bucket").asString()).isEqualTo(hourly ? "1h" : "1d");
            long step = hourly ? 3600 : 86400;

            // buckets: whole UTC hours (days) from the one holding `from` to the one holding the last instant
            Map<Instant, Long> expected = new LinkedHashMap<>();
            for (long s = Math.floorDiv(from.getEpochSecond(), step) * step; s < to.getEpochSecond(); s += step) {
                expected.put(Instant.ofEpochSecond(s), 0L);
            }
            List<Double> inWindow = new ArrayList<>();
            long previous = 0;
            for (int i = 0; i < postedAt.size(); i++) {
                Instant at = postedAt.get(i);
                if (!at.isBefore(from) && at.isBefore(to)) {
                    expected.merge(Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), step) * step), 1L,
                            Long::sum);
                    inWindow.add(postedProbability.get(i));
                } else if (!at.isBefore(from.minus(length)) && at.isBefore(from)) {
                    previous++;
                }
            }
            Map<Instant, Long> actual = new LinkedHashMap<>();
            dashboard.get("volume").forEach(bucket -> actual.put(Instant.parse(bucket.get("start").asString()),
                    bucket.get("count").asLong()));
            assertThat(actual).as(window).containsExactlyEntriesOf(expected);
            assertThat(dashboard.get("prediction_count").asLong()).isEqualTo(inWindow.size())
                    .isEqualTo(switch (window) {
                        case "24h" -> 300;
                        case "7d" -> 900;
                        default -> 1200;
                    });
            assertThat(dashboard.get("previous_prediction_count").asLong()).isEqualTo(previous);

            // the probability histogram: 20 bins of [0, 1], production against the reference CSV's column
            long[] production = new long[20];
            inWindow.forEach(p -> production[Math.min(19, (int) Math.floor(p * 20))]++);
            long[] reference = new long[20];
            List<String> csv = Files.readAllLines(GOLDEN.resolve("reference.csv"));
            int column = List.of(csv.get(0).split(",")).indexOf("probability");
            csv.subList(1, csv.size()).forEach(row -> {
                double p = Double.parseDouble(row.split(",")[column]);
                reference[Math.min(19, (int) Math.floor(p * 20))]++;
            });
            JsonNode histogram = dashboard.get("probability");
            assertThat(longs(histogram.get("production"))).isEqualTo(production);
            assertThat(longs(histogram.get("reference"))).isEqualTo(reference);
            assertThat(histogram.get("edges")).hasSize(21);
            assertThat(histogram.get("edges").get(20).asDouble()).isEqualTo(1.0);
            assertThat(dashboard.get("reference_rows").asLong()).isEqualTo(csv.size() - 1);
        }
        // the page asks for retraining runs only where the service records them
        assertThat(api.get("/api/v1/models/" + MODEL + "/dashboard").json().get("retraining_runs_available")
                .asBoolean()).isEqualTo(api.get("/api/v1/retraining-runs?model=" + MODEL).status() == 200);
        assertThat(api.get("/api/v1/models/" + MODEL + "/dashboard?window=soon").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/models/" + MODEL + "/dashboard?window=2000d").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/models/nope/dashboard").status()).isEqualTo(404);
        assertThat(api.withKey(Api.VIEWER_KEY).get("/api/v1/models/" + MODEL + "/dashboard").status())
                .isEqualTo(200);
    }

    @Test
    @Order(2)
    void thePageShowsTheApiFiguresAndFollowsTheTimeRange() throws IOException {
        ensureData();
        openDashboard(admin, Api.ADMIN_KEY, "7d");
        assertThat(admin.consoleErrors()).isEmpty();
        JsonNode week = tilesMatchTheMetrics("7d");

        new Select(admin.driver.findElement(By.id("range"))).selectByValue("24h");
        awaitLoaded(admin, "24h");
        JsonNode day = tilesMatchTheMetrics("24h");
        assertThat(day.get("prediction_count").asLong()).isEqualTo(300);
        assertThat(week.get("prediction_count").asLong()).isEqualTo(900);
        assertThat(tileText("prediction_count")).isEqualTo("300");
        assertThat(admin.driver.getCurrentUrl()).contains("range=24h");

        new Select(admin.driver.findElement(By.id("range"))).selectByValue("30d");
        awaitLoaded(admin, "30d");
        assertThat(tilesMatchTheMetrics("30d").get("prediction_count").asLong()).isEqualTo(1200);
        assertThat(admin.driver.findElements(By.cssSelector("#volume-chart canvas"))).isNotEmpty();
        assertThat(admin.driver.findElements(By.cssSelector("#probability-chart canvas"))).isNotEmpty();
        assertThat(admin.consoleErrors()).isEmpty();

        // every resource the page loaded came from the service itself
        @SuppressWarnings("unchecked")
        List<String> resources = (List<String>) admin.script(
                "return performance.getEntriesByType('resource').map(function (e) { return e.name; });");
        assertThat(resources).isNotEmpty().allSatisfy(name -> {
            URI uri = URI.create(name);
            assertThat(uri.getHost() + ":" + uri.getPort()).as(name).isEqualTo("localhost:" + port);
        });
    }

    /** The tiles show the figures of GET .../metrics for the window, formatted; answers those metrics. */
    JsonNode tilesMatchTheMetrics(String window) {
        JsonNode metrics = api.get("/api/v1/models/" + MODEL + "/metrics?window=" + window).json();
        long count = metrics.get("prediction_count").asLong();
        assertThat(tileValue("prediction_count")).isEqualTo(String.valueOf(count));
        assertThat(tileText("prediction_count")).isEqualTo(String.format(Locale.US, "%,d", count));
        for (String share : List.of("default_rate", "high_risk_share")) {
            double value = metrics.get(share).asDouble();
            assertThat(Double.parseDouble(tileValue(share))).as(share).isEqualTo(value);
            assertThat(tileText(share)).as(share).isEqualTo(
                    new BigDecimal(value).movePointRight(2).setScale(2, RoundingMode.HALF_UP) + "%");
        }
        double average = metrics.get("avg_probability").asDouble();
        assertThat(Double.parseDouble(tileValue("avg_probability"))).isEqualTo(average);
        assertThat(tileText("avg_probability")).isEqualTo(
                new BigDecimal(average).setScale(4, RoundingMode.HALF_UP).toPlainString());
        assertThat(tile("default_rate").findElement(By.className("delta")).getText()).contains("vs target 8.00%");
        assertThat(tile("avg_probability").findElement(By.className("delta")).getText())
                .contains("vs target 0.0800");
        JsonNode auc = metrics.get("performance").get("roc_auc");
        if (auc != null && !auc.isNull()) {
            assertThat(Double.parseDouble(tileValue("roc_auc"))).isEqualTo(auc.asDouble());
            assertThat(tileText("roc_auc")).isEqualTo(
                    new BigDecimal(auc.asDouble()).setScale(4, RoundingMode.HALF_UP).toPlainString());
        } else {
            assertThat(tileText("roc_auc")).isEqualTo("—");
            assertThat(tile("roc_auc").getText()).contains("POST /api/v1/ground-truth");
        }
        // realised and estimated performance side by side, the estimate labelled as such
        JsonNode estimated = metrics.get("estimated_performance");
        WebElement estimate = admin.driver.findElement(By.cssSelector("#estimate-table tr[data-metric='roc_auc']"
                + " td.estimated"));
        assertThat(Double.parseDouble(estimate.getAttribute("data-value")))
                .isEqualTo(estimated.get("estimated_roc_auc").asDouble());
        assertThat(estimate.getText()).isEqualTo(String.format(Locale.US, "%,.4f (estimate)",
                estimated.get("estimated_roc_auc").asDouble()));
        assertThat(admin.driver.findElement(By.id("estimate-calibration")).getText()).startsWith("Calibration: ");
        return metrics;
    }

    WebElement tile(String metric) {
        return admin.driver.findElement(By.cssSelector(".tile[data-metric='" + metric + "']"));
    }

    String tileText(String metric) {
        return tile(metric).findElement(By.className("value")).getText();
    }

    String tileValue(String metric) {
        return tile(metric).getAttribute("data-value");
    }

    @Test
    @Order(3)
    void runningDriftDetectionFromTheKeyboardShowsTheNewRun() throws IOException {
        ensureData();
        openDashboard(admin, Api.ADMIN_KEY, "7d");
        assertThat(admin.driver.findElement(By.id("drift-latest")).getText()).contains("No drift run yet");
        int before = api.get("/api/v1/models/" + MODEL + "/drift-runs").json().size();

        // the button is a real button, reached with the Tab key and pressed with Enter
        WebElement button = admin.driver.findElement(By.id("run-drift"));
        assertThat(button.getTagName()).isEqualTo("button");
        admin.script("document.activeElement.blur(); window.scrollTo(0, 0);");
        boolean reached = false;
        for (int i = 0; i < 30 && !reached; i++) {
            admin.driver.switchTo().activeElement().sendKeys(Keys.TAB);
            reached = "run-drift".equals(admin.driver.switchTo().activeElement().getAttribute("id"));
        }
        assertThat(reached).as("the run button is reachable with Tab").isTrue();
        admin.driver.switchTo().activeElement().sendKeys(Keys.ENTER);

        admin.waiting().until(ExpectedConditions.textMatches(By.id("run-message"), Pattern.compile("finished|failed")));
        WebElement latest = admin.driver.findElement(By.id("latest-run"));
        JsonNode runs = api.get("/api/v1/models/" + MODEL + "/drift-runs").json();
        assertThat(runs.size()).isEqualTo(before + 1);
        long id = runs.get(0).get("id").asLong();
        assertThat(latest.getAttribute("data-run-id")).isEqualTo(String.valueOf(id));
        assertThat(admin.driver.findElement(By.id("run-message")).getText()).contains("Drift run #" + id + " finished");
        assertThat(button.isEnabled()).isTrue();
        admin.waiting().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#drift-runs-table a[href='/reports/drift-runs/" + id + "']")));

        // the table: one row per feature, worst first (drifted, then the smallest p-value)
        JsonNode run = api.get("/api/v1/models/" + MODEL + "/drift-runs/" + id).json();
        assertThat(run.get("prediction_count").asLong()).isEqualTo(900);
        List<String> worstFirst = new ArrayList<>();
        List<JsonNode> features = new ArrayList<>();
        run.get("features").forEach(features::add);
        features.sort((a, b) -> a.get("drifted").asBoolean() != b.get("drifted").asBoolean()
                ? (a.get("drifted").asBoolean() ? -1 : 1)
                : Double.compare(a.get("p_value").asDouble(), b.get("p_value").asDouble()));
        features.forEach(f -> worstFirst.add(f.get("name").asString()));
        assertThat(rowNames()).isEqualTo(worstFirst);
        assertThat(run.get("drifted_features")).isNotEmpty();
        WebElement first = admin.driver.findElement(By.cssSelector("#drift-table tbody tr"));
        assertThat(first.getText()).contains("drifted");

        // sorting by feature name, then back
        admin.driver.findElement(By.cssSelector("#drift-table th[data-key='name'] button")).click();
        assertThat(rowNames()).isEqualTo(worstFirst.stream().sorted().toList());
        assertThat(admin.driver.findElement(By.cssSelector("#drift-table th[data-key='name']"))
                .getAttribute("aria-sort")).isEqualTo("ascending");
        admin.driver.findElement(By.cssSelector("#drift-table th[data-key='name'] button")).click();
        assertThat(rowNames()).isEqualTo(worstFirst.stream().sorted(Comparator.reverseOrder()).toList());
        admin.driver.findElement(By.cssSelector("#drift-table th[data-key='drifted'] button")).click();
        assertThat(rowNames()).isEqualTo(worstFirst);

        assertThat(admin.driver.findElement(By.id("alerts")).getText()).isNotBlank();
        assertThat(admin.driver.findElement(By.id("retraining")).getText()).contains("retraining");
        assertThat(admin.consoleErrors()).isEmpty();
        admin.screenshot("dashboard-1280", 1280);
    }

    List<String> rowNames() {
        return admin.driver.findElements(By.cssSelector("#drift-table tbody tr")).stream()
                .map(row -> row.getAttribute("data-feature")).toList();
    }

    @Test
    @Order(4)
    void theReportOfARunHasEveryFeatureDriftedFirstWithItsCharts() throws IOException {
        ensureData();
        JsonNode latest = api.get("/api/v1/models/" + MODEL + "/drift-runs").json().get(0);
        long id = latest.get("id").asLong();
        JsonNode run = api.get("/api/v1/models/" + MODEL + "/drift-runs/" + id).json();

        admin.driver.get(url(Api.ADMIN_KEY, "/?model=" + MODEL + "&range=7d"));
        awaitLoaded(admin, "7d");
        admin.driver.findElement(By.cssSelector("#latest-run a")).click();
        admin.waiting().until(ExpectedConditions.urlContains("/reports/drift-runs/" + id));
        admin.waiting().until(driver -> driver.findElements(By.cssSelector("section.feature .chart canvas")).size()
                == run.get("features").size());

        List<WebElement> sections = admin.driver.findElements(By.cssSelector("section.feature"));
        assertThat(sections).hasSize(run.get("features").size());
        List<Boolean> drifted = sections.stream().map(s -> Boolean.parseBoolean(s.getAttribute("data-drifted")))
                .toList();
        assertThat(drifted).isSortedAccordingTo((a, b) -> Boolean.compare(b, a));
        assertThat(drifted.stream().filter(d -> d).count()).isEqualTo(run.get("drifted_features").size());
        List<String> names = sections.stream().map(s -> s.getAttribute("data-feature")).toList();
        assertThat(names.subList(0, run.get("drifted_features").size()))
                .containsExactlyInAnyOrderElementsOf(run.get("drifted_features").valueStream()
                        .map(JsonNode::asString).toList());
        for (WebElement section : sections) {
            JsonNode feature = run.get("features").valueStream()
                    .filter(f -> f.get("name").asString().equals(section.getAttribute("data-feature")))
                    .findFirst().orElseThrow();
            assertThat(section.getText()).contains(feature.get("test").asString())
                    .contains(String.format(Locale.US, "%.4f", feature.get("statistic").asDouble()))
                    .contains("PSI");
        }
        assertThat(admin.driver.findElements(By.cssSelector("[data-chart='probability'] canvas"))).isNotEmpty();
        String summary = admin.driver.findElement(By.tagName("main")).getText();
        assertThat(summary).contains("Drift share").contains("Prediction drift").contains("Target drift")
                .contains(String.format(Locale.US, "%,d", run.get("prediction_count").asLong()));
        assertThat(admin.consoleErrors()).isEmpty();
        admin.screenshot("report-1280", 1280);
        admin.screenshot("report-390", 390);
    }

    @Test
    @Order(5)
    void thePageFitsAPhoneScreen() throws IOException {
        ensureData();
        openDashboard(admin, Api.ADMIN_KEY, "7d");
        admin.resize(390, 844);
        admin.waiting().until(driver -> ((Number) admin.script("return document.documentElement.scrollWidth;"))
                .intValue() <= 390);
        assertThat(admin.driver.findElement(By.id("run-drift")).isDisplayed()).isTrue();
        assertThat(admin.driver.findElement(By.cssSelector("label[for='model']")).isDisplayed()).isTrue();
        admin.screenshot("dashboard-390", 390);
        admin.resize(1280, 900);
        assertThat(admin.consoleErrors()).isEmpty();
    }

    @Test
    @Order(6)
    void aViewerSeesThePageButIsToldRunningDriftNeedsAnAdmin() throws IOException {
        ensureData();
        int before = api.get("/api/v1/models/" + MODEL + "/drift-runs").json().size();
        try (Browser viewer = Browser.open()) {
            openDashboard(viewer, Api.VIEWER_KEY, "7d");
            assertThat(viewer.consoleErrors()).isEmpty();
            assertThat(viewer.driver.findElement(By.cssSelector(".tile[data-metric='prediction_count'] .value"))
                    .getText()).isEqualTo("900");
            assertThat(viewer.driver.findElement(By.id("latest-run")).getText()).contains("Run #");
            viewer.driver.findElement(By.id("run-drift")).click();
            WebElement error = viewer.waiting().until(ExpectedConditions.visibilityOfElementLocated(
                    By.id("run-error")));
            assertThat(error.getText()).contains("needs an admin key");
            // the console does report errors: the refused request is there (so its emptiness elsewhere means something)
            assertThat(viewer.consoleErrors()).anySatisfy(message -> assertThat(message).contains("403"));
            assertThat(viewer.driver.findElement(By.id("run-drift")).isEnabled()).isTrue();
        }
        assertThat(api.get("/api/v1/models/" + MODEL + "/drift-runs").json().size()).isEqualTo(before);
    }

    @Test
    @Order(7)
    void noPageOrReportLoadsAnythingFromAnotherHost() throws IOException {
        ensureData();
        long id = api.get("/api/v1/models/" + MODEL + "/drift-runs").json().get(0).get("id").asLong();
        Pattern reference = Pattern.compile("<(script|link|img|iframe|source)\\b[^>]*?\\b(src|href)\\s*=\\s*[\"']?([^\"'\\s>]+)",
                Pattern.CASE_INSENSITIVE);
        for (String path : List.of("/", "/index.html", "/reports/drift-runs/" + id)) {
            Answer page = api.get(path);
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.contentType()).startsWith("text/html");
            // tags only: what an inlined script says in its own text is not a reference
            String tags = page.body().replaceAll("(?is)(<script\\b[^>]*>).*?(</script>)", "$1$2")
                    .replaceAll("(?is)(<style\\b[^>]*>).*?(</style>)", "$1$2");
            Matcher matcher = reference.matcher(tags);
            List<String> targets = new ArrayList<>();
            while (matcher.find()) {
                targets.add(matcher.group(3));
            }
            assertThat(targets).as(path).allSatisfy(target -> assertThat(target)
                    .doesNotStartWithIgnoringCase("http:").doesNotStartWithIgnoringCase("https:")
                    .doesNotStartWith("//"));
            if (path.startsWith("/reports")) {
                // self-contained: no script or stylesheet to fetch at all
                assertThat(targets).allSatisfy(target -> assertThat(target).startsWith("data:"));
            } else {
                assertThat(targets).contains("/webjars/uplot/dist/uPlot.iife.min.js", "/js/dashboard.js");
                targets.stream().filter(target -> !target.startsWith("data:")).forEach(target ->
                        assertThat(api.get(target).status()).as(target).isEqualTo(200));
            }
        }
    }

    @Test
    @Order(8)
    void anUnknownRunHasNoReport() throws IOException {
        ensureData();
        Answer missing = api.get("/reports/drift-runs/987654");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.json().get("detail").asString()).contains("987654");
        assertThat(new Api(port, null).get("/").status()).isEqualTo(401);
        assertThat(new Api(port, Api.INGEST_KEY).get("/reports/drift-runs/1").status()).isEqualTo(403);
    }

    @Test
    @Order(9)
    void aReportChartsTheReferenceItsRunComparedAgainstEvenAfterAnotherUpload() throws IOException {
        ensureData();
        JsonNode run = api.get("/api/v1/models/" + MODEL + "/drift-runs").json().get(0);
        long id = run.get("id").asLong();
        Instant from = Instant.parse(run.get("from").asString());
        Instant to = Instant.parse(run.get("to").asString());
        List<String> csv = Files.readAllLines(GOLDEN.resolve("reference.csv"));
        // a new reference of the first 1,000 rows replaces the one the run used
        Answer replaced = api.put("/api/v1/models/" + MODEL + "/reference", "text/csv",
                String.join("\n", csv.subList(0, 1001)) + "\n");
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);

        String html = api.get("/reports/drift-runs/" + id).body();
        Matcher embedded = Pattern.compile("<script type=\"application/json\" id=\"report-data\">(.*?)</script>",
                Pattern.DOTALL).matcher(html);
        assertThat(embedded.find()).isTrue();
        JsonNode charts = JsonMapper.builder().build().readTree(embedded.group(1));

        // CONTRACT: category counts of the whole reference CSV and of the predictions posted in the run's window
        List<String> header = List.of(csv.get(0).split(","));
        int contract = header.indexOf("CONTRACT");
        Map<String, Long> reference = new TreeMap<>();
        csv.subList(1, csv.size()).forEach(row -> reference.merge(row.split(",")[contract], 1L, Long::sum));
        Map<String, Long> production = new TreeMap<>();
        List<String> lines = Files.readAllLines(GOLDEN.resolve("production.ndjson"));
        Pattern value = Pattern.compile("\"CONTRACT\": \"([^\"]+)\"");
        for (int i = 0; i < lines.size(); i++) {
            if (!postedAt.get(i).isBefore(from) && postedAt.get(i).isBefore(to)) {
                Matcher m = value.matcher(lines.get(i));
                if (m.find()) {
                    production.merge(m.group(1), 1L, Long::sum);
                }
            }
        }
        JsonNode chart = charts.get(chartOf(html, "CONTRACT"));
        Map<String, Long> chartedReference = new TreeMap<>();
        Map<String, Long> chartedProduction = new TreeMap<>();
        for (int k = 0; k < chart.get("categories").size(); k++) {
            String category = chart.get("categories").get(k).asString();
            chartedReference.put(category, chart.get("reference").get(k).asLong());
            if (chart.get("production").get(k).asLong() > 0) {
                chartedProduction.put(category, chart.get("production").get(k).asLong());
            }
        }
        assertThat(chartedReference).isEqualTo(reference);
        assertThat(chartedProduction).isEqualTo(production);
        assertThat(production.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(900);

        // AMT_INCOME: every non-missing value counted once on each side
        JsonNode income = charts.get(chartOf(html, "AMT_INCOME"));
        assertThat(income.get("kind").asString()).isEqualTo("numeric");
        assertThat(income.get("reference").valueStream().mapToLong(JsonNode::asLong).sum()).isEqualTo(3000);
        assertThat(income.get("production").valueStream().mapToLong(JsonNode::asLong).sum()).isEqualTo(900);
        assertThat(charts.get("probability").get("reference").valueStream().mapToLong(JsonNode::asLong).sum())
                .isEqualTo(3000);
        assertThat(html).doesNotContain("is no longer stored");

        // while the dashboard compares with the new reference
        JsonNode dashboard = api.get("/api/v1/models/" + MODEL + "/dashboard").json();
        assertThat(dashboard.get("reference_id").asLong()).isEqualTo(replaced.json().get("id").asLong())
                .isNotEqualTo(api.get("/api/v1/models/" + MODEL + "/drift-runs/" + id).json().get("reference_id")
                        .asLong());
        assertThat(dashboard.get("probability").get("reference").valueStream().mapToLong(JsonNode::asLong).sum())
                .isEqualTo(1000);
    }

    @Test
    @Order(10)
    void theSegmentPickerReadsOneSegmentAndAFeaturesTrendShowsEveryRunOfTheRange() throws IOException {
        ensureData();
        String segment = "product:missing";
        // two drift runs of the segment (the golden rows carry no NAME_CONTRACT_TYPE: all count as missing)
        for (int i = 0; i < 2; i++) {
            Answer run = api.postJson("/api/v1/models/" + MODEL + "/drift-runs",
                    Api.json(Map.of("segment", segment)));
            assertThat(run.status()).as(run.body()).isEqualTo(201);
        }
        admin.driver.get(url(Api.ADMIN_KEY, "/?model=" + MODEL + "&range=365d"));
        awaitLoaded(admin, "365d");

        // the picker offers every value of every declared key
        Select picker = new Select(admin.driver.findElement(By.id("segment")));
        List<String> offered = picker.getOptions().stream().map(o -> o.getAttribute("value")).toList();
        assertThat(offered).contains("", "product:missing", "product:other", "channel:missing", "channel:other");
        picker.selectByValue(segment);
        awaitLoaded(admin, "365d/" + segment);
        assertThat(admin.driver.getCurrentUrl()).contains("segment=product%3Amissing");
        assertThat(admin.driver.findElement(By.id("window-note")).getText()).contains("segment " + segment);
        JsonNode dashboard = api.get("/api/v1/models/" + MODEL + "/dashboard?window=365d&segment=product%3Amissing")
                .json();
        assertThat(dashboard.get("segment").asString()).isEqualTo(segment);
        assertThat(tileValue("prediction_count")).isEqualTo(dashboard.get("prediction_count").asString());

        // the trend: one point per stored run of the segment that tested the feature
        WebElement trend = admin.driver.findElement(By.id("trend-chart"));
        admin.waiting().until(driver -> trend.getAttribute("data-points") != null
                && !"0".equals(trend.getAttribute("data-points")));
        String feature = trend.getAttribute("data-feature");
        JsonNode history = api.get("/api/v1/models/" + MODEL + "/features/" + feature
                + "/history?window=365d&segment=product%3Amissing").json();
        assertThat(history.get("runs").size()).isEqualTo(2);
        assertThat(trend.getAttribute("data-points")).isEqualTo("2");
        assertThat(trend.findElements(By.tagName("canvas"))).isNotEmpty();
        assertThat(admin.driver.findElement(By.id("trend-caption")).getText()).contains(feature)
                .contains("segment " + segment).contains("2 drift runs");

        // back to all predictions: the total's runs
        picker.selectByValue("");
        awaitLoaded(admin, "365d");
        JsonNode total = api.get("/api/v1/models/" + MODEL + "/features/" + feature + "/history?window=365d").json();
        assertThat(total.get("segment").isNull()).isTrue();
        admin.waiting().until(driver -> String.valueOf(total.get("runs").size())
                .equals(trend.getAttribute("data-points")));
        assertThat(api.get("/api/v1/models/" + MODEL + "/features/" + feature + "/history?window=2000d").status())
                .isEqualTo(400);
        assertThat(admin.consoleErrors()).isEmpty();
    }

    /** The chart id of a feature's section in a report. */
    static String chartOf(String html, String feature) {
        Matcher section = Pattern.compile("data-feature=\"" + feature + "\"[^>]*>.*?data-chart=\"(f\\d+)\"",
                Pattern.DOTALL).matcher(html);
        assertThat(section.find()).as(feature).isTrue();
        return section.group(1);
    }

    static long[] longs(JsonNode array) {
        long[] values = new long[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asLong();
        }
        return values;
    }
}
