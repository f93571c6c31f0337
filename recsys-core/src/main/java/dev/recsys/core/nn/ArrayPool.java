package dev.recsys.core.nn;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Recycles the large per-step arrays (the {@code [B, B]} in-batch score and softmax matrices)
 * between the tapes of a training run. Pass one pool to every {@link Tape#Tape(ArrayPool)} of
 * the run and close it at the end.
 *
 * <p>Why: a freshly allocated off-heap array is paid for again in page faults on first touch;
 * on the project's machines a new {@code [2048, 2048]} float array costs about 7 ms that way,
 * while writing into a recycled one costs nothing extra. The pool holds at most as many arrays
 * of each shape as one step used at once, so memory stays flat. Not thread-safe.
 */
public final class ArrayPool implements AutoCloseable {

    private final Map<String, ArrayDeque<INDArray>> free = new HashMap<>();
    private boolean closed;

    /** Creates an empty pool. */
    public ArrayPool() {}

    /** An array of this type and shape, C-ordered, with arbitrary contents. */
    INDArray take(DataType type, long[] shape) {
        if (closed) {
            throw new IllegalStateException("array pool is closed");
        }
        INDArray array = free.computeIfAbsent(key(type, shape), k -> new ArrayDeque<>()).poll();
        return array != null ? array : Nd4j.createUninitialized(type, shape, 'c');
    }

    /** Returns an array obtained from {@link #take} for reuse. */
    void give(INDArray array) {
        if (closed) {
            array.close();
        } else {
            free.computeIfAbsent(key(array.dataType(), array.shape()), k -> new ArrayDeque<>()).push(array);
        }
    }

    /** Number of arrays waiting for reuse. */
    int size() {
        return free.values().stream().mapToInt(ArrayDeque::size).sum();
    }

    /** Frees the pooled arrays; arrays still borrowed by an open tape are freed when it closes. */
    @Override
    public void close() {
        closed = true;
        free.values().forEach(queue -> queue.forEach(INDArray::close));
        free.clear();
    }

    private static String key(DataType type, long[] shape) {
        return type + Arrays.toString(shape);
    }
}
