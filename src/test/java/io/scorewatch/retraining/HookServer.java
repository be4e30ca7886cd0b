package io.scorewatch.retraining;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP peer for the webhooks (the JDK's HTTP server): it records every request and
 * answers by the model named in the body: {@code fails} gets a 500, {@code hangs} an answer
 * after {@link #SLOW}, any other model a 200.
 */
final class HookServer {

    static final Duration SLOW = Duration.ofSeconds(4);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One request as received. */
    record Received(String method, String path, Map<String, List<String>> headers, String body) {

        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();

    HookServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "hook-server");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()), body));
            String model = body.isEmpty() ? "" : JSON.readTree(body).path("model").asString("");
            int status = 200;
            String answer = "{\"accepted\":true,\"pipeline_run\":\"p-42\"}";
            if (model.equals("fails")) {
                status = 500;
                answer = "{\"error\":\"deployment refused the request\"}";
            } else if (model.equals("hangs")) {
                try {
                    Thread.sleep(SLOW.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            try {
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            } catch (IOException gone) {
                // the caller gave up waiting
            }
            exchange.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The request to that path that carried this run id (a path per service under test: their ids overlap). */
    Received forRun(String path, long runId) {
        return received.stream().filter(r -> r.path().equals(path) && !r.body().isEmpty()
                && r.json().path("run_id").asLong() == runId).findFirst()
                .orElseThrow(() -> new AssertionError("no webhook request of run " + runId + " to " + path + " in "
                        + received));
    }
}
