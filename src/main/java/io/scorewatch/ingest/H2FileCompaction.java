package io.scorewatch.ingest;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.ToIntFunction;

import javax.sql.DataSource;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Keeps the embedded H2 file from growing without bound.
 *
 * <p>H2's store (MVStore) writes every commit as a new chunk holding fresh copies of the pages
 * it changed, so the older chunks keep fewer and fewer live pages. Its background writer
 * normally rewrites the live pages of sparse chunks so that their space is reused; with
 * {@code WRITE_DELAY=0} (each commit written before the answer) H2 runs no background writer,
 * and nothing rewrites them. This component calls the store's own compaction on that schedule
 * instead: {@link MVStore#compact(int, int)} moves live pages out of the chunks below the
 * target fill rate, at most a bounded number of bytes a pass, under the store's lock. It
 * changes no data. On PostgreSQL it does nothing (autovacuum does the same work there).
 */
@Component
class H2FileCompaction {

    private static final Logger log = LoggerFactory.getLogger(H2FileCompaction.class);

    private final DataSource dataSource;
    private final Settings settings;
    private final boolean h2;

    H2FileCompaction(DataSource dataSource, Settings settings) throws SQLException {
        this.dataSource = dataSource;
        this.settings = settings;
        try (Connection connection = dataSource.getConnection()) {
            this.h2 = connection.isWrapperFor(JdbcConnection.class)
                    && connection.getMetaData().getURL().startsWith("jdbc:h2:file:");
        }
    }

    /**
     * One pass of compaction (nothing when the chunks are at least at the target fill rate);
     * answers the fill rate of the store's chunks afterwards, or -1 on anything but an H2 file.
     */
    @Scheduled(fixedDelayString = "${scorewatch.h2-compaction.interval}",
            initialDelayString = "${scorewatch.h2-compaction.interval}")
    int compact() {
        if (!settings.enabled()) {
            return -1;
        }
        int writeLimit = (int) Math.min(Integer.MAX_VALUE, settings.writePerPass().toBytes());
        try {
            return onStore(store -> {
                store.compact(settings.targetFillRate(), writeLimit);
                return store.getFileStore().getChunksFillRate();
            });
        } catch (RuntimeException e) {
            log.warn("H2 file compaction skipped: {}", e.toString());
            return -1;
        }
    }

    /** The fill rate of the store's chunks (percent of live data), or -1 on anything but an H2 file. */
    int fillRate() {
        return onStore(store -> store.getFileStore().getChunksFillRate());
    }

    /** Applies the action to the H2 file's open store; -1 when there is none. */
    private int onStore(ToIntFunction<MVStore> action) {
        if (!h2) {
            return -1;
        }
        try (Connection connection = dataSource.getConnection()) {
            MVStore store = store(connection);
            return store == null || store.isClosed() ? -1 : action.applyAsInt(store);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the H2 store", e);
        }
    }

    private static MVStore store(Connection connection) throws SQLException {
        if (connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session
                && session.getDatabase().getStore() != null) {
            return session.getDatabase().getStore().getMvStore();
        }
        return null;
    }

    /**
     * The embedded store's compaction ({@code scorewatch.h2-compaction.*}).
     *
     * @param enabled        whether to compact at all
     * @param interval       pause between two passes
     * @param targetFillRate percentage of live data below which a chunk's pages are moved out
     * @param writePerPass   at most about this much is rewritten by one pass
     */
    @ConfigurationProperties("scorewatch.h2-compaction")
    record Settings(@DefaultValue("false") boolean enabled, @DefaultValue("10s") java.time.Duration interval,
            @DefaultValue("80") int targetFillRate, @DefaultValue("16MB") DataSize writePerPass) {
    }
}
