package io.scorewatch.segment;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.scorewatch.model.ModelDefinition;
import io.scorewatch.model.ModelRegistry;
import io.scorewatch.model.SegmentDeclaration;

/**
 * Which column of the prediction row holds a segment key's values: each key a model declares
 * holds one of the {@link #SLOTS} slots of {@code segment_slot}, and its values are stored in
 * {@code segment_1} to {@code segment_4}. Slots are given at start-up, the lowest free one to
 * each declared key that has none; a key no longer declared keeps its slot, so that the values
 * stored under it keep their meaning. Replicas starting together may race for a slot: the
 * table's constraints decide, and the loser reads the winner's slots and tries again.
 */
@Component
public class SegmentSlots {

    /** The segment columns of the prediction table. */
    public static final int SLOTS = SegmentDeclaration.MAX_KEYS;

    private final Map<String, Map<String, Integer>> slots = new ConcurrentHashMap<>();

    SegmentSlots(JdbcTemplate jdbc, ModelRegistry models) {
        for (ModelDefinition model : models.all()) {
            slots.put(model.name(), assign(jdbc, model));
        }
    }

    /**
     * The column (as {@code p.segment_N}, the prediction table read as {@code p}) holding this
     * declared key's values.
     */
    public String column(String model, String key) {
        return "p.segment_" + slot(model, key);
    }

    /** The slot (1 to {@link #SLOTS}) of a declared key. */
    public int slot(String model, String key) {
        Integer slot = slots.getOrDefault(model, Map.of()).get(key);
        if (slot == null) {
            throw new IllegalStateException("Model " + model + " declares no segment key '" + key + "'");
        }
        return slot;
    }

    private static Map<String, Integer> assign(JdbcTemplate jdbc, ModelDefinition model) {
        for (int attempt = 0; ; attempt++) {
            Map<String, Integer> held = read(jdbc, model.name());
            Set<String> missing = new TreeSet<>(model.segments().keySet());
            missing.removeAll(held.keySet());
            if (missing.isEmpty()) {
                return held;
            }
            String key = missing.iterator().next();
            int free = 1;
            while (held.containsValue(free)) {
                free++;
            }
            if (free > SLOTS) {
                throw new IllegalStateException("Model " + model.name() + " declares segment key '" + key
                        + "', but its " + SLOTS + " segment slots are held by the keys " + held.keySet()
                        + " (a key keeps its slot after it is no longer declared)");
            }
            try {
                jdbc.update("INSERT INTO segment_slot (model, segment_key, slot) VALUES (?, ?, ?)", model.name(), key,
                        free);
            } catch (DataIntegrityViolationException concurrentStart) {
                if (attempt >= SLOTS * 2) {
                    throw concurrentStart;
                }
                // another replica took the slot or gave this key one: read again
            }
        }
    }

    private static Map<String, Integer> read(JdbcTemplate jdbc, String model) {
        Map<String, Integer> held = new TreeMap<>();
        jdbc.query("SELECT segment_key, slot FROM segment_slot WHERE model = ?",
                rs -> {
                    held.put(rs.getString(1), rs.getInt(2));
                }, model);
        return held;
    }
}
