package io.scorewatch.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The stored form of feature vectors: one little-endian IEEE-754 double per schema position,
 * NaN for a missing value, a categorical value as its dictionary code. A vector written before
 * the schema grew is shorter; the positions past its end read as missing.
 *
 * <p>The vectors of the predictions stored together are kept as one block: the vectors of one
 * width, row after row, so the width is the block's length over its row count. Intake writes
 * this form; the window reader ({@code io.scorewatch.window}) reads values out of blocks.
 */
public final class FeatureVectors {

    private static final VarHandle LITTLE_ENDIAN_DOUBLE = MethodHandles.byteArrayViewVarHandle(double[].class,
            ByteOrder.LITTLE_ENDIAN);

    private FeatureVectors() {
    }

    static byte[] encode(double[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asDoubleBuffer().put(vector);
        return buffer.array();
    }

    static double[] decode(byte[] stored) {
        double[] vector = new double[stored.length / Double.BYTES];
        ByteBuffer.wrap(stored).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(vector);
        return vector;
    }

    /** Encoded vectors joined into a block, each padded with missing values to the widest. */
    static byte[] block(List<byte[]> vectors) {
        int width = vectors.stream().mapToInt(v -> v.length).max().orElse(0);
        ByteBuffer block = ByteBuffer.allocate(width * vectors.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (byte[] vector : vectors) {
            block.put(vector);
            for (int pad = vector.length; pad < width; pad += Double.BYTES) {
                block.putDouble(Double.NaN);
            }
        }
        return block.array();
    }

    /** Values per vector in a block of this many rows. */
    public static int width(byte[] block, int rows) {
        return rows == 0 ? 0 : block.length / Double.BYTES / rows;
    }

    /** One row of a block, as an encoded vector. */
    static byte[] row(byte[] block, int rows, int row) {
        int bytes = width(block, rows) * Double.BYTES;
        byte[] vector = new byte[bytes];
        System.arraycopy(block, row * bytes, vector, 0, bytes);
        return vector;
    }

    /**
     * The value at one position of the block row starting at value {@code rowOffset}
     * (row times width), NaN past the vector's end.
     */
    public static double valueAt(byte[] block, int width, int rowOffset, int position) {
        return position < width ? (double) LITTLE_ENDIAN_DOUBLE.get(block, (rowOffset + position) * Double.BYTES)
                : Double.NaN;
    }
}
