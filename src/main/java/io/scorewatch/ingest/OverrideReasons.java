package io.scorewatch.ingest;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The override reasons each model keeps, at most {@code scorewatch.overrides.max-reasons}: the
 * first reasons seen, rows of {@code override_reason}, added in the writing transaction. The
 * prediction row keeps its reason as posted; a read counts a reason the table lacks as
 * {@code other}, so the reasons a read answers stay bounded.
 */
@Component
class OverrideReasons {

    private final JdbcTemplate jdbc;
    private final OverrideProperties limits;
    private final Clock clock;
    /** Committed reasons per model. */
    private final Map<String, Set<String>> known = new ConcurrentHashMap<>();

    OverrideReasons(JdbcTemplate jdbc, OverrideProperties limits, Clock clock) {
        this.jdbc = jdbc;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * Adds the new reasons of predictions being stored, in the caller's transaction, while the
     * model keeps fewer than its bound.
     */
    void add(String model, List<StoredPrediction> rows) {
        Set<String> values = known.computeIfAbsent(model, m -> load(m));
        Set<String> pending = new HashSet<>();
        for (StoredPrediction row : rows) {
            String reason = row.overrideReason();
            if (reason == null || values.contains(reason) || pending.contains(reason)) {
                continue;
            }
            if (values.size() + pending.size() >= limits.maxReasons()) {
                return; // full: no query for a reason beyond the bound
            }
            if (!jdbc.queryForList("SELECT reason FROM override_reason WHERE model = ? AND reason = ?", String.class,
                    model, reason).isEmpty()) {
                values.add(reason); // another writer has committed it
                continue;
            }
            Integer stored = jdbc.queryForObject("SELECT COUNT(*) FROM override_reason WHERE model = ?",
                    Integer.class, model);
            if (stored >= limits.maxReasons()) { // the count holds this transaction's own additions
                return;
            }
            jdbc.update("INSERT INTO override_reason (model, reason, added_at) VALUES (?, ?, ?)", model, reason,
                    clock.instant().atOffset(ZoneOffset.UTC));
            pending.add(reason);
        }
        if (pending.isEmpty()) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    values.addAll(pending);
                }
            });
        } else {
            values.addAll(pending);
        }
    }

    private Set<String> load(String model) {
        Set<String> values = ConcurrentHashMap.newKeySet();
        values.addAll(jdbc.queryForList("SELECT reason FROM override_reason WHERE model = ?", String.class, model));
        return values;
    }
}
