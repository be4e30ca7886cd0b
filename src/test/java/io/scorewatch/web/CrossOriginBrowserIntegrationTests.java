package io.scorewatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.sun.net.httpserver.HttpServer;

import io.scorewatch.support.Api;
import io.scorewatch.support.Api.Answer;
import io.scorewatch.support.Ports;
import tools.jackson.databind.JsonNode;

/**
 * Cross-site request forgery in a real browser (Debian's headless Chromium): the admin opens the
 * dashboard (the browser now holds the admin key as cached HTTP Basic credentials), then visits a
 * page served on another origin (another local port) whose forms post to every state-changing
 * action. Each is refused (403 problem+json) and changes nothing; the dashboard's own button and
 * clients that are not browsers keep working.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrossOriginBrowserIntegrationTests {

    static final String MODEL = "credit-scoring";
    static final Path GOLDEN = Path.of("src/test/resources/golden/drift");
    static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\": \"[^\"]+\"");
    static final Path data;

    static {
        try {
            data = Files.createTempDirectory("scorewatch-cross-origin-");
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
    Browser admin;
    HttpServer elsewhere;
    String elsewhereOrigin;

    /** Form id -> the action it posts to, and whether the form sends a body. */
    Map<String, String> actions() {
        Map<String, String> actions = new LinkedHashMap<>();
        actions.put("monitoring-run", "/api/v1/models/" + MODEL + "/monitoring-runs");
        actions.put("review", "/api/v1/models/" + MODEL + "/reviews");
        actions.put("reload-rules", "/api/v1/alert-rules/reload");
        actions.put("retraining-run", "/api/v1/models/" + MODEL + "/retraining-runs");
        actions.put("acknowledge", "/api/v1/alerts/1/acknowledge");
        actions.put("drift-run", "/api/v1/models/" + MODEL + "/drift-runs");
        return actions;
    }

    @BeforeAll
    void start() throws IOException {
        api = new Api(port);
        int otherPort = Ports.free();
        elsewhereOrigin = "http://localhost:" + otherPort;
        StringBuilder page = new StringBuilder("<!doctype html><html><head><title>Elsewhere</title></head><body>");
        actions().forEach((id, path) -> {
            boolean bodiless = id.equals("retraining-run") || id.equals("acknowledge");
            page.append("<form id=\"").append(id).append("\" method=\"post\" action=\"http://localhost:").append(port)
                    .append(path).append('"').append(bodiless ? " enctype=\"text/plain\">" : ">")
                    .append(bodiless ? "" : "<input type=\"hidden\" name=\"force\" value=\"true\">")
                    .append("</form>");
        });
        page.append("</body></html>");
        byte[] html = page.toString().getBytes(StandardCharsets.UTF_8);
        elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", otherPort), 0);
        elsewhere.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, html.length);
            exchange.getResponseBody().write(html);
            exchange.close();
        });
        elsewhere.start();
        admin = Browser.open();
    }

    @AfterAll
    void stop() throws IOException {
        if (admin != null) {
            admin.close();
        }
        if (elsewhere != null) {
            elsewhere.stop(0);
        }
        try (var files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    void openDashboard() {
        admin.driver.get("http://scorewatch:" + Api.ADMIN_KEY + "@localhost:" + port + "/?model=" + MODEL
                + "&range=7d");
        admin.waiting().until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", MODEL + "/7d"));
    }

    @Test
    @Order(1)
    void formsPostedFromAnotherOriginAreRefusedAndChangeNothing() {
        openDashboard();
        // the browser holds the admin's credentials: a page of its own origin may act
        admin.driver.get("http://localhost:" + port + "/api/v1/alert-rules");
        assertThat(admin.driver.findElement(By.tagName("body")).getText()).contains("feature_drift");

        for (Map.Entry<String, String> action : actions().entrySet()) {
            admin.driver.get(elsewhereOrigin + "/");
            admin.waiting().until(ExpectedConditions.titleIs("Elsewhere"));
            admin.script("document.getElementById(arguments[0]).submit();", action.getKey());
            String target = "http://localhost:" + port + action.getValue();
            admin.waiting().until(driver -> driver.getCurrentUrl().startsWith(target));
            String answer = admin.waiting().until(driver -> {
                String text = driver.findElement(By.tagName("body")).getText();
                return text.isBlank() ? null : text;
            });
            assertThat(answer).as(action.getKey()).contains("\"status\":403").contains("cross-origin")
                    .contains("from another origin");
        }

        assertThat(api.get("/api/v1/models/" + MODEL + "/monitoring-runs").json()).isEmpty();
        assertThat(api.get("/api/v1/models/" + MODEL + "/reviews").json()).isEmpty();
        assertThat(api.get("/api/v1/retraining-runs?model=" + MODEL).json()).isEmpty();
        assertThat(api.get("/api/v1/models/" + MODEL + "/drift-runs").json()).isEmpty();
    }

    @Test
    @Order(2)
    void theDashboardsOwnButtonStillRunsDriftDetection() throws IOException {
        // a client that is no browser (the model API, with its key) posts as before
        Answer reference = api.put("/api/v1/models/" + MODEL + "/reference", "text/csv",
                Files.readString(GOLDEN.resolve("reference.csv")));
        assertThat(reference.status()).as(reference.body()).isEqualTo(200);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> lines = Files.readAllLines(GOLDEN.resolve("production.ndjson"));
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            Instant at = now.minus(Duration.ofMinutes(2L * (i + 1)));
            body.append(TIMESTAMP.matcher(lines.get(i)).replaceFirst("\"timestamp\": \"" + at + "\"")).append('\n');
        }
        Answer predictions = new Api(port, Api.INGEST_KEY).post("/api/v1/predictions/batch", "application/x-ndjson",
                body.toString());
        assertThat(predictions.status()).as(predictions.body()).isEqualTo(202);

        openDashboard();
        admin.consoleErrors(); // the JSON answers of the previous test had no favicon; start afresh
        admin.driver.findElement(By.id("run-drift")).click();
        admin.waiting().until(ExpectedConditions.textMatches(By.id("run-message"), Pattern.compile("finished|failed")));
        JsonNode runs = api.get("/api/v1/models/" + MODEL + "/drift-runs").json();
        assertThat(runs.size()).isEqualTo(1);
        assertThat(admin.driver.findElement(By.id("run-message")).getText())
                .contains("Drift run #" + runs.get(0).get("id").asLong() + " finished");
        assertThat(admin.consoleErrors()).isEmpty();
    }

    @Test
    @Order(3)
    void overPlainHttpOnlyTheOriginDecides() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String url = "http://localhost:" + port + "/api/v1/alert-rules/reload";
        HttpResponse<String> foreign = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("X-API-Key", Api.ADMIN_KEY).header("Origin", "https://elsewhere.example")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(foreign.body()).contains("Origin: https://elsewhere.example");

        HttpResponse<String> nullOrigin = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("X-API-Key", Api.ADMIN_KEY).header("Origin", "null")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(nullOrigin.statusCode()).isEqualTo(403);

        HttpResponse<String> sameOrigin = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("X-API-Key", Api.ADMIN_KEY).header("Origin", "http://localhost:" + port)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sameOrigin.statusCode()).as(sameOrigin.body()).isEqualTo(200);

        HttpResponse<String> noBrowser = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("X-API-Key", Api.ADMIN_KEY).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noBrowser.statusCode()).as(noBrowser.body()).isEqualTo(200);

        // a wrong key from another origin: refused for its origin, before the key is read
        HttpResponse<String> wrongKey = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("X-API-Key", "not-a-key").header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongKey.statusCode()).isEqualTo(403);

        // reads from anywhere are untouched
        HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/v1/alert-rules")).header("X-API-Key", Api.ADMIN_KEY).header("Sec-Fetch-Site", "cross-site")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void thePageAndAReportCarryAContentSecurityPolicyAndErrorIsNotFound() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/"))
                .header("X-API-Key", Api.ADMIN_KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString()
                .contains("default-src 'self'").contains("frame-ancestors 'none'");
        long run = api.get("/api/v1/models/" + MODEL + "/drift-runs").json().get(0).get("id").asLong();
        HttpResponse<String> report = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/reports/drift-runs/" + run)).header("X-API-Key", Api.ADMIN_KEY).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.headers().allValues("Content-Security-Policy")).singleElement().asString()
                .contains("default-src 'none'").contains("script-src 'sha256-").doesNotContain("unsafe-inline");

        // the report still draws its charts under its policy
        admin.driver.get("http://localhost:" + port + "/reports/drift-runs/" + run);
        admin.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".uplot")));
        assertThat(admin.consoleErrors()).isEmpty();

        HttpResponse<String> error = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/error")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(error.statusCode()).isEqualTo(404);
        assertThat(error.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
}
