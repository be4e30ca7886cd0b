package io.scorewatch.alerting;

import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.scorewatch.alerting.AlertingProperties.Delivery;

/**
 * Sends what the outbox holds. New messages go out at once (after the transaction that wrote
 * them); failed ones are tried again with exponential backoff, on every replica's schedule and
 * after a restart, until a channel takes them. A message is claimed before it is sent, so one
 * replica sends it; once sent, it is marked delivered (by the holder of the claim only) and never
 * sent again. A send that outlasts the lease may be repeated by another replica: delivery is at
 * least once, and exactly once while every send ends within the lease.
 */
@Component
class AlertDelivery implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AlertDelivery.class);

    private final Map<Channel, ChannelSender> senders = new EnumMap<>(Channel.class);
    private final Outbox outbox;
    private final Delivery properties;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "alert-delivery");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean nudged = new AtomicBoolean();

    AlertDelivery(List<ChannelSender> channels, Outbox outbox, AlertingProperties properties) {
        channels.forEach(sender -> senders.put(sender.channel(), sender));
        this.outbox = outbox;
        this.properties = properties.delivery();
        Set<Channel> routed = EnumSet.noneOf(Channel.class);
        for (Severity severity : Severity.values()) {
            routed.addAll(properties.routing().of(severity));
        }
        for (Channel channel : routed) {
            if (!configured(channel)) {
                log.warn("Alerts are routed to {}, but it is not configured ({}); they go to the log only", channel,
                        channel == Channel.SLACK ? "scorewatch.alerting.slack.webhook-url"
                                : "scorewatch.alerting.email.to and spring.mail.host");
            }
        }
    }

    boolean configured(Channel channel) {
        ChannelSender sender = senders.get(channel);
        return sender != null && sender.configured();
    }

    /** Sends what is due soon, off the caller's thread. */
    void nudge() {
        if (nudged.compareAndSet(false, true)) {
            try {
                worker.execute(() -> {
                    nudged.set(false);
                    drain();
                });
            } catch (RejectedExecutionException shuttingDown) {
                nudged.set(false);
            }
        }
    }

    /** Also picks up what is due after a failure, a restart or another replica's crash. */
    @Scheduled(fixedDelayString = "${scorewatch.alerting.delivery.interval:10s}",
            initialDelayString = "${scorewatch.alerting.delivery.interval:10s}")
    void poll() {
        nudge();
    }

    /** Sends every due message once; returns how many were delivered. */
    synchronized int drain() {
        int delivered = 0;
        try {
            List<Long> due = outbox.due(properties.batchSize());
            for (long id : due) {
                Optional<Outbox.Message> claimed = outbox.claim(id, properties.lease());
                if (claimed.isPresent() && send(claimed.get())) {
                    delivered++;
                }
            }
            if (due.size() == properties.batchSize()) {
                nudge();
            }
        } catch (RuntimeException e) {
            log.error("Alert delivery could not read the outbox; it tries again on the next tick", e);
        }
        return delivered;
    }

    private boolean send(Outbox.Message message) {
        ChannelSender sender = senders.get(message.channel());
        try {
            if (sender == null || !sender.configured()) {
                throw new IllegalStateException(message.channel() + " is not configured");
            }
            sender.send(message);
        } catch (Exception e) {
            Duration wait = backoff(message.attempts());
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (outbox.failed(message, error, wait)) {
                log.warn("Notification {} to {} failed (attempt {}): {}; next attempt in {}", message.id(),
                        message.channel(), message.attempts(), error, wait);
            } else {
                log.warn("Notification {} to {} failed (attempt {}): {}; its claim ran out (lease {}) and another"
                        + " attempt holds it now", message.id(), message.channel(), message.attempts(), error,
                        properties.lease());
            }
            return false;
        }
        if (!outbox.delivered(message)) {
            log.warn("Notification {} went to {}, but its claim ran out first (lease {}, scorewatch.alerting.delivery"
                    + ".lease): another attempt holds it and may send it again", message.id(), message.channel(),
                    properties.lease());
            return false;
        }
        return true;
    }

    /** initial * 2^(attempts - 1), at most the maximum. */
    Duration backoff(int attempts) {
        Duration wait = properties.initialBackoff();
        for (int i = 1; i < attempts && wait.compareTo(properties.maxBackoff()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(properties.maxBackoff()) > 0 ? properties.maxBackoff() : wait;
    }

    @Override
    public void destroy() {
        worker.shutdown();
    }
}
