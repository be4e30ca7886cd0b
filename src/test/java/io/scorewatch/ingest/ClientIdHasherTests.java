package io.scorewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The client-id secret lives in configuration or a file of its own, never in the database. */
class ClientIdHasherTests {

    @TempDir
    Path data;

    JdbcTemplate jdbc;

    @BeforeEach
    void aStoreWithTheSecretTable() {
        jdbc = new JdbcTemplate(new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));
        jdbc.execute("CREATE TABLE service_secret (name VARCHAR(100) NOT NULL PRIMARY KEY, secret VARCHAR(200) NOT NULL)");
    }

    static String hmac(String secret, String clientId) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(clientId.getBytes(StandardCharsets.UTF_8)));
    }

    int secretsInTheDatabase() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM service_secret", Integer.class);
    }

    @Test
    void aSecretTheDatabaseHeldMovesToItsOwnFileAndItsHashesKeepJoining() throws Exception {
        jdbc.update("INSERT INTO service_secret (name, secret) VALUES ('client-id-hmac', 'the-old-secret')");

        ClientIdHasher moved = new ClientIdHasher("", data, jdbc);

        assertThat(moved.hash("client-42")).isEqualTo(hmac("the-old-secret", "client-42"));
        assertThat(secretsInTheDatabase()).isZero();
        Path file = data.resolve(ClientIdHasher.SECRET_FILE);
        assertThat(Files.readString(file).strip()).isEqualTo("the-old-secret");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        // the next start reads the file
        assertThat(new ClientIdHasher("", data, jdbc).hash("client-42")).isEqualTo(hmac("the-old-secret", "client-42"));
        assertThat(secretsInTheDatabase()).isZero();
    }

    @Test
    void aNewServiceGeneratesItsSecretIntoTheFileOnly() throws Exception {
        String first = new ClientIdHasher("", data, jdbc).hash("client-42");

        assertThat(secretsInTheDatabase()).isZero();
        Path file = data.resolve(ClientIdHasher.SECRET_FILE);
        String secret = Files.readString(file).strip();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(40);
        assertThat(first).isEqualTo(hmac(secret, "client-42"));
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(new ClientIdHasher("", data, jdbc).hash("client-42")).isEqualTo(first);
    }

    @Test
    void aConfiguredSecretIsUsedAndNothingIsWritten() throws Exception {
        ClientIdHasher configured = new ClientIdHasher("from-configuration", data, jdbc);

        assertThat(configured.hash("client-42")).isEqualTo(hmac("from-configuration", "client-42"));
        assertThat(data.resolve(ClientIdHasher.SECRET_FILE)).doesNotExist();
        assertThat(secretsInTheDatabase()).isZero();
    }

    @Test
    void whenTheFileAndTheDatabaseDisagreeTheDatabaseCopyIsLeftForTheOperator() throws Exception {
        Files.writeString(data.resolve(ClientIdHasher.SECRET_FILE), "the-file-secret\n");
        jdbc.update("INSERT INTO service_secret (name, secret) VALUES ('client-id-hmac', 'the-old-secret')");

        assertThat(new ClientIdHasher("", data, jdbc).hash("c")).isEqualTo(hmac("the-file-secret", "c"));
        assertThat(secretsInTheDatabase()).isOne();
    }
}
