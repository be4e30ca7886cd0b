package io.scorewatch.ingest;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The key index of the H2 store: a file of its own next to the database
 * ({@code <database>.keys.mv.db}, an H2 MVStore) with two maps, id key to row and client key to
 * rows. They are written outside H2's transactions and undo log, so indexing 50,000 keys takes
 * some tens of milliseconds, where inserting them into tables took about two seconds.
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

    /** Opens (or creates) the file, in memory when there is none; starts over when it belongs to another database. */
    KeyFile(Path file, String fileId) {
        // MVStore's background thread (every second) writes what changed and compacts the file
        this.store = file == null ? new MVStore.Builder().open() : new MVStore.Builder().fileName(file.toString()).open();
        this.ids = store.openMap("id");
        this.clients = store.openMap("client");
        this.position = store.openMap("position");
        if (!fileId.equals(position.get(FILE))) {
            clear();
            position.put(FILE, fileId);
            store.commit();
        }
    }

    /** Forgets every key, to be indexed again from the prediction table. */
    synchronized void clear() {
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
        Map<Long, Long> rows = new HashMap<>();
        for (Long key : idKeys) {
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
    public synchronized void add(List<RecentKeys.Entry> entries) {
        for (RecentKeys.Entry entry : entries) {
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
    public void remove(List<RecentKeys.Entry> entries) {
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

    private synchronized void removeNow(List<RecentKeys.Entry> entries) {
        for (RecentKeys.Entry entry : entries) {
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
}
