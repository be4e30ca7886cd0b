package io.scorewatch.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * Numeric keys that index a prediction by its id and by its client, in place of the text
 * itself: a B-tree of random 8-byte keys costs the store a fraction of one of random 36- to
 * 64-character strings on every insert.
 *
 * <p>A prediction id has two candidate keys, the first two 64-bit words of its SHA-256. It is
 * stored under the first that no other prediction holds ({@link KeyIndex}; between concurrent
 * writers, the unique key of {@code prediction_key} on PostgreSQL, {@link RecentKeys} on H2
 * decide), and it is looked up under both, always together with the id itself, so a collision of
 * keys never confuses two predictions.
 *
 * <p>A client key is the first 64 bits of the client's keyed hash; queries by client compare
 * the whole hash as well.
 */
public final class PredictionKeys {

    /** Candidate keys of each id, in order of preference. */
    public static final int CANDIDATES = 2;

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    });

    private PredictionKeys() {
    }

    /** The candidate keys of a prediction id, first choice first. */
    public static long[] idKeys(String predictionId) {
        ByteBuffer digest = ByteBuffer.wrap(SHA_256.get().digest(predictionId.getBytes(StandardCharsets.UTF_8)));
        long[] keys = new long[CANDIDATES];
        for (int i = 0; i < CANDIDATES; i++) {
            keys[i] = digest.getLong();
        }
        return keys;
    }

    /** The first candidate key of a prediction id that is not among the taken keys. */
    static long freeKey(String predictionId, Map<Long, String> taken) {
        for (long key : idKeys(predictionId)) {
            if (!taken.containsKey(key)) {
                return key;
            }
        }
        throw new IllegalStateException("Every key of prediction id '"
                + predictionId.substring(0, Math.min(40, predictionId.length())) + "' is taken");
    }

    /** The key of a client's hash (64 hex characters), or null for no client. */
    public static Long clientKey(String clientHash) {
        return clientHash == null ? null : Long.parseUnsignedLong(clientHash.substring(0, 16), 16);
    }
}
