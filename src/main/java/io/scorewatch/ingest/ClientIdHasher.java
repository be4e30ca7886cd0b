package io.scorewatch.ingest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Client ids are personal data: they are stored only as HMAC-SHA256 under a secret key, so
 * predictions and ground truth still join on them but the store never holds one in clear. The
 * key comes from {@code scorewatch.security.client-id-secret}; when unset it is generated on the
 * first start and kept in the store, so that joins survive restarts.
 */
@Component
class ClientIdHasher {

    private static final String SECRET_NAME = "client-id-hmac";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    ClientIdHasher(@Value("${scorewatch.security.client-id-secret:}") String configuredSecret, JdbcTemplate jdbc) {
        String secret = configuredSecret.isBlank() ? storedSecret(jdbc) : configuredSecret;
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

    private static String storedSecret(JdbcTemplate jdbc) {
        String sql = "SELECT secret FROM service_secret WHERE name = ?";
        var stored = jdbc.queryForList(sql, String.class, SECRET_NAME);
        if (!stored.isEmpty()) {
            return stored.get(0);
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String generated = Base64.getEncoder().encodeToString(random);
        try {
            jdbc.update("INSERT INTO service_secret (name, secret) VALUES (?, ?)", SECRET_NAME, generated);
            return generated;
        } catch (DataIntegrityViolationException anotherReplicaWasFirst) {
            return jdbc.queryForObject(sql, String.class, SECRET_NAME);
        }
    }
}
