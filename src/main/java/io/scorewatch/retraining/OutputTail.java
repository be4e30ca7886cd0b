package io.scorewatch.retraining;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The last {@code limit} bytes of a stream, however long it runs: a ring buffer, so a chatty
 * pipeline never fills the heap. Written by one reader thread, read by another.
 */
final class OutputTail {

    private final byte[] ring;
    private long total;

    OutputTail(int limit) {
        this.ring = new byte[limit];
    }

    synchronized void write(byte[] bytes, int offset, int length) {
        if (length > ring.length) {
            // only the last ring.length bytes can stay
            int skip = length - ring.length;
            total += skip;
            offset += skip;
            length = ring.length;
        }
        int position = (int) (total % ring.length);
        int first = Math.min(length, ring.length - position);
        System.arraycopy(bytes, offset, ring, position, first);
        System.arraycopy(bytes, offset + first, ring, 0, length - first);
        total += length;
    }

    /** Reads {@code in} to its end; an error of the stream (the process was killed) ends it too. */
    void drain(InputStream in) {
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                write(buffer, 0, n);
            }
        } catch (IOException closed) {
            // the pipe closed under the reader: what was read is kept
        }
    }

    /** Bytes written in all. */
    synchronized long total() {
        return total;
    }

    /**
     * The tail as UTF-8 text, prefixed by how much was cut when the stream was longer than the
     * limit (a character cut in two at the start is dropped); null when nothing was written.
     */
    synchronized String text() {
        if (total == 0) {
            return null;
        }
        int kept = (int) Math.min(total, ring.length);
        byte[] tail = new byte[kept];
        int start = (int) ((total - kept) % ring.length);
        for (int i = 0; i < kept; i++) {
            tail[i] = ring[(start + i) % ring.length];
        }
        if (kept == total) {
            return new String(tail, StandardCharsets.UTF_8);
        }
        int from = 0;
        while (from < kept && (tail[from] & 0xC0) == 0x80) {
            from++;
        }
        return "[" + (total - kept + from) + " earlier bytes cut]\n"
                + new String(tail, from, kept - from, StandardCharsets.UTF_8);
    }
}
