package io.scorewatch.retraining;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.event.EventListener;

/** Every {@link RetrainingRunFinished} the service publishes, whatever thread publishes it. */
@TestComponent
class RecordedRuns {

    private final List<RetrainingRunFinished> finished = new CopyOnWriteArrayList<>();

    @EventListener
    void on(RetrainingRunFinished event) {
        finished.add(event);
    }

    /** The event of that run, waiting for it a while. */
    RetrainingRunFinished awaitRun(long runId, Duration patience) {
        return await().atMost(patience).pollInterval(Duration.ofMillis(50))
                .alias("RetrainingRunFinished for run " + runId + " (events so far: " + finished + ")")
                .until(() -> of(runId), found -> !found.isEmpty()).get(0);
    }

    /**
     * Asserts that no event of that run arrives within {@code window}: an outcome that ends
     * nothing publishes nothing, and absence can only be watched for a while.
     */
    void assertNoneFor(long runId, Duration window) {
        await().during(window).atMost(window.plusSeconds(5)).alias("no RetrainingRunFinished for run " + runId)
                .until(() -> of(runId).isEmpty());
    }

    List<RetrainingRunFinished> of(long runId) {
        return finished.stream().filter(event -> event.runId() == runId).toList();
    }
}
