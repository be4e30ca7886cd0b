package io.scorewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTests {

    @TempDir
    Path folder;

    private static KeyedPrediction entry(long row, String id, Long clientKey) {
        return new KeyedPrediction(row, id, PredictionKeys.idKeys(id)[0], clientKey);
    }

    @Test
    void keepsWhatWasCommittedAcrossAReopenAndForgetsWhatWasRemoved() {
        Path path = folder.resolve("db.keys.mv.db");
        KeyedPrediction a = entry(1, "a", 7L);
        KeyedPrediction b = entry(2, "b", 7L);
        KeyedPrediction c = entry(3, "c", null);
        try (KeyFile file = new KeyFile(path, "one")) {
            assertThat(file.indexedThrough()).isZero();
            file.add(List.of(a, b, c));
            file.commit(3);
        }
        try (KeyFile file = new KeyFile(path, "one")) {
            assertThat(file.indexedThrough()).isEqualTo(3);
            long other = PredictionKeys.idKeys("d")[0];
            assertThat(file.rowsOfIdKeys(List.of(a.idKey(), other, c.idKey())))
                    .isEqualTo(Map.of(a.idKey(), 1L, c.idKey(), 3L));
            assertThat(file.rowsOfClient(7)).containsExactly(1L, 2L);
            assertThat(file.rowsOfClient(8)).isEmpty();

            file.remove(List.of(a, c));

            assertThat(file.rowsOfIdKeys(List.of(a.idKey(), b.idKey(), c.idKey()))).isEqualTo(Map.of(b.idKey(), 2L));
            assertThat(file.rowsOfClient(7)).containsExactly(2L);
        }
        try (KeyFile file = new KeyFile(path, "one")) {
            assertThat(file.rowsOfIdKeys(List.of(a.idKey()))).isEmpty();
            file.remove(List.of(b));
            assertThat(file.rowsOfClient(7)).isEmpty();
        }
    }

    @Test
    void aKeyRemovedWithAnotherRowStays() {
        try (KeyFile file = new KeyFile(null, "memory")) {
            KeyedPrediction stored = entry(5, "x", 9L);
            file.add(List.of(stored));
            file.remove(List.of(new KeyedPrediction(6, "x", stored.idKey(), 9L)));
            assertThat(file.rowsOfIdKeys(List.of(stored.idKey()))).containsEntry(stored.idKey(), 5L);
            assertThat(file.rowsOfClient(9)).containsExactly(5L);
        }
    }

    @Test
    void aFileOfAnotherDatabaseStartsOver() {
        Path path = folder.resolve("db.keys.mv.db");
        KeyedPrediction a = entry(1, "a", 7L);
        try (KeyFile file = new KeyFile(path, "one")) {
            file.add(List.of(a));
            file.commit(1);
        }
        try (KeyFile file = new KeyFile(path, "two")) {
            assertThat(file.indexedThrough()).isZero();
            assertThat(file.rowsOfIdKeys(List.of(a.idKey()))).isEmpty();
            assertThat(file.rowsOfClient(7)).isEmpty();
            file.add(List.of(a));
            file.commit(1);
            file.clear();
            assertThat(file.indexedThrough()).isZero();
            assertThat(file.rowsOfIdKeys(List.of(a.idKey()))).isEmpty();
        }
    }
}
