package io.scorewatch.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo: once the service is up, plays a model API against it over its public HTTP API. It
 * uploads a synthetic reference dataset, back-fills a history of predictions (the configured
 * scenario begins part-way; outcomes of predictions older than the label delay are posted),
 * starts a drift run and a monitoring run, then keeps posting live predictions, failed requests
 * and matured outcomes. Active only with the {@code demo} profile.
 */
@Component
@Profile("demo")
class DemoTraffic implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DemoTraffic.class);
    private static final Duration PROGRESS_EVERY = Duration.ofMinutes(1);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    /** An outcome that the lender will know at {@code due}. */
    private record PendingLabel(Instant due, String predictionId, ModelCall call) {
    }

    private final DemoProperties properties;
    private final Environment environment;
    private final JsonMapper json;
    private final Clock clock;
    private final ModelTraffic traffic;
    private final PriorityQueue<PendingLabel> pending = new PriorityQueue<>((a, b) -> a.due().compareTo(b.due()));
    private final AtomicLong clients = new AtomicLong();
    private final AtomicLong livePredictions = new AtomicLong();
    private final AtomicLong liveErrors = new AtomicLong();
    private final AtomicLong labelsPosted = new AtomicLong();
    private volatile ScheduledExecutorService executor;
    private volatile boolean running;

    DemoTraffic(DemoProperties properties, Environment environment, JsonMapper json, Clock clock) {
        this.properties = properties;
        this.environment = environment;
        this.json = json;
        this.clock = clock;
        this.traffic = new ModelTraffic(properties.seed() + 1);
    }

    @EventListener(ApplicationReadyEvent.class)
    void begin() {
        if (properties.apiKey().isBlank()) {
            log.error("scorewatch.demo.api-key is not set: the demo posts nothing");
            return;
        }
        String base = properties.baseUrl().isBlank()
                ? "http://localhost:" + environment.getProperty("local.server.port", "8080") : properties.baseUrl();
        DemoClient client = new DemoClient(base, properties.apiKey(), json);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "demo-traffic");
            thread.setDaemon(true);
            return thread;
        });
        executor = scheduler;
        scheduler.execute(() -> {
            try {
                prepare(client);
            } catch (RuntimeException e) {
                log.error("Demo set-up failed; live traffic follows anyway", e);
            }
            scheduler.scheduleAtFixedRate(() -> guarded(() -> live(client)), 0, 1, TimeUnit.SECONDS);
            long labelMillis = properties.labelInterval().toMillis();
            scheduler.scheduleAtFixedRate(() -> guarded(() -> postDueLabels(client)), labelMillis, labelMillis,
                    TimeUnit.MILLISECONDS);
            long progressMillis = PROGRESS_EVERY.toMillis();
            scheduler.scheduleAtFixedRate(() -> log.info("Demo live traffic so far: {} predictions, {} failed requests,"
                    + " {} outcomes posted", livePredictions.get(), liveErrors.get(), labelsPosted.get()),
                    progressMillis, progressMillis, TimeUnit.MILLISECONDS);
        });
    }

    private void prepare(DemoClient client) {
        String model = properties.model();
        banner(client.base());
        if (client.get("/api/v1/models/" + model + "/reference").ok()) {
            log.info("Demo: {} already has a reference dataset (data from an earlier run); no back-fill, live traffic"
                    + " only", model);
            return;
        }
        StringBuilder csv = new StringBuilder();
        new CreditApplications(properties.seed()).writeReferenceCsv(properties.referenceRows(), "target", "probability",
                csv);
        DemoClient.Reply upload = client.putCsv("/api/v1/models/" + model + "/reference", csv.toString());
        if (!upload.ok()) {
            throw new IllegalStateException("reference upload answered " + upload.status() + ": " + upload.body());
        }
        log.info("Demo: uploaded a reference dataset of {} rows x {} features", properties.referenceRows(),
                CreditApplications.featureNames().size());
        backfill(client);
        JsonNode drift = client.postExpectingSuccess("/api/v1/models/" + model + "/drift-runs", Map.of());
        log.info("Demo: drift run {} over the last 7 days: {} drifted features, drift share {}", drift.path("id"),
                drift.path("drifted_features").size(), drift.path("drift_share"));
        JsonNode monitoring = client.postExpectingSuccess("/api/v1/models/" + model + "/monitoring-runs", Map.of());
        log.info("Demo: monitoring run {}: should retrain {}, alerts {}", monitoring.path("id"),
                monitoring.path("retraining").path("should_retrain"), monitoring.path("alerts").size());
    }

    private void backfill(DemoClient client) {
        Instant now = clock.instant();
        long total = properties.historyPerDay() * properties.history().toDays();
        long spanMillis = properties.history().toMillis();
        Instant start = now.minus(properties.history());
        List<Map<String, Object>> batch = new ArrayList<>(properties.batchSize());
        List<Map<String, Object>> labels = new ArrayList<>(properties.batchSize());
        long predictions = 0;
        long errors = 0;
        long labelled = 0;
        for (long i = 0; i < total; i++) {
            Instant at = start.plusMillis(spanMillis * i / total);
            ModelCall call = traffic.next(properties.scenario(), intensity(at, now));
            if (call.failed()) {
                client.postExpectingSuccess("/api/v1/request-errors", call.requestError(at, properties.model()));
                errors++;
                continue;
            }
            String id = UUID.randomUUID().toString();
            batch.add(call.prediction(id, nextClient(), at, properties.model(), properties.modelVersion()));
            predictions++;
            Instant due = at.plus(properties.labelDelay());
            if (!due.isAfter(now)) {
                labels.add(call.groundTruth(id, due, properties.model()));
            } else {
                pending.add(new PendingLabel(due, id, call));
            }
            if (batch.size() == properties.batchSize()) {
                client.postExpectingSuccess("/api/v1/predictions/batch", batch);
                batch.clear();
            }
            if (labels.size() == properties.batchSize()) {
                client.postExpectingSuccess("/api/v1/ground-truth/batch", labels);
                labelled += labels.size();
                labels.clear();
            }
        }
        if (!batch.isEmpty()) {
            client.postExpectingSuccess("/api/v1/predictions/batch", batch);
        }
        if (!labels.isEmpty()) {
            client.postExpectingSuccess("/api/v1/ground-truth/batch", labels);
            labelled += labels.size();
        }
        log.info("Demo: back-filled {} days: {} predictions, {} failed requests, {} outcomes ({} more due later);"
                + " {} since {} ago", properties.history().toDays(), predictions, errors, labelled, pending.size(),
                properties.scenario().label(), days(properties.driftStart()));
    }

    /** One second of live traffic. */
    private void live(DemoClient client) {
        Instant now = clock.instant();
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < properties.liveRate(); i++) {
            ModelCall call = traffic.next(properties.scenario(), intensity(now, now));
            if (call.failed()) {
                client.postExpectingSuccess("/api/v1/request-errors", call.requestError(now, properties.model()));
                liveErrors.incrementAndGet();
                continue;
            }
            String id = UUID.randomUUID().toString();
            batch.add(call.prediction(id, nextClient(), now, properties.model(), properties.modelVersion()));
            pending.add(new PendingLabel(now.plus(properties.labelDelay()), id, call));
        }
        if (!batch.isEmpty()) {
            client.postExpectingSuccess("/api/v1/predictions/batch", batch);
            livePredictions.addAndGet(batch.size());
        }
    }

    private void postDueLabels(DemoClient client) {
        Instant now = clock.instant();
        List<Map<String, Object>> labels = new ArrayList<>();
        while (!pending.isEmpty() && !pending.peek().due().isAfter(now) && labels.size() < properties.batchSize()) {
            PendingLabel label = pending.poll();
            labels.add(label.call().groundTruth(label.predictionId(), label.due(), properties.model()));
        }
        if (!labels.isEmpty()) {
            client.postExpectingSuccess("/api/v1/ground-truth/batch", labels);
            labelsPosted.addAndGet(labels.size());
        }
    }

    /** The scenario's strength at a moment: none before it began, then full (or growing to full by now). */
    private double intensity(Instant at, Instant now) {
        Instant begin = now.minus(properties.driftStart());
        if (at.isBefore(begin)) {
            return 0;
        }
        if (!properties.scenario().gradual() || properties.driftStart().isZero()) {
            return 1;
        }
        return Math.min(1, (double) Duration.between(begin, at).toMillis() / properties.driftStart().toMillis());
    }

    private static String days(Duration duration) {
        return duration.toHours() % 24 == 0 ? duration.toDays() + " days" : duration.toString();
    }

    private String nextClient() {
        return "demo-client-" + clients.incrementAndGet();
    }

    private void guarded(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            log.warn("Demo traffic: {}", e.getMessage());
        }
    }

    private void banner(String base) {
        String model = properties.model();
        String viewer = environment.getProperty("scorewatch.security.keys.viewer", "(generated: see above)");
        log.info("""


                ==================== scorewatch demo ====================
                Keys:  admin  {}
                       viewer {}
                       ingest {}
                Now: a reference of {} rows, {} of history ({} predictions a day, {} since {} ago,
                outcomes {} after each prediction), then {} live predictions a second.
                Look at (header X-API-Key: {}):
                  {}/api/v1/models/{}/metrics            (last 7 days)
                  {}/api/v1/models/{}/metrics?window=30d (with realised ROC-AUC from the outcomes)
                  {}/api/v1/models/{}/drift-runs
                  {}/api/v1/alerts
                  {}/swagger-ui.html, {}/actuator/prometheus
                e.g. curl -s -H 'X-API-Key: {}' {}/api/v1/alerts
                =========================================================
                """, environment.getProperty("scorewatch.security.keys.admin", "(generated: see above)"), viewer,
                environment.getProperty("scorewatch.security.keys.ingest", "(generated: see above)"),
                properties.referenceRows(), days(properties.history()), properties.historyPerDay(),
                properties.scenario().label(), days(properties.driftStart()), days(properties.labelDelay()),
                properties.liveRate(),
                viewer, base, model, base, model, base, model, base, base, base, viewer, base);
    }

    @Override
    public void start() {
        running = true;
    }

    /** Stops the traffic before the web server shuts down (this bean's phase is later). */
    @Override
    public void stop() {
        running = false;
        ScheduledExecutorService scheduler = executor;
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
