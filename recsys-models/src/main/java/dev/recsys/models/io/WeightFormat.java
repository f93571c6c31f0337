package dev.recsys.models.io;

import dev.recsys.core.nn.frozen.Weights;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code weights.bin} part, the same in format versions 1 and 2: every parameter as float32,
 * big-endian. Magic {@code RSWT}, the parameter count, then per parameter its store name
 * ({@code user0}, {@code movie0}, {@code head}; modified UTF-8 with a length prefix), its name,
 * its rank, its shape (one long per dimension) and its values in row-major order.
 *
 * <p>Reading streams: a parameter's values are read in chunks straight into its float array,
 * and a parameter is refused before anything is allocated when its shape claims more values than
 * the rest of the part can hold.
 */
final class WeightFormat {

    static final int MAGIC = 0x52535754;
    /** The most dimensions a parameter may have (embedding tables and kernels have 2). */
    private static final int MAX_RANK = 8;
    /** Bytes converted per chunk. */
    private static final int CHUNK = 64 * 1024;

    private WeightFormat() {
    }

    /** Writes every store's parameters, stores in map order. */
    static void write(OutputStream stream, Map<String, Weights> stores) throws IOException {
        DataOutputStream out = new DataOutputStream(stream);
        out.writeInt(MAGIC);
        out.writeInt(stores.values().stream().mapToInt(Weights::size).sum());
        byte[] chunk = new byte[CHUNK];
        ByteBuffer buffer = ByteBuffer.wrap(chunk);
        for (Map.Entry<String, Weights> store : stores.entrySet()) {
            Weights weights = store.getValue();
            for (String name : weights.names()) {
                out.writeUTF(store.getKey());
                out.writeUTF(name);
                long[] shape = weights.shape(name);
                out.writeInt(shape.length);
                for (long dimension : shape) {
                    out.writeLong(dimension);
                }
                float[] values = weights.values(name);
                for (int from = 0; from < values.length; from += CHUNK / Float.BYTES) {
                    int n = Math.min(CHUNK / Float.BYTES, values.length - from);
                    buffer.clear();
                    buffer.asFloatBuffer().put(values, from, n);
                    out.write(chunk, 0, n * Float.BYTES);
                }
            }
        }
        out.flush();
    }

    /**
     * Reads the stores.
     *
     * @return store name to its weights, in file order
     * @throws IOException saying what is malformed: magic, a shape, a repeated name, an early end
     */
    static Map<String, Weights> read(PartInput part) throws IOException {
        DataInputStream in = new DataInputStream(part);
        Map<String, Weights.Builder> stores = new LinkedHashMap<>();
        try {
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new IOException("expected magic RSWT, found 0x" + Integer.toHexString(magic));
            }
            int count = in.readInt();
            if (count < 0) {
                throw new IOException("negative parameter count " + count);
            }
            byte[] chunk = new byte[CHUNK];
            for (int p = 0; p < count; p++) {
                String store = in.readUTF();
                String name = in.readUTF();
                int rank = in.readInt();
                if (rank < 1 || rank > MAX_RANK) {
                    throw new IOException("parameter " + store + "/" + name + " has rank " + rank + ", expected 1 to "
                            + MAX_RANK);
                }
                long[] shape = new long[rank];
                long length = 1;
                for (int d = 0; d < rank; d++) {
                    shape[d] = in.readLong();
                    if (shape[d] <= 0) {
                        throw new IOException("parameter " + store + "/" + name + " has shape " + Arrays.toString(shape));
                    }
                    length = Math.multiplyExact(length, shape[d]);
                }
                // refused before the allocation: the values must fit in what the part still holds
                if (length > part.remaining() / Float.BYTES || length > Integer.MAX_VALUE - 8) {
                    throw new IOException("parameter " + store + "/" + name + " of shape " + Arrays.toString(shape)
                            + " claims " + length + " values, more than the " + part.remaining()
                            + " bytes left in the part hold");
                }
                float[] values = new float[(int) length];
                for (int from = 0; from < values.length; from += CHUNK / Float.BYTES) {
                    int n = Math.min(CHUNK / Float.BYTES, values.length - from);
                    in.readFully(chunk, 0, n * Float.BYTES);
                    ByteBuffer.wrap(chunk, 0, n * Float.BYTES).asFloatBuffer().get(values, from, n);
                }
                stores.computeIfAbsent(store, s -> Weights.builder()).put(name, values, shape);
            }
        } catch (EOFException e) {
            throw new IOException("ends early", e);
        } catch (ArithmeticException e) {
            throw new IOException("a parameter's shape overflows: " + e.getMessage(), e);
        }
        Map<String, Weights> built = new LinkedHashMap<>();
        stores.forEach((name, builder) -> built.put(name, builder.build()));
        return built;
    }
}
