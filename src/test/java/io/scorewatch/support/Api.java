package io.scorewatch.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for the running service, as the model API or an operator uses it. It
 * sends the test suite's admin key (src/test/resources/config/application.properties) unless
 * told otherwise.
 */
public final class Api {

    public static final String ADMIN_KEY = "test-admin-key";
    public static final String VIEWER_KEY = "test-viewer-key";
    public static final String INGEST_KEY = "test-ingest-key";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String key;

    public Api(int port) {
        this(port, ADMIN_KEY);
    }

    /** A client that sends this key ({@code null}: none). */
    public Api(int port, String key) {
        this.base = "http://localhost:" + port;
        this.key = key;
    }

    /** The same service with another key ({@code null}: none). */
    public Api withKey(String otherKey) {
        return new Api(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), otherKey);
    }

    /** An answer: status, content type and body (as JSON when it is JSON). */
    public record Answer(int status, String contentType, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }
    }

    public Answer post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Answer put(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Answer postJson(String path, String body) {
        return post(path, "application/json", body);
    }

    public Answer delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    private Answer send(HttpRequest.Builder request) {
        if (key != null) {
            request.header("X-API-Key", key);
        }
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
