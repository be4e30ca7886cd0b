package io.scorewatch.retraining;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import io.scorewatch.drift.DriftRunSummary;
import io.scorewatch.drift.DriftRuns;
import io.scorewatch.ingest.ModelVersions;
import io.scorewatch.model.ModelRegistry;
import io.scorewatch.performance.MetricsService;
import io.scorewatch.performance.Performance;
import io.scorewatch.retraining.RetrainingRunStore.RunRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * Retraining and rollback runs: asked for by the monitoring run and alerting (events) or by an
 * operator (HTTP), decided and recorded at once, run on a small pool of workers, never on the
 * thread that asked.
 *
 * <p>A request is recorded {@code not_configured} when no trigger is set; {@code skipped} when
 * a run of the model and kind is in progress on any replica (the store admits one, see
 * {@link RetrainingRunStore}) or a successful run ended less than the cooldown ago; otherwise it
 * starts. The retraining trigger is the command when one is set, else the webhook. Every run
 * that ends publishes {@link RetrainingRunFinished}. A run still recorded in progress longer
 * than any run can last (its replica stopped mid-run) is marked failed, at start-up and before
 * every request, so a crash never blocks the model for good. A run is stored before it starts:
 * one whose replica stopped between the decision and the start is started by another replica
 * (or this one after a restart) once its start grace has passed, or marked failed with the
 * reason.
 */
@Service
class RetrainingRuns {

    static final String MANUAL = "manual";

    private static final Logger log = LoggerFactory.getLogger(RetrainingRuns.class);

    private final ModelRegistry models;
    private final RetrainingRunStore store;
    private final RetrainingProperties retraining;
    private final RollbackProperties rollback;
    private final RetrainingCheck check;
    private final MetricsService metrics;
    private final DriftRuns drift;
    private final ModelVersions versions;
    private final CommandTrigger command;
    private final WebhookTrigger retrainingWebhook;
    private final WebhookTrigger rollbackWebhook;
    private final RetrainingMeters meters;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final String replica;
    private final ThreadPoolExecutor workers;
    private volatile boolean stopping;

