package io.scorewatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** The benchmark's blocking HTTP/1.1 connection against the JDK's own HTTP server. */
class BlockingHttpConnectionTests {

    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<String> peers = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/fixed", exchange -> answer(exchange, 202, "{\"ok\":true}", false, false));
        server.createContext("/chunked", exchange -> answer(exchange, 202, "a chunked answer", true, false));
        server.createContext("/closing", exchange -> answer(exchange, 202, "closing", false, true));
        server.createContext("/bad", exchange -> answer(exchange, 400, "{\"title\":\"bad\"}", false, false));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange, int status, String body, boolean chunked, boolean closing)
            throws IOException {
        received.add(exchange.getRequestHeaders().getFirst("X-API-Key") + " "
                + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        peers.add(exchange.getRemoteAddress().toString());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (closing) {
            exchange.getResponseHeaders().add("Connection", "close");
        }
        exchange.sendResponseHeaders(status, chunked ? 0 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private BlockingHttpConnection connection() {
        return new BlockingHttpConnection("localhost", server.getAddress().getPort());
    }

    @Test
    void postsBodiesAndKeepsTheConnectionAlive() throws IOException {
        try (BlockingHttpConnection connection = connection()) {
            for (int i = 0; i < 3; i++) {
                BlockingHttpConnection.Answer answer = connection.post("/fixed", "key", ("{\"n\":" + i + "}")
                        .getBytes(StandardCharsets.UTF_8));
                assertThat(answer).isEqualTo(new BlockingHttpConnection.Answer(202, "{\"ok\":true}"));
            }
        }
        assertThat(received).containsExactly("key {\"n\":0}", "key {\"n\":1}", "key {\"n\":2}");
        assertThat(peers).hasSize(3).containsOnly(peers.get(0));
    }

    @Test
    void readsChunkedAnswersAndStatusCodes() throws IOException {
        try (BlockingHttpConnection connection = connection()) {
            assertThat(connection.post("/chunked", "key", new byte[0]))
                    .isEqualTo(new BlockingHttpConnection.Answer(202, "a chunked answer"));
            assertThat(connection.post("/bad", "key", "{}".getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo(new BlockingHttpConnection.Answer(400, "{\"title\":\"bad\"}"));
            assertThat(connection.post("/fixed", "key", "{}".getBytes(StandardCharsets.UTF_8)).status())
                    .isEqualTo(202);
        }
        assertThat(peers).hasSize(3).containsOnly(peers.get(0));
    }

    @Test
    void opensANewConnectionAfterTheServerSaysClose() throws IOException {
        try (BlockingHttpConnection connection = connection()) {
            assertThat(connection.post("/closing", "key", "{}".getBytes(StandardCharsets.UTF_8)).body())
                    .isEqualTo("closing");
            assertThat(connection.post("/fixed", "key", "{}".getBytes(StandardCharsets.UTF_8)).status())
                    .isEqualTo(202);
        }
        assertThat(received).hasSize(2);
        assertThat(peers.get(1)).isNotEqualTo(peers.get(0));
    }
}
