package io.scorewatch.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The API keys of every role. A presented key is compared with every configured key in constant
 * time (their SHA-256 digests, so neither content nor length leaks through timing). A role with
 * no configured key gets a random one, logged once when it is generated, as Spring Boot does with
 * its generated password. Only its digest is kept, in {@code generated-api-keys} in the data
 * folder (owner-only), so that the same key keeps working after a restart; deleting the file
 * makes the next start generate new keys.
 */
@Component
class ApiKeys {

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

    enum Role {
        INGEST, VIEWER, ADMIN
    }

    private record Entry(Role role, int index, byte[] digest) {
    }

    static final String GENERATED_KEYS_FILE = "generated-api-keys";

    private final List<Entry> entries = new ArrayList<>();
    private final Path generatedKeys;

    ApiKeys(AccessProperties properties, @Value("${scorewatch.data-dir}") Path dataDir) {
        this.generatedKeys = dataDir.resolve(GENERATED_KEYS_FILE);
        Map<Role, byte[]> kept = readGenerated();
        Map<Role, byte[]> keep = new EnumMap<>(Role.class);
        add(Role.INGEST, properties.keys().ingest(), kept, keep);
        add(Role.VIEWER, properties.keys().viewer(), kept, keep);
        add(Role.ADMIN, properties.keys().admin(), kept, keep);
        if (!encoded(keep).equals(encoded(kept))) {
            writeGenerated(keep);
        }
    }

    private void add(Role role, List<String> keys, Map<Role, byte[]> kept, Map<Role, byte[]> keep) {
        List<String> usable = keys.stream().filter(k -> k != null && !k.isBlank()).map(String::strip).toList();
        String name = role.name().toLowerCase(Locale.ROOT);
        if (usable.isEmpty()) {
            byte[] digest = kept.get(role);
            if (digest == null) {
                String generated = generate();
                digest = digest(generated);
                log.warn("\n\nUsing generated {} key: {}\n\nThis generated key is for development use only. Set"
                        + " scorewatch.security.keys.{} (or SCOREWATCH_SECURITY_KEYS_{}) for production. It is"
                        + " kept (hashed) in {} and keeps working after a restart.\n",
                        name, generated, name, role.name(), generatedKeys);
            } else {
                log.warn("Using the generated {} key kept (hashed) in {}: it was logged when it was generated."
                        + " Set scorewatch.security.keys.{} for production.", name, generatedKeys, name);
            }
            keep.put(role, digest);
            entries.add(new Entry(role, 1, digest));
            return;
        }
        for (int i = 0; i < usable.size(); i++) {
            entries.add(new Entry(role, i + 1, digest(usable.get(i))));
        }
    }

    /** The kept digests of generated keys: one line per role, {@code role base64(sha256(key))}. */
    private Map<Role, byte[]> readGenerated() {
        Map<Role, byte[]> kept = new EnumMap<>(Role.class);
        SecretFiles.read(generatedKeys).ifPresent(text -> text.lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).forEach(line -> {
                    String[] parts = line.split("\\s+");
                    try {
                        kept.put(Role.valueOf(parts[0].toUpperCase(Locale.ROOT)), Base64.getDecoder().decode(parts[1]));
                    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException unreadable) {
                        log.warn("Ignoring an unreadable line of {}", generatedKeys);
                    }
                }));
        return kept;
    }

    private static Map<Role, String> encoded(Map<Role, byte[]> digests) {
        Map<Role, String> encoded = new EnumMap<>(Role.class);
        digests.forEach((role, digest) -> encoded.put(role, Base64.getEncoder().encodeToString(digest)));
        return encoded;
    }

    private void writeGenerated(Map<Role, byte[]> keep) {
        StringBuilder text = new StringBuilder("# SHA-256 digests of the generated API keys; delete to generate new ones\n");
        keep.forEach((role, digest) -> text.append(role.name().toLowerCase(Locale.ROOT)).append(' ')
                .append(Base64.getEncoder().encodeToString(digest)).append('\n'));
        SecretFiles.write(generatedKeys, text.toString());
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
                e.role().name().toLowerCase(Locale.ROOT) + "-key-" + e.index()));
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
