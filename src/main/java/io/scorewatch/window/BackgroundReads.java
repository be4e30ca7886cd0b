package io.scorewatch.window;

import java.util.function.Supplier;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs reads that no one waits for (the scheduled refresh of the gauges) in a read-only
 * transaction of their own. On PostgreSQL that transaction plans without parallel workers
 * ({@code SET LOCAL max_parallel_workers_per_gather = 0}, for this transaction only): a refresh
 * over a large window then keeps one core busy for longer instead of every core at once, and the
 * intake keeps the others. The reads a user asks for keep their parallel plans.
 */
@Component
public class BackgroundReads {

    private final TransactionTemplate readOnly;
    private final JdbcTemplate jdbc;
    private final StoreDatabase database;

    BackgroundReads(PlatformTransactionManager transactions, JdbcTemplate jdbc, StoreDatabase database) {
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.jdbc = jdbc;
        this.database = database;
    }

    /** The reads' answer; a failure of theirs is thrown as it is. */
    public <T> T read(Supplier<T> reads) {
        return readOnly.execute(status -> {
            if (database.isPostgreSql()) {
                jdbc.execute("SET LOCAL max_parallel_workers_per_gather = 0");
            }
            return reads.get();
        });
    }
}
