package io.scorewatch.ingest;

import java.nio.file.Path;
import java.util.UUID;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The key index that fits the store: tables on PostgreSQL, a file next to an H2 database. */
@Configuration(proxyBeanMethods = false)
class KeyIndexConfiguration {

    @Bean
    KeyIndex keyIndex(StoreDatabase database, JdbcTemplate jdbc) {
        if (!database.isH2()) {
            return new KeyTables(jdbc);
        }
        String fileId = jdbc.query("SELECT file_id FROM key_file", rs -> rs.next() ? rs.getString(1) : null);
        if (fileId == null) {
            fileId = UUID.randomUUID().toString();
            jdbc.update("INSERT INTO key_file (file_id) VALUES (?)", fileId);
        }
        // the database's folder and name; none for a database in memory, whose keys stay in memory too
        String databasePath = jdbc.queryForObject("SELECT DATABASE_PATH()", String.class);
        return new KeyFile(databasePath == null ? null : Path.of(databasePath + ".keys.mv.db"), fileId);
    }
}
