package dev.recsys.core.topk;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** Big-endian int and float arrays through data streams, a chunk of bytes at a time. */
final class IoArrays {

    private static final int CHUNK_BYTES = 1 << 16;

    private IoArrays() {
    }

    static void writeInts(DataOutput out, int[] values) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES);
        for (int from = 0; from < values.length; ) {
            int count = Math.min(values.length - from, CHUNK_BYTES / 4);
            buffer.clear();
            buffer.asIntBuffer().put(values, from, count);
            out.write(buffer.array(), 0, 4 * count);
            from += count;
        }
    }

    static void writeFloats(DataOutput out, float[] values) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES);
        for (int from = 0; from < values.length; ) {
            int count = Math.min(values.length - from, CHUNK_BYTES / 4);
            buffer.clear();
            buffer.asFloatBuffer().put(values, from, count);
            out.write(buffer.array(), 0, 4 * count);
            from += count;
        }
    }

    /**
     * Reads exactly {@code length} ints. The array grows as data arrives, so a corrupt length
     * fails at the end of the stream rather than with an out-of-memory error.
     */
    static int[] readInts(DataInput in, int length) throws IOException {
        int[] values = new int[Math.min(length, CHUNK_BYTES)];
        byte[] bytes = new byte[CHUNK_BYTES];
        for (int from = 0; from < length; ) {
            int count = Math.min(length - from, CHUNK_BYTES / 4);
            in.readFully(bytes, 0, 4 * count);
            if (from + count > values.length) {
                values = Arrays.copyOf(values, (int) Math.min(length, Math.max(from + count, 2L * values.length)));
            }
            ByteBuffer.wrap(bytes, 0, 4 * count).asIntBuffer().get(values, from, count);
            from += count;
        }
        return values;
    }

    /** Reads exactly {@code length} floats, growing the array as {@link #readInts} does. */
    static float[] readFloats(DataInput in, int length) throws IOException {
        float[] values = new float[Math.min(length, CHUNK_BYTES)];
        byte[] bytes = new byte[CHUNK_BYTES];
        for (int from = 0; from < length; ) {
            int count = Math.min(length - from, CHUNK_BYTES / 4);
            in.readFully(bytes, 0, 4 * count);
            if (from + count > values.length) {
                values = Arrays.copyOf(values, (int) Math.min(length, Math.max(from + count, 2L * values.length)));
            }
            ByteBuffer.wrap(bytes, 0, 4 * count).asFloatBuffer().get(values, from, count);
            from += count;
        }
        return values;
    }
}
