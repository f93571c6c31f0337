package dev.recsys.core.nn.frozen;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Named float32 parameter values on the Java heap, each with its shape: what a trained
 * {@link dev.recsys.core.nn.ParameterStore} hands to the frozen layers, or what a model file
 * holds. Values are row-major ({@code [rows, cols]} for a kernel or an embedding table,
 * {@code [1, cols]} for a bias). Immutable: the builder takes ownership of the arrays and the
 * accessors return copies.
 *
 * <pre>{@code
 * Weights weights = Weights.builder().put("user/id", values, 611, 32).build();
 * FrozenEmbedding ids = FrozenEmbedding.of(weights, "user/id", 611, 32);
 * }</pre>
 */
public final class Weights {

    private final Map<String, Entry> entries;

    private Weights(Map<String, Entry> entries) {
        this.entries = entries;
    }

    /** Starts an empty set of weights. */
    public static Builder builder() {
        return new Builder();
    }

    /** The parameter names, in the order they were put (unmodifiable). */
    public Set<String> names() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    /** Number of parameters. */
    public int size() {
        return entries.size();
    }

    /** Total number of float values. */
    public long valueCount() {
        long total = 0;
        for (Entry entry : entries.values()) {
            total += entry.values.length;
        }
        return total;
    }

    /**
     * The shape of a parameter (a copy).
     *
     * @throws IllegalArgumentException if there is no parameter of that name
     */
    public long[] shape(String name) {
        return entry(name).shape.clone();
    }

    /**
     * The values of a parameter, row-major (a copy).
     *
     * @throws IllegalArgumentException if there is no parameter of that name
     */
    public float[] values(String name) {
        return entry(name).values.clone();
    }

    /**
     * The values of a parameter of the given shape, not copied: for the frozen layers of this
     * package, which never write to them.
     *
     * @throws IllegalArgumentException if the parameter is missing or has another shape
     */
    float[] require(String name, long... shape) {
        Entry entry = entry(name);
        if (!Arrays.equals(entry.shape, shape)) {
            throw new IllegalArgumentException("parameter '" + name + "' has shape " + Arrays.toString(entry.shape)
                    + ", expected " + Arrays.toString(shape));
        }
        return entry.values;
    }

    private Entry entry(String name) {
        Entry entry = entries.get(Objects.requireNonNull(name, "name"));
        if (entry == null) {
            throw new IllegalArgumentException("no parameter named '" + name + "'; found " + entries.keySet());
        }
        return entry;
    }

    @Override
    public String toString() {
        return "Weights[" + entries.size() + " parameters, " + valueCount() + " values]";
    }

    private record Entry(long[] shape, float[] values) {}

    /** Collects named values; {@link #build()} freezes them. */
    public static final class Builder {
        private final Map<String, Entry> entries = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Adds a parameter. The array is taken, not copied: the caller hands it over and must not
         * write to it afterwards.
         *
         * @param values row-major, {@code product(shape)} floats
         * @param shape positive dimensions
         * @throws IllegalArgumentException if the name is taken, a dimension is not positive, or
         *     the value count differs from the shape's
         */
        public Builder put(String name, float[] values, long... shape) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(values, "values");
            Objects.requireNonNull(shape, "shape");
            long length = 1;
            for (long dimension : shape) {
                if (dimension <= 0) {
                    throw new IllegalArgumentException("parameter '" + name + "' needs positive dimensions, found "
                            + Arrays.toString(shape));
                }
                length = Math.multiplyExact(length, dimension);
            }
            if (length != values.length) {
                throw new IllegalArgumentException("parameter '" + name + "' of shape " + Arrays.toString(shape)
                        + " needs " + length + " values, found " + values.length);
            }
            if (entries.containsKey(name)) {
                throw new IllegalArgumentException("duplicate parameter name '" + name + "'");
            }
            entries.put(name, new Entry(shape.clone(), values));
            return this;
        }

        /** The weights; the builder must not be used afterwards. */
        public Weights build() {
            return new Weights(new LinkedHashMap<>(entries));
        }
    }
}
