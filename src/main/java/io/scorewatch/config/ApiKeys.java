package io.scorewatch.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The API keys of every role. A presented key is compared with every configured key in constant
 * time (their SHA-256 digests, so neither content nor length leaks through timing). A role with
 * no configured key gets a random one, logged once at start, as Spring Boot does with its
 * generated password.
 */
@Component
class ApiKeys {

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

    enum Role {
        INGEST, VIEWER, ADMIN
    }

    private record Entry(Role role, int index, byte[] digest) {
    }

    private final List<Entry> entries = new ArrayList<>();

    ApiKeys(AccessProperties properties) {
        add(Role.INGEST, properties.keys().ingest());
        add(Role.VIEWER, properties.keys().viewer());
        add(Role.ADMIN, properties.keys().admin());
    }

    private void add(Role role, List<String> keys) {
        List<String> usable = keys.stream().filter(k -> k != null && !k.isBlank()).map(String::strip).toList();
        if (usable.isEmpty()) {
            String generated = generate();
            log.warn("\n\nUsing generated {} key: {}\n\nThis generated key is for development use only. Set"
                    + " scorewatch.security.keys.{} (or SCOREWATCH_SECURITY_KEYS_{}) for production.\n",
                    role.name().toLowerCase(java.util.Locale.ROOT), generated,
                    role.name().toLowerCase(java.util.Locale.ROOT), role.name());
            usable = List.of(generated);
        }
        for (int i = 0; i < usable.size(); i++) {
            entries.add(new Entry(role, i + 1, digest(usable.get(i))));
        }
    }

    /** The role of a key, and a name for it ({@code admin-key-1}) that never shows the key. */
    record Holder(Role role, String name) {
    }

    Optional<Holder> find(String key) {
        byte[] presented = digest(key);
        Entry match = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), presented) && match == null) {
                match = entry;
            }
        }
        return Optional.ofNullable(match).map(e -> new Holder(e.role(),
                e.role().name().toLowerCase(java.util.Locale.ROOT) + "-key-" + e.index()));
    }

    private static String generate() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
