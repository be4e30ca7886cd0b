package io.scorewatch.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection that the calling thread writes a request to and reads the
 * answer from itself. The intake benchmark's single predictions use one per sending thread: with
 * the JDK's {@code java.net.http} client a request passes from the sending thread to the client's
 * selector thread and its worker threads and back, and on two cores shared with the service those
 * hand-offs and their CPU time add to the measured latency.
 *
 * <p>It speaks only what the benchmark needs: a POST with a body, an answer with a
 * {@code Content-Length} or chunked body, {@code Connection: close} honoured by reconnecting on the
 * next request.
 */
final class BlockingHttpConnection implements Closeable {

    /** A status code and body. */
    record Answer(int status, String body) {
    }

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    BlockingHttpConnection(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /**
     * Posts a body and answers the response. A kept-alive connection that the server closed while
     * it was idle fails at once, before any answer: the request is then sent once more on a new
     * connection.
     */
    Answer post(String path, String apiKey, byte[] body) throws IOException {
        boolean reused = socket != null;
        try {
            return exchange(path, apiKey, body);
        } catch (IOException e) {
            close();
            if (!reused) {
                throw e;
            }
            return exchange(path, apiKey, body);
        }
    }

    private Answer exchange(String path, String apiKey, byte[] body) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(60_000);
            in = new BufferedInputStream(socket.getInputStream(), 8192);
            out = socket.getOutputStream();
        }
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nX-API-Key: " + apiKey
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        out.write(request);
        out.flush();

        String status = line();
        int code = Integer.parseInt(status.split(" ", 3)[1]);
        long length = -1;
        boolean chunked = false;
        boolean closing = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closing = value.equalsIgnoreCase("close");
                default -> {
                    // not needed
                }
            }
        }
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        if (chunked) {
            for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                    size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                answer.write(in.readNBytes(size));
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length >= 0) {
            answer.write(in.readNBytes((int) length));
        } else {
            answer.write(in.readAllBytes());
            closing = true;
        }
        if (closing) {
            close();
        }
        return new Answer(code, answer.toString(StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}
