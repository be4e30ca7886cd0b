package io.scorewatch.ingest;

/**
 * A Bloom filter of 64-bit keys: {@link #mightContain} is true for every key put, and for about
 * 1% of the others while it holds no more than its capacity (10 bits and 7 probes a key); past
 * it, true more often. The probes come from one mixed hash of the key by double hashing. Not
 * thread-safe.
 */
final class KeyFilter {

    private static final int BITS_PER_KEY = 10;
    private static final int PROBES = 7;

    private final long[] words;
    private final long mask;

    KeyFilter(long capacity) {
        long bits = Long.highestOneBit(Math.max(64, capacity * BITS_PER_KEY - 1)) << 1;
        this.words = new long[Math.toIntExact(bits >>> 6)];
        this.mask = bits - 1;
    }

    void put(long key) {
        long hash = mix(key);
        long step = Long.rotateLeft(hash, 32) | 1;
        for (int i = 0; i < PROBES; i++) {
            long bit = (hash + i * step) & mask;
            words[(int) (bit >>> 6)] |= 1L << bit;
        }
    }

    boolean mightContain(long key) {
        long hash = mix(key);
        long step = Long.rotateLeft(hash, 32) | 1;
        for (int i = 0; i < PROBES; i++) {
            long bit = (hash + i * step) & mask;
            if ((words[(int) (bit >>> 6)] & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** MurmurHash3's finalizer: each bit of the key moves every bit of the hash. */
    private static long mix(long key) {
        long h = key;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }
}