    RetrainingRuns(ModelRegistry models, RetrainingRunStore store, RetrainingProperties retraining,
            RollbackProperties rollback, RetrainingCheck check, MetricsService metrics, DriftRuns drift,
            ModelVersions versions, CommandTrigger command, RetrainingMeters meters, ApplicationEventPublisher events,
            Clock clock, JsonMapper json) {
        this.models = models;
        this.store = store;
        this.retraining = retraining;
        this.rollback = rollback;
        this.check = check;
        this.metrics = metrics;
        this.drift = drift;
        this.versions = versions;
        this.command = command;
        this.meters = meters;
        this.events = events;
        this.clock = clock;
        int limit = (int) retraining.outputLimit().toBytes();
        this.retrainingWebhook = retraining.webhookUrl() == null ? null : new WebhookTrigger(retraining.webhookUrl(),
                retraining.webhookTimeout(), retraining.webhookConnectTimeout(), retraining.webhookHeaders(), limit,
                json, "scorewatch.retraining.webhook-headers");
        this.rollbackWebhook = rollback.webhookUrl() == null ? null : new WebhookTrigger(rollback.webhookUrl(),
                rollback.webhookTimeout(), rollback.webhookConnectTimeout(), rollback.webhookHeaders(), limit, json,
                "scorewatch.rollback.webhook-headers");
        this.replica = hostName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        // one worker per model and kind: as many runs as can be in progress here at once
        int threads = Math.max(2, 2 * models.all().size());
        AtomicInteger number = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES,
                new ArrayBlockingQueue<>(retraining.queueCapacity()), runnable -> {
                    Thread thread = new Thread(runnable, "retraining-" + number.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.workers.allowCoreThreadTimeOut(true);
        if (!retraining.command().isEmpty() && retraining.webhookUrl() != null) {
            log.warn("Both scorewatch.retraining.command and scorewatch.retraining.webhook-url are set: the command"
                    + " retrains, the webhook is not called");
        }
        log.info("Retraining trigger: {}; rollback trigger: {}", retraining.trigger().value(),
                rollback.trigger().value());
    }

    @EventListener
    void retrainingRequested(RetrainingRequested event) {
        requested(event.model(), RunKind.RETRAINING, event.reasons(), event.source());
    }

    @EventListener
    void rollbackRequested(RollbackRequested event) {
        requested(event.model(), RunKind.ROLLBACK,
                List.of(event.reason() == null || event.reason().isBlank() ? "no reason given" : event.reason()),
                event.source());
    }

    /** An event never fails its publisher: what goes wrong here is logged. */
    private void requested(String model, RunKind kind, List<String> reasons, String source) {
        try {
            if (models.find(model).isEmpty()) {
                log.warn("Ignored a {} request from {} for model '{}', which is not configured", kind.value(), source,
                        model);
                return;
            }
            request(model, kind, reasons, source == null ? "unknown" : source, null, null, false);
        } catch (RuntimeException e) {
            log.error("Could not handle the {} request of model {} from {}", kind.value(), model, source, e);
        }
    }

    /**
     * An operator asks for retraining. Without {@code force} the retraining check decides on the
     * current figures (ROC-AUC over the metrics window, the drifted share of the latest drift
     * run) and a decision "not needed" is recorded when it finds no reason; with {@code force}
     * the run starts (also within the cooldown) for the reason given.
     */
    RetrainingRun manual(String model, boolean force, String reason) {
        models.get(model);
        if (force) {
            return request(model, RunKind.RETRAINING, List.of(reason == null ? MANUAL : reason), MANUAL, null, null,
                    true);
        }
        Instant to = now();
        Duration window = metrics.defaultWindow();
        Performance performance = metrics.compute(model, to.minus(window), to).performance();
        Optional<DriftRunSummary> latestDrift = drift.latest(model);
        Double rocAuc = performance.rocAuc();
        Double driftShare = latestDrift.map(DriftRunSummary::driftShare).orElse(null);
        RetrainingCheck.Decision decision = check.decide(rocAuc, driftShare);
        if (decision.shouldRetrain()) {
            return request(model, RunKind.RETRAINING, decision.reasons(), MANUAL, rocAuc, driftShare, false);
        }
        String auc = rocAuc == null
                ? "ROC-AUC not known over the last " + days(window)
                        + (performance.note() == null ? "" : " (" + performance.note() + ")")
                : String.format(Locale.ROOT, "ROC-AUC %.4f over the last %s (retrain below %.2f)", rocAuc,
                        days(window), decision.performanceThreshold());
        String share = latestDrift.map(run -> String.format(Locale.ROOT,
                "drifted share %.1f%% in drift run %d of %s (retrain above %.1f%%)", run.driftShare() * 100, run.id(),
                run.startedAt(), decision.driftThreshold() * 100)).orElse("no drift run yet");
        RunRequest run = new RunRequest(model, RunKind.RETRAINING, MANUAL, List.of(), retraining.trigger(), replica,
                now(), rocAuc, driftShare);
        return decided(run, Outcome.NOT_NEEDED, "the retraining check found no reason: " + auc + "; " + share);
    }

    /** Records the request and starts the run when nothing stands in its way. */
    RetrainingRun request(String model, RunKind kind, List<String> reasons, String source, Double rocAuc,
            Double driftShare, boolean force) {
        abandonStale(kind);
        Trigger trigger = kind == RunKind.RETRAINING ? retraining.trigger() : rollback.trigger();
        RunRequest run = new RunRequest(model, kind, source, bounded(reasons), trigger, replica, now(), rocAuc,
                driftShare);
        if (trigger == Trigger.NONE) {
            RetrainingRun stored = decided(run, Outcome.NOT_CONFIGURED, kind == RunKind.RETRAINING
                    ? "nothing to start: set scorewatch.retraining.command or scorewatch.retraining.webhook-url"
                    : "nothing to start: set scorewatch.rollback.webhook-url");
            hand(() -> publish(stored));
            return stored;
        }
        Optional<Long> begun = store.begin(run, retraining.startGrace());
        if (begun.isEmpty()) {
            return decided(run, Outcome.SKIPPED, store.inProgress(model, kind)
                    .map(other -> "run " + other.id() + " of this model is in progress (asked for at "
                            + other.requestedAt() + " by " + other.source() + ")")
                    .orElse("another " + kind.value() + " of this model was in progress"));
        }
        long id = begun.get();
        Optional<RetrainingRun> cooling;
        try {
            cooling = force ? Optional.empty() : cooldown(id, run);
        } catch (RuntimeException e) {
            // the run holds its model: end it rather than leave it to be found abandoned
            end(id, model, kind, TriggerResult.failed("not started: " + e));
            throw e;
        }
        if (cooling.isPresent()) {
            return cooling.get();
        }
        log.info("Model {}: {} run {} from {} starts ({}): {}", model, kind.value(), id, source, trigger.value(),
                run.reasons());
        try {
            workers.execute(() -> execute(id, run));
        } catch (RejectedExecutionException full) {
            end(id, model, kind, TriggerResult.failed("not started: " + retraining.queueCapacity()
                    + " runs are waiting for a worker already (scorewatch.retraining.queue-capacity)"));
        }
        return store.find(id).orElseThrow();
    }

    /** Within the cooldown after a successful run, the run ends skipped (and is answered). */
    private Optional<RetrainingRun> cooldown(long id, RunRequest run) {
        Duration cooldown = run.kind() == RunKind.RETRAINING ? retraining.cooldown() : rollback.cooldown();
        Optional<Instant> lastSuccess = store.lastSuccess(run.model(), run.kind());
        if (lastSuccess.isEmpty() || !lastSuccess.get().plus(cooldown).isAfter(run.requestedAt())) {
            return Optional.empty();
        }
        String kind = run.kind().value();
        String detail = "cooldown until " + lastSuccess.get().plus(cooldown) + ": the last successful " + kind
                + " ended at " + lastSuccess.get() + " (scorewatch." + kind + ".cooldown " + cooldown + ")";
        store.finish(id, new TriggerResult(Outcome.SKIPPED, null, null, detail, null, null), now());
        meters.count(run.model(), run.kind(), Outcome.SKIPPED);
        log.info("Model {}: {} from {} skipped: {}", run.model(), kind, run.source(), detail);
        return store.find(id);
    }

    Optional<RetrainingRun> find(long id) {
        return store.find(id);
    }

    List<RetrainingRun> list(String model, RunKind kind, int limit) {
        return store.list(model, kind, limit);
    }

    /**
     * Once the store is up: a run left in progress by a replica that stopped mid-run is marked
     * failed, and a run decided but never started is started here.
     */
    @EventListener(ApplicationReadyEvent.class)
    void abandonStaleRuns() {
        try {
            for (RunKind kind : RunKind.values()) {
                abandonStale(kind);
            }
        } catch (RuntimeException e) {
            log.error("Could not look for abandoned retraining runs", e);
        }
        startNotStarted();
    }

    /**
     * Starts the runs that were decided and stored, but whose replica stopped before starting
     * them (their start grace passed on the database's clock): this replica takes each over
     * (one replica wins) and starts it with the trigger it was decided with. When that trigger
     * is no longer configured, or the model is gone, the run is marked failed with the reason.
     */
    @Scheduled(fixedDelayString = "${scorewatch.retraining.resume-interval}",
            initialDelayString = "${scorewatch.retraining.resume-interval}")
    void startNotStarted() {
        if (stopping) {
            return;
        }
        try {
            for (RetrainingRun stored : store.notStartedInTime()) {
                resume(stored);
            }
        } catch (RuntimeException e) {
            log.error("Could not look for retraining runs that were decided but not started", e);
        }
    }

    private void resume(RetrainingRun stored) {
        RunKind kind = RunKind.of(stored.kind());
        Trigger trigger = kind == RunKind.RETRAINING ? retraining.trigger() : rollback.trigger();
        if (!store.takeOver(stored.id(), replica, retraining.startGrace())) {
            return;
        }
        String lost = "replica " + stored.replica() + " stopped after deciding the run and before starting it";
        if (models.find(stored.model()).isEmpty()) {
            end(stored.id(), stored.model(), kind, TriggerResult.failed("not started: " + lost
                    + ", and the model is no longer configured"));
            return;
        }
        if (!trigger.value().equals(stored.trigger())) {
            end(stored.id(), stored.model(), kind, TriggerResult.failed("not started: " + lost + ", and its trigger "
                    + stored.trigger() + " is no longer the configured one (" + trigger.value() + ")"));
            return;
        }
        log.warn("Model {}: {} run {} from {} starts here: {}", stored.model(), kind.value(), stored.id(),
                stored.source(), lost);
        RunRequest run = new RunRequest(stored.model(), kind, stored.source(), stored.reasons(), trigger, replica,
                stored.requestedAt(), stored.rocAuc(), stored.driftShare());
        try {
            workers.execute(() -> execute(stored.id(), run));
        } catch (RejectedExecutionException full) {
            end(stored.id(), stored.model(), kind, TriggerResult.failed("not started: " + lost + ", and "
                    + retraining.queueCapacity() + " runs are waiting for a worker here"));
        }
    }

    /** Kills running commands (recorded failed) and lets the workers end. */
    @PreDestroy
    void stop() {
        stopping = true;
        command.stopAll();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(retraining.killGrace().toMillis() * 3, TimeUnit.MILLISECONDS)) {
                log.warn("Retraining runs still in progress at shutdown are left to be marked abandoned");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void execute(long id, RunRequest run) {
        TriggerResult result;
        try {
            if (stopping) {
                result = TriggerResult.failed("not started: the service stopped first");
            } else {
                // looked up here, not on the thread that asked: the store may have to walk far back
                String version = versions.latest(run.model()).orElse(null);
                if (!store.started(id, now(), version, run.replica())) {
                    log.warn("Run {} ended, or was taken over by another replica, before it started here", id);
                    return;
                }
                result = switch (run.trigger()) {
                    case COMMAND -> command.run(new CommandTrigger.Call(id, run.model(), version, run.reasons(),
                            run.source()));
                    case WEBHOOK -> run.kind() == RunKind.RETRAINING
                            ? retrainingWebhook.post(new WebhookBodies.Retraining(run.model(), version,
                                    run.reasons(), run.source(), id, run.requestedAt()))
                            : rollbackWebhook.post(new WebhookBodies.Rollback(run.model(), version,
                                    run.reasons().get(0), run.source(), id, run.requestedAt()));
                    case NONE -> throw new IllegalStateException("run " + id + " has no trigger");
                };
            }
        } catch (RuntimeException e) {
            log.error("Run {} failed in the service", id, e);
            result = TriggerResult.failed("the run failed in the service: " + e);
        }
        end(id, run.model(), run.kind(), result);
    }

    /** Records how a run in progress ended, counts and publishes it. */
    private void end(long id, String model, RunKind kind, TriggerResult result) {
        try {
            if (!store.finish(id, result, now())) {
                log.warn("Run {} had been marked abandoned; its outcome {} ({}) stays unrecorded", id,
                        result.outcome().value(), result.detail());
                return;
            }
            meters.count(model, kind, result.outcome());
            log.info("Model {}: {} run {} {}: {}", model, kind.value(), id, result.outcome().value(), result.detail());
            store.find(id).ifPresent(finished -> hand(() -> publish(finished)));
        } catch (RuntimeException e) {
            log.error("Could not record the end of run {} ({}: {})", id, result.outcome().value(), result.detail(), e);
        }
    }

    private RetrainingRun decided(RunRequest run, Outcome outcome, String detail) {
        long id = store.decided(run, outcome, detail, now());
        meters.count(run.model(), run.kind(), outcome);
        log.info("Model {}: {} from {} {}: {}", run.model(), run.kind().value(), run.source(), outcome.value(),
                detail);
        return store.find(id).orElseThrow();
    }

    /** Marks failed the runs of that kind in progress for longer than one can last. */
    private void abandonStale(RunKind kind) {
        Duration longest = kind == RunKind.RETRAINING
                ? max(retraining.timeout().plus(retraining.killGrace().multipliedBy(2)), retraining.webhookTimeout())
                : rollback.webhookTimeout();
        Instant cutoff = now().minus(longest).minus(retraining.abandonGrace());
        for (RetrainingRun stale : store.inProgressSince(kind, cutoff)) {
            end(stale.id(), stale.model(), kind, TriggerResult.failed("abandoned: still recorded in progress at "
                    + now() + ", longer than a " + kind.value() + " can last (" + longest
                    + "); replica " + stale.replica() + " stopped during the run"));
        }
    }

    private void publish(RetrainingRun run) {
        try {
            events.publishEvent(new RetrainingRunFinished(run.model(), run.id(), run.kind(), run.outcome(),
                    run.reasons(), eventDetail(run)));
        } catch (RuntimeException e) {
            log.error("A listener failed on the end of run {}", run.id(), e);
        }
    }

    /**
     * The detail and where an admin reads the output. The output itself never goes into a
     * message: it may carry anything the command printed, and messages reach channels (Slack,
     * mail) that are not limited to admins.
     */
    static String eventDetail(RetrainingRun run) {
        String detail = run.detail() == null ? run.outcome() : run.detail();
        boolean output = (run.output() != null && !run.output().isBlank())
                || (run.errorOutput() != null && !run.errorOutput().isBlank());
        return output ? detail + "\nOutput (admins): GET /api/v1/retraining-runs/" + run.id() : detail;
    }

    /** Runs a short task on a worker (never on the thread that asked), or here when none is free. */
    private void hand(Runnable task) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException full) {
            task.run();
        }
    }

    private List<String> bounded(List<String> reasons) {
        int max = retraining.maxReasonLength();
        return reasons.stream().map(reason -> reason == null ? "" : reason)
                .map(reason -> reason.length() <= max ? reason : reason.substring(0, max - 1) + "…").toList();
    }

    /** Now, as precise as the store keeps it (microseconds), so what a webhook is told matches the record. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String days(Duration window) {
        return window.toSeconds() % 86_400 == 0 ? window.toDays() + "d" : window.toString();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
