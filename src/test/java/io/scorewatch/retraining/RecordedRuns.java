package io.scorewatch.retraining;

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
    RetrainingRunFinished awaitRun(long runId, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            List<RetrainingRunFinished> found = of(runId);
            if (!found.isEmpty()) {
                return found.get(0);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no RetrainingRunFinished for run " + runId + " within " + patience + "; got "
                + finished);
    }

    List<RetrainingRunFinished> of(long runId) {
        return finished.stream().filter(event -> event.runId() == runId).toList();
    }
}
