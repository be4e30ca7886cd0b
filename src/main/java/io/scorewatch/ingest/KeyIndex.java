package io.scorewatch.ingest;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where stored predictions are looked up by their keys ({@link PredictionKeys}): the rows of an
 * id key and of a client key. On PostgreSQL two tables ({@link KeyTables}), filled with each
 * batch; on H2 a file of its own ({@link KeyFile}), filled in bulk from {@link RecentKeys}. An
 * answer may name a row that is gone (purged): callers read the rows and check them.
 */
interface KeyIndex {

    /** Of these id keys, those indexed: key to the row of its prediction. */
    Map<Long, Long> rowsOfIdKeys(Collection<Long> idKeys);

    /** The rows of the predictions indexed under a client key. */
    List<Long> rowsOfClient(long clientKey);

    /** Indexes the keys of stored predictions. */
    void add(List<KeyedPrediction> entries);

    /** Forgets the keys of purged predictions. */
    void remove(List<KeyedPrediction> entries);
}
