package io.scorewatch.ingest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.scorewatch.config.SecretFiles;

/**
 * Client ids are personal data: they are stored only as HMAC-SHA256 under a secret key, so
 * predictions and ground truth still join on them but the store never holds one in clear. The
 * key is never kept in the database it protects (a copy of the database alone would give the
 * client ids back by enumeration): it comes from {@code scorewatch.security.client-id-secret},
 * or else from the file {@code client-id-secret} in the data folder (owner-only), generated on
 * the first start so that joins survive restarts.
 *
 * <p>A database that still holds the secret in {@code service_secret} has it moved at start: into
 * the file (when the file does not exist yet), then out of the table, so that its hashes keep
 * joining.
 */
@Component
class ClientIdHasher {

    private static final Logger log = LoggerFactory.getLogger(ClientIdHasher.class);
    private static final String SECRET_NAME = "client-id-hmac";
    static final String SECRET_FILE = "client-id-secret";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    ClientIdHasher(@Value("${scorewatch.security.client-id-secret:}") String configuredSecret,
            @Value("${scorewatch.data-dir}") Path dataDir, JdbcTemplate jdbc) {
        Path file = dataDir.resolve(SECRET_FILE);
        moveOutOfTheDatabase(jdbc, file);
        String secret = configuredSecret.isBlank() ? fileSecret(file) : configuredSecret;
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** The keyed hash of a client id (64 hex characters), or null for null. */
    String hash(String clientId) {
        if (clientId == null) {
            return null;
        }
        Mac mac = macs.get();
        return HexFormat.of().formatHex(mac.doFinal(clientId.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** The secret of the file, generated into it on the first start. */
    private static String fileSecret(Path file) {
        var kept = SecretFiles.read(file).map(String::strip).filter(text -> !text.isEmpty());
        if (kept.isPresent()) {
            return kept.get();
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String generated = SecretFiles.writeIfAbsent(file, Base64.getEncoder().encodeToString(random)).strip();
        log.info("Generated the client-id secret into {} (owner-only); back it up apart from the database", file);
        return generated;
    }

    /** Moves a secret that the database still holds into the file, then deletes it from the database. */
    private static void moveOutOfTheDatabase(JdbcTemplate jdbc, Path file) {
        List<String> stored = jdbc.queryForList("SELECT secret FROM service_secret WHERE name = ?", String.class,
                SECRET_NAME);
        if (stored.isEmpty()) {
            return;
        }
        String secret = stored.get(0);
        String kept = SecretFiles.writeIfAbsent(file, secret).strip();
        if (!kept.equals(secret.strip())) {
            log.error("The database holds a client-id secret and {} holds another one: the file's is used and the"
                    + " database's is left in service_secret. Remove the one that did not hash the stored client"
                    + " ids (see docs/security.md).", file);
            return;
        }
        jdbc.update("DELETE FROM service_secret WHERE name = ?", SECRET_NAME);
        log.warn("Moved the client-id secret out of the database into {} (owner-only)", file);
    }
}
