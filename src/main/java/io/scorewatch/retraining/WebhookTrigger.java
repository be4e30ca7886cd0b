package io.scorewatch.retraining;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import tools.jackson.databind.json.JsonMapper;

/**
 * POSTs a run's facts as JSON to a pipeline's webhook. A 2xx answer is success, any other
 * status a failure, no answer within the timeout (headers and body) a time-out. The start of
 * the answer is kept, at most the configured output limit.
 */
final class WebhookTrigger {

    private final URI url;
    private final Duration timeout;
    private final Map<String, String> headers;
    private final int limit;
    private final JsonMapper json;
    private final HttpClient client;

    WebhookTrigger(URI url, Duration timeout, Duration connectTimeout, Map<String, String> headers, int limit,
            JsonMapper json, String headersKey) {
        this.url = url;
        this.timeout = timeout;
        this.headers = Map.copyOf(headers);
        this.limit = limit;
        this.json = json;
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        try {
            request(new byte[0]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(headersKey + " holds a header that cannot be set: " + e.getMessage(), e);
        }
    }

    TriggerResult post(Object body) {
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<String>> call = client.sendAsync(request(json.writeValueAsBytes(body)),
                info -> HttpResponse.BodySubscribers.fromSubscriber(new Head(limit), Head::text));
        try {
            HttpResponse<String> response = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            int status = response.statusCode();
            String detail = "HTTP " + status + " from the webhook after " + (System.nanoTime() - started) / 1_000_000
                    + " ms";
            return new TriggerResult(status / 100 == 2 ? Outcome.SUCCEEDED : Outcome.FAILED, null, status, detail,
                    response.body(), null);
        } catch (TimeoutException e) {
            call.cancel(true);
            return timedOut();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof HttpTimeoutException) {
                return timedOut();
            }
            return TriggerResult.failed("the webhook could not be called: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        } catch (InterruptedException e) {
            // workers are never interrupted; should it happen, the call is abandoned
            call.cancel(true);
            return TriggerResult.failed("the webhook call was interrupted");
        }
    }

    private TriggerResult timedOut() {
        return new TriggerResult(Outcome.TIMED_OUT, null, null, "no complete answer from the webhook within "
                + timeout, null, null);
    }

    private HttpRequest request(byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "scorewatch");
        headers.forEach(request::header);
        return request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** Keeps the first {@code limit} bytes of the answer and drops the rest. */
    private static final class Head implements Flow.Subscriber<List<ByteBuffer>> {

        private final int limit;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private long dropped;

        Head(int limit) {
            this.limit = limit;
        }

        /** The kept start of the answer, once it is complete; null when empty. */
        synchronized String text() {
            if (kept.size() == 0) {
                return null;
            }
            String head = new String(kept.toByteArray(), StandardCharsets.UTF_8);
            return dropped == 0 ? head : head + "\n[" + dropped + " later bytes cut]";
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public synchronized void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                int take = Math.min(buffer.remaining(), limit - kept.size());
                byte[] bytes = new byte[take];
                buffer.get(bytes);
                kept.write(bytes, 0, take);
                dropped += buffer.remaining();
            }
        }

        @Override
        public void onError(Throwable error) {
            // the call fails with the error
        }

        @Override
        public void onComplete() {
            // text() reads what was kept
        }
    }
}
