package io.scorewatch.window;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which database holds the store, asked once at start-up: a few reads and lookups are tuned
 * differently on H2 and on PostgreSQL.
 */
@Component
class StoreDatabase {

    private final String product;

    StoreDatabase(JdbcTemplate jdbc) {
        this.product = jdbc.execute((ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName());
    }

    boolean isH2() {
        return "H2".equals(product);
    }

    boolean isPostgreSql() {
        return "PostgreSQL".equals(product);
    }
}
