package io.scorewatch.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on loopback standing in for Slack or a webhook: it records every request
 * and answers 200 ("ok"), or the status given with {@link #failNext(int, int)}.
 */
public final class HttpPeer implements AutoCloseable {

    /** One request as received, and the status it was answered with. */
    public record Request(String method, String path, String body, int status) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus = 500;

    public HttpPeer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int status = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? failureStatus : 200;
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), body, status));
            byte[] answer = (status == 200 ? "ok" : "internal_error").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next {@code count} requests are answered with {@code status}. */
    public void failNext(int count, int status) {
        failureStatus = status;
        failuresLeft.set(count);
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /** Requests answered 200 whose body matches. */
    public List<Request> delivered(Predicate<String> body) {
        return requests.stream().filter(r -> r.status() == 200 && body.test(r.body())).toList();
    }

    /**
     * Waits until the predicate holds on the requests: answers true then, and false when the
     * time is up first (with the requests received on the test's output).
     */
    public boolean await(Predicate<List<Request>> condition, Duration timeout) {
        try {
            Awaitility.await("the HTTP peer's requests").atMost(timeout).pollInterval(Duration.ofMillis(50))
                    .until(() -> condition.test(requests()));
            return true;
        } catch (ConditionTimeoutException e) {
            System.out.printf("%s; requests received: %s%n", e.getMessage(), requests());
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
