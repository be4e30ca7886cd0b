package io.scorewatch.retraining;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP peer for the webhooks (the JDK's HTTP server): it records every request and
 * answers by the model named in the body: {@code fails} gets a 500, {@code hangs} is held
 * unanswered until {@link #release()} (at most {@link #HOLD_LIMIT}), any other model a 200.
 */
final class HookServer {

    static final Duration HOLD_LIMIT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One request as received. */
    record Received(String method, String path, Map<String, List<String>> headers, String body) {

        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    /** Requests of {@code hangs} still held unanswered. */
    private final AtomicInteger held = new AtomicInteger();
    /** Opened by {@link #release()} for the requests held then; later ones wait for the next. */
    private volatile CountDownLatch gate = new CountDownLatch(1);

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
                CountDownLatch until = gate;
                held.incrementAndGet();
                try {
                    until.await(HOLD_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    held.decrementAndGet();
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

    /** Requests of the model {@code hangs} received and not answered yet. */
    int held() {
        return held.get();
    }

    /** Answers the requests of {@code hangs} held now. */
    void release() {
        CountDownLatch open = gate;
        gate = new CountDownLatch(1);
        open.countDown();
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
