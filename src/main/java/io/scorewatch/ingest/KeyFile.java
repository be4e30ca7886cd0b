package io.scorewatch.ingest;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The key index of the H2 store: a file of its own next to the database
 * ({@code <database>.keys.mv.db}, an H2 MVStore) with two maps, id key to row and client key to
 * rows. They are written outside H2's transactions and undo log: indexing 100,000 keys took
 * 0.7-0.8 s with 1.3M predictions stored, where inserting 50,000 into H2 tables took 1.5-3.5 s.
 *
 * <p>The file is a copy of what the prediction table holds: it records up to which row it has
 * the keys ({@link #indexedThrough()}), and at start-up {@link KeyIndexMerge} indexes the rows
 * after that from the table. A file lost, cut short by a crash, left from another database (the
 * database names its file in {@code key_file}) or ahead of a database restored from a copy costs
 * a rebuild, never a key.
 */
final class KeyFile implements KeyIndex, AutoCloseable {

    private static final String FILE = "file";
    private static final String THROUGH = "through";

    private final MVStore store;
    private final MVMap<Long, Long> ids;
    private final MVMap<Long, long[]> clients;
    private final MVMap<String, Object> position;
    /* guarded by this */
    private KeyFilter known;

    /** Opens (or creates) the file, in memory when there is none; starts over when it belongs to another database. */
    KeyFile(Path file, String fileId) {
        // MVStore's background thread (every second) writes what changed and compacts the file
        this.store = file == null ? new MVStore.Builder().open() : new MVStore.Builder().fileName(file.toString()).open();
        // space of an old version is reused at once: a damaged file is rebuilt, not recovered from an older version
        store.setRetentionTime(0);
        this.ids = store.openMap("id", new MVMap.Builder<Long, Long>().keyType(Key.TYPE).valueType(Key.TYPE));
        this.clients = store.openMap("client", new MVMap.Builder<Long, long[]>().keyType(Key.TYPE)
                .valueType(Rows.TYPE));
        this.position = store.openMap("position");
        if (!fileId.equals(position.get(FILE))) {
            clear();
            position.put(FILE, fileId);
            store.commit();
        }
        known = filterOf(ids.sizeAsLong());
        for (var keys = ids.keyIterator(null); keys.hasNext();) {
            known.put(keys.next());
        }
    }

    /**
     * A filter for the id keys (read whole at start-up), so that checking the keys of new ids
     * seldom reads the map: sized for the keys there are and as many again, at least 4M keys
     * (5 MB). Past its size it answers true more often, until the next start sizes it anew.
     */
    private static KeyFilter filterOf(long keys) {
        return new KeyFilter(Math.max(1L << 22, 2 * keys));
    }

    /** Forgets every key, to be indexed again from the prediction table. */
    synchronized void clear() {
        known = filterOf(0);
        ids.clear();
        clients.clear();
        position.put(THROUGH, 0L);
        store.commit();
    }

    /** The last prediction row whose keys the file holds. */
    long indexedThrough() {
        return (Long) position.get(THROUGH);
    }

    @Override
    public Map<Long, Long> rowsOfIdKeys(Collection<Long> idKeys) {
        List<Long> possible = new ArrayList<>();
        synchronized (this) {
            for (Long key : idKeys) {
                if (known.mightContain(key)) {
                    possible.add(key);
                }
            }
        }
        Map<Long, Long> rows = new HashMap<>();
        for (Long key : possible) {
            Long row = ids.get(key);
            if (row != null) {
                rows.put(key, row);
            }
        }
        return rows;
    }

    @Override
    public List<Long> rowsOfClient(long clientKey) {
        long[] rows = clients.get(clientKey);
        return rows == null ? List.of() : Arrays.stream(rows).boxed().toList();
    }

    /** Indexes keys; {@link #commit} writes them. */
    @Override
    public synchronized void add(List<KeyedPrediction> entries) {
        for (KeyedPrediction entry : entries) {
            known.put(entry.idKey());
            ids.put(entry.idKey(), entry.row());
            if (entry.clientKey() != null) {
                long[] rows = clients.get(entry.clientKey());
                long[] more = rows == null ? new long[1] : Arrays.copyOf(rows, rows.length + 1);
                more[more.length - 1] = entry.row();
                clients.put(entry.clientKey(), more);
            }
        }
    }

    /** Writes what was added, and that the file holds the keys of every row up to {@code through}. */
    synchronized void commit(long through) {
        position.put(THROUGH, through);
        store.commit();
    }

    /** Forgets keys once the purge that removes their rows has committed (until then they still find them). */
    @Override
    public void remove(List<KeyedPrediction> entries) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

                @Override
                public void afterCommit() {
                    removeNow(entries);
                }
            });
        } else {
            removeNow(entries);
        }
    }

    private synchronized void removeNow(List<KeyedPrediction> entries) {
        for (KeyedPrediction entry : entries) {
            ids.remove(entry.idKey(), entry.row());
            if (entry.clientKey() != null) {
                long[] rows = clients.get(entry.clientKey());
                if (rows != null) {
                    long[] left = Arrays.stream(rows).filter(row -> row != entry.row()).toArray();
                    if (left.length == 0) {
                        clients.remove(entry.clientKey());
                    } else {
                        clients.put(entry.clientKey(), left);
                    }
                }
            }
        }
        store.commit();
    }

    @Override
    public synchronized void close() {
        store.close();
    }

    /** A key or a row as 8 bytes: a hash takes 10 as a variable-length number, for half of them. */
    private static final class Key extends BasicDataType<Long> {

        static final Key TYPE = new Key();

        @Override
        public int getMemory(Long key) {
            return Long.BYTES;
        }

        @Override
        public void write(WriteBuffer buffer, Long key) {
            buffer.putLong(key);
        }

        @Override
        public Long read(ByteBuffer buffer) {
            return buffer.getLong();
        }

        @Override
        public int compare(Long a, Long b) {
            return Long.compare(a, b);
        }

        @Override
        public Long[] createStorage(int size) {
            return new Long[size];
        }
    }

    /** A client's rows: their count, then each as 8 bytes. */
    private static final class Rows extends BasicDataType<long[]> {

        static final Rows TYPE = new Rows();

        @Override
        public int getMemory(long[] rows) {
            return 16 + Long.BYTES * rows.length;
        }

        @Override
        public void write(WriteBuffer buffer, long[] rows) {
            buffer.putVarInt(rows.length);
            for (long row : rows) {
                buffer.putLong(row);
            }
        }

        @Override
        public long[] read(ByteBuffer buffer) {
            long[] rows = new long[DataUtils.readVarInt(buffer)];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = buffer.getLong();
            }
            return rows;
        }

        @Override
        public long[][] createStorage(int size) {
            return new long[size][];
        }
    }
}
