package dev.recsys.core.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A named trainable array owned by a {@link ParameterStore}: either a {@link DenseParameter}
 * (gradient as a full array) or an {@link EmbeddingTable} (gradient kept for touched rows only).
 */
public abstract sealed class Parameter permits DenseParameter, EmbeddingTable {

    private final String name;
    private final INDArray value;

    Parameter(String name, INDArray value) {
        this.name = name;
        this.value = value;
    }

    /** Unique name within the store, e.g. {@code "user/dense0/kernel"}. */
    public final String name() {
        return name;
    }

    /**
     * The current value, C-ordered and contiguous; optimizers update it in place. Element
     * {@code i} of {@code value().data()} is element {@code i} in row-major order.
     */
    public final INDArray value() {
        return value;
    }

    /** Shape of the value. */
    public final long[] shape() {
        return value.shape();
    }

    /** Number of elements. */
    public final long size() {
        return value.length();
    }

    /** Whether a gradient was accumulated since the last {@link #zeroGradient()}. */
    public abstract boolean hasGradient();

    /** Discards the accumulated gradient. */
    public abstract void zeroGradient();

    void close() {
        value.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + " " + Arrays.toString(shape()) + "]";
    }
}
