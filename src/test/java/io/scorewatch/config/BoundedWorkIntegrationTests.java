package io.scorewatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.scorewatch.support.Api;
import io.scorewatch.support.Api.Answer;

/**
 * Bounded work per request, over raw sockets so that a body can stall halfway: limits are checked
 * while the body is read (the answer comes before the body ends), and heavy requests are bounded
 * by {@code scorewatch.limits.heavy-reads}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "scorewatch.limits.heavy-reads=1", "scorewatch.limits.heavy-read-wait=0s",
        "scorewatch.limits.heavy-read-retry-after=7s", "scorewatch.ingest.max-features-per-prediction=5",
        "scorewatch.ingest.max-batch-items=3"})
class BoundedWorkIntegrationTests {

    static final Duration PATIENCE = Duration.ofSeconds(10);

    @TempDir
    static Path temp;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("scorewatch.data-dir", () -> temp.resolve("store").toString());
    }

    @LocalServerPort
    int port;

    /** A request whose chunked body is sent in parts, the socket staying open in between. */
    final class StalledRequest implements AutoCloseable {
        final Socket socket;
        final OutputStream out;

        StalledRequest(String method, String path, String key, String contentType, String firstPart)
                throws IOException {
            socket = new Socket("localhost", port);
            socket.setSoTimeout((int) PATIENCE.toMillis());
            out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nX-API-Key: " + key
                    + "\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            send(firstPart);
        }

        void send(String part) throws IOException {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        void end() throws IOException {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        /** The status and body of the answer; fails when none comes within the patience. */
        Answer answer() throws IOException {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                while (!complete(received.toString(StandardCharsets.UTF_8))) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    received.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("No answer within " + PATIENCE + " while the body was still open; received: "
                        + received.toString(StandardCharsets.UTF_8), e);
            }
            String text = received.toString(StandardCharsets.UTF_8);
            int headersEnd = text.indexOf("\r\n\r\n");
            String headers = text.substring(0, headersEnd);
            Matcher type = Pattern.compile("(?im)^content-type: *(.+)$").matcher(headers);
            String body = text.substring(headersEnd + 4);
            if (headers.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = unchunked(body);
            }
            return new Answer(Integer.parseInt(text.substring(9, 12)), type.find() ? type.group(1).strip() : null,
                    body);
        }

        private static String unchunked(String chunked) {
            StringBuilder body = new StringBuilder();
            int at = 0;
            while (true) {
                int lineEnd = chunked.indexOf("\r\n", at);
                int size = Integer.parseInt(chunked.substring(at, lineEnd).strip(), 16);
                if (size == 0) {
                    return body.toString();
                }
                byte[] rest = chunked.substring(lineEnd + 2).getBytes(StandardCharsets.UTF_8);
                String chunk = new String(rest, 0, size, StandardCharsets.UTF_8);
                body.append(chunk);
                at = lineEnd + 2 + chunk.length() + 2;
            }
        }

        private static boolean complete(String text) {
            int headersEnd = text.indexOf("\r\n\r\n");
            if (headersEnd < 0) {
                return false;
            }
            String headers = text.substring(0, headersEnd).toLowerCase(Locale.ROOT);
            Matcher length = Pattern.compile("(?m)^content-length: *(\\d+)").matcher(headers);
            if (length.find()) {
                return text.getBytes(StandardCharsets.UTF_8).length - headersEnd - 4 >= Integer.parseInt(length.group(1));
            }
            return !headers.contains("transfer-encoding: chunked") || text.endsWith("\r\n0\r\n\r\n");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void aPredictionWithTooManyFeaturesIsRefusedAtTheFirstOneBeyondTheLimit() throws IOException {
        try (StalledRequest request = new StalledRequest("POST", "/api/v1/predictions", Api.INGEST_KEY,
                "application/json", "{\"probability\": 0.4, \"features\": {\"f1\": 1, \"f2\": 2, \"f3\": 3, \"f4\": 4,"
                        + " \"f5\": 5, \"f6\": 6, ")) {
            Answer answer = request.answer();
            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            assertThat(answer.contentType()).isEqualTo("application/problem+json");
            assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("features");
            assertThat(answer.body()).contains("over the limit of 5").contains("max-features-per-prediction");
        }
    }

    @Test
    void aBatchOfFeaturesOverTheLimitNamesTheItem() throws IOException {
        try (StalledRequest request = new StalledRequest("POST", "/api/v1/predictions/batch", Api.INGEST_KEY,
                "application/json", "[{\"probability\": 0.4}, {\"probability\": 0.4, \"features\": {\"a\": 1, \"b\": 2,"
                        + " \"c\": 3, \"d\": 4, \"e\": 5, \"f\": 6, ")) {
            Answer answer = request.answer();
            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            assertThat(answer.json().get("errors").get(0).get("index").asInt()).isEqualTo(1);
            assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("features");
        }
    }

    @Test
    void aJsonBatchOverTheItemLimitIsRefusedAtTheFirstItemBeyondIt() throws IOException {
        try (StalledRequest request = new StalledRequest("POST", "/api/v1/predictions/batch", Api.INGEST_KEY,
                "application/json", "[{\"probability\": 0.1}, {\"probability\": 0.2}, {\"probability\": 0.3}, {")) {
            Answer answer = request.answer();
            assertThat(answer.status()).as(answer.body()).isEqualTo(413);
            assertThat(answer.contentType()).isEqualTo("application/problem+json");
            assertThat(answer.body()).contains("max-batch-items");
        }
    }

    @Test
    void aGroundTruthBatchOverTheItemLimitIsRefusedAtTheFirstItemBeyondIt() throws IOException {
        try (StalledRequest request = new StalledRequest("POST", "/api/v1/ground-truth/batch", Api.INGEST_KEY,
                "application/json", "[{\"client_id\": \"a\", \"actual_default\": 0}, {\"client_id\": \"b\","
                        + " \"actual_default\": 1}, {\"client_id\": \"c\", \"actual_default\": 0}, {")) {
            Answer answer = request.answer();
            assertThat(answer.status()).as(answer.body()).isEqualTo(413);
            assertThat(answer.body()).contains("max-batch-items");
        }
    }

    @Test
    void heavyRequestsBeyondTheBoundAreAnswered429WithRetryAfter() throws Exception {
        Api viewer = new Api(port, Api.VIEWER_KEY);
        String metrics = "/api/v1/models/credit-scoring/metrics?window=30d";
        assertThat(viewer.get(metrics).status()).isEqualTo(200);

        // a drift run whose body stalls holds the only slot while the service waits for the body
        try (StalledRequest drift = new StalledRequest("POST", "/api/v1/models/credit-scoring/drift-runs",
                Api.ADMIN_KEY, "application/json", "{\"from\": ")) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest read = HttpRequest.newBuilder(URI.create("http://localhost:" + port + metrics))
                    .header("X-API-Key", Api.VIEWER_KEY).GET().build();
            HttpResponse<String> refused = await("a heavy read while the only slot is taken is refused")
                    .atMost(PATIENCE).pollInterval(Duration.ofMillis(50))
                    .until(() -> http.send(read, HttpResponse.BodyHandlers.ofString()), r -> r.statusCode() == 429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("7");
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(refused.body()).contains("scorewatch.limits.heavy-reads");
            // light reads are not bounded
            assertThat(viewer.get("/api/v1/models/credit-scoring").status()).isEqualTo(200);
            assertThat(viewer.get("/reports/drift-runs/1").status()).isEqualTo(429);

            drift.send("null}");
            drift.end();
            assertThat(drift.answer().status()).isNotEqualTo(429);
        }
        await("the slot is free again").atMost(PATIENCE).pollInterval(Duration.ofMillis(50))
                .until(() -> viewer.get(metrics).status() == 200);
    }
}
