package io.scorewatch.ingest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The stored form of a feature vector: one little-endian IEEE-754 double per schema position,
 * NaN for a missing value, a categorical value as its dictionary code. A vector written before
 * the schema grew is shorter; the positions past its end read as missing.
 */
final class FeatureVectors {

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

    /** The value at one position, NaN past the vector's end. */
    static double valueAt(ByteBuffer littleEndian, int position) {
        int offset = position * Double.BYTES;
        return offset + Double.BYTES <= littleEndian.limit() ? littleEndian.getDouble(offset) : Double.NaN;
    }
}
