package io.scorewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class RecentKeysTests {

    private static KeyedPrediction entry(long row, String id, Long clientKey) {
        return new KeyedPrediction(row, id, PredictionKeys.idKeys(id)[0], clientKey);
    }

    @Test
    void findsWhatWasAddedByIdByKeyAndByClientUntilItIsRemoved() {
        RecentKeys keys = new RecentKeys(true);
        KeyedPrediction a = entry(10, "a", 7L);
        KeyedPrediction b = entry(11, "b", 7L);
        KeyedPrediction c = entry(12, "c", null);
        keys.add(List.of(a, b, c));

        assertThat(keys.size()).isEqualTo(3);
        assertThat(keys.rowOf("b")).hasValue(11);
        assertThat(keys.rowOf("d")).isEmpty();
        assertThat(keys.rowsOfClient(7L)).containsExactly(10L, 11L);
        assertThat(keys.rowsOfClient(8L)).isEmpty();
        assertThat(keys.rowsOfClient(null)).isEmpty();
        long other = PredictionKeys.idKeys("d")[0];
        assertThat(keys.taken(List.of(a.idKey(), other, c.idKey()))).isEqualTo(Map.of(a.idKey(), "a", c.idKey(), "c"));
        assertThat(keys.oldest(2)).containsExactly(a, b);

        keys.remove(List.of(a, c));

        assertThat(keys.size()).isOne();
        assertThat(keys.rowOf("a")).isEmpty();
        assertThat(keys.rowsOfClient(7L)).containsExactly(11L);
        assertThat(keys.taken(List.of(a.idKey(), b.idKey()))).isEqualTo(Map.of(b.idKey(), "b"));
        keys.remove(List.of(b, b));
        assertThat(keys.size()).isZero();
        assertThat(keys.rowsOfClient(7L)).isEmpty();
    }

    @Test
    void aKeyOfAnotherIdIsTakenButDoesNotFindThatId() {
        RecentKeys keys = new RecentKeys(true);
        // another id under this id's first key, as after a collision of keys
        long key = PredictionKeys.idKeys("mine")[0];
        keys.add(List.of(new KeyedPrediction(1, "theirs", key, null)));

        assertThat(keys.rowOf("mine")).isEmpty();
        assertThat(keys.taken(List.of(key))).containsEntry(key, "theirs");
        assertThat(PredictionKeys.freeKey("mine", keys.taken(List.of(key)))).isEqualTo(PredictionKeys.idKeys("mine")[1]);
    }

    @Test
    void writersRunOneAtATimeWhenEnabledAndFreelyWhenNot() throws Exception {
        assertThat(mostAtOnce(new RecentKeys(true))).isOne();
        assertThat(mostAtOnce(new RecentKeys(false))).isGreaterThan(1);
    }

    private static int mostAtOnce(RecentKeys keys) throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                done.add(pool.submit(() -> keys.exclusively(() -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return running.decrementAndGet();
                })));
            }
            for (Future<Integer> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return most.get();
    }
}
