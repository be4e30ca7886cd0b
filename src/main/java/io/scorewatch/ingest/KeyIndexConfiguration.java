package io.scorewatch.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The key index that fits the store: tables on PostgreSQL, a file next to an H2 database. */
@Configuration(proxyBeanMethods = false)
class KeyIndexConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KeyIndexConfiguration.class);

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
        Path file = databasePath == null ? null : Path.of(databasePath + ".keys.mv.db");
        try {
            return new KeyFile(file, fileId);
        } catch (RuntimeException damaged) {
            // a copy of the prediction table: built again from it (KeyIndexMerge) rather than repaired
            log.warn("The key file {} cannot be read ({}); it is built again", file, damaged.getMessage());
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new KeyFile(file, fileId);
        }
    }
}
