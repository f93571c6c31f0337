package dev.recsys.core.nn;

import dev.recsys.core.nn.frozen.Weights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Creates and owns the named parameters of a model.
 *
 * <p>Each parameter is initialized from its own generator, seeded from the store seed and the
 * parameter name: the same seed gives the same values, and adding a parameter does not change
 * the others. The store owns the parameters' off-heap memory; {@link #close()} frees it.
 */
public final class ParameterStore implements AutoCloseable {

    private final long seed;
    private final DataType dataType;
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private boolean closed;

    /**
     * A float32 store.
     *
     * @param seed the model seed
     */
    public ParameterStore(long seed) {
        this(seed, DataType.FLOAT);
    }

    /**
     * A store of the given floating-point type ({@code DOUBLE} for gradient checks).
     *
     * @param seed the model seed
     * @param dataType {@code FLOAT} or {@code DOUBLE}
     * @throws IllegalArgumentException for other data types
     */
    public ParameterStore(long seed, DataType dataType) {
        Objects.requireNonNull(dataType, "dataType");
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("parameter data type must be FLOAT or DOUBLE, found " + dataType);
        }
        this.seed = seed;
        this.dataType = dataType;
    }

    /** The seed parameters are initialized from. */
    public long seed() {
        return seed;
    }

    /** The data type of every parameter. */
    public DataType dataType() {
        return dataType;
    }

    /**
     * Creates a dense parameter.
     *
     * @param name unique name
     * @param initializer fills the initial values
     * @param shape e.g. {@code [in, out]} for a kernel, {@code [1, out]} for a bias
     * @throws IllegalArgumentException if the name is taken or a dimension is not positive
     */
    public DenseParameter dense(String name, Initializer initializer, long... shape) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(initializer, "initializer");
        Objects.requireNonNull(shape, "shape");
        DenseParameter parameter = new DenseParameter(name, initialValue(name, initializer, shape));
        parameters.put(name, parameter);
        return parameter;
    }

    /**
     * Creates an embedding table {@code [vocabularySize, dim]}.
     *
     * @param name unique name
     * @param vocabularySize number of rows (ids {@code 0..vocabularySize-1})
     * @param dim embedding dimension
     * @param initializer fills the initial values, e.g. {@link Initializer#uniform(double)}
     * @throws IllegalArgumentException if the name is taken or a size is not positive
     */
    public EmbeddingTable embedding(String name, int vocabularySize, int dim, Initializer initializer) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(initializer, "initializer");
        EmbeddingTable table = new EmbeddingTable(name, initialValue(name, initializer, vocabularySize, dim));
        parameters.put(name, table);
        return table;
    }

    /** All parameters in creation order (unmodifiable). */
    public List<Parameter> parameters() {
        return Collections.unmodifiableList(new ArrayList<>(parameters.values()));
    }

    /**
     * The parameter with this name.
     *
     * @throws IllegalArgumentException if there is none
     */
    public Parameter get(String name) {
        Objects.requireNonNull(name, "name");
        Parameter parameter = parameters.get(name);
        if (parameter == null) {
            throw new IllegalArgumentException("no parameter named '" + name + "'; known: " + parameters.keySet());
        }
        return parameter;
    }

    /** Total number of scalar parameters. */
    public long size() {
        long total = 0;
        for (Parameter parameter : parameters.values()) {
            total += parameter.size();
        }
        return total;
    }

    /** Discards the gradients of all parameters. */
    public void zeroGradients() {
        for (Parameter parameter : parameters.values()) {
            parameter.zeroGradient();
        }
    }

    /**
     * Copies every parameter value to the Java heap, e.g. to keep the best weights seen during
     * training.
     *
     * @return name to row-major values, in creation order
     */
    public Map<String, double[]> snapshot() {
        Map<String, double[]> copy = new LinkedHashMap<>();
        for (Parameter parameter : parameters.values()) {
            copy.put(parameter.name(), parameter.value().data().asDouble());
        }
        return copy;
    }

    /**
     * Writes values taken by {@link #snapshot()} back into the parameters.
     *
     * @param snapshot values for every parameter of this store
     * @throws IllegalArgumentException if a parameter is missing or has the wrong size
     */
    public void restore(Map<String, double[]> snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        for (Parameter parameter : parameters.values()) {
            double[] values = snapshot.get(parameter.name());
            if (values == null || values.length != parameter.size()) {
                throw new IllegalArgumentException("snapshot does not match parameter '" + parameter.name()
                        + "': expected " + parameter.size() + " values, found "
                        + (values == null ? "none" : values.length));
            }
        }
        for (Parameter parameter : parameters.values()) {
            double[] values = snapshot.get(parameter.name());
            DataBuffer buffer = parameter.value().data();
            for (int i = 0; i < values.length; i++) {
                buffer.put(i, values[i]);
            }
        }
    }

    /**
     * Copies every parameter value to the Java heap as float32, for the frozen layers of
     * {@link dev.recsys.core.nn.frozen} or a model file. The copy does not depend on this store:
     * it stays valid after {@link #close()}.
     *
     * @return parameter name to row-major values and shape, in creation order
     */
    public Weights weights() {
        requireOpen();
        Weights.Builder builder = Weights.builder();
        for (Parameter parameter : parameters.values()) {
            builder.put(parameter.name(), parameter.value().data().asFloat(), parameter.shape());
        }
        return builder.build();
    }

    /**
     * Writes float32 values back into the parameters, e.g. weights read from a model file.
     *
     * @param weights values for every parameter of this store, each of its shape, and nothing else
     * @throws IllegalArgumentException if a parameter is missing, has another shape, or
     *     {@code weights} holds a parameter this store does not
     */
    public void restore(Weights weights) {
        Objects.requireNonNull(weights, "weights");
        requireOpen();
        for (Parameter parameter : parameters.values()) {
            if (!weights.names().contains(parameter.name())) {
                throw new IllegalArgumentException("no values for parameter '" + parameter.name() + "' "
                        + Arrays.toString(parameter.shape()) + "; found " + weights.names());
            }
            long[] shape = weights.shape(parameter.name());
            if (!Arrays.equals(shape, parameter.shape())) {
                throw new IllegalArgumentException("parameter '" + parameter.name() + "' has shape "
                        + Arrays.toString(parameter.shape()) + ", found values of shape " + Arrays.toString(shape));
            }
        }
        for (String name : weights.names()) {
            if (!parameters.containsKey(name)) {
                throw new IllegalArgumentException("values for an unknown parameter '" + name + "'; this store has "
                        + parameters.keySet());
            }
        }
        for (Parameter parameter : parameters.values()) {
            float[] values = weights.values(parameter.name());
            DataBuffer buffer = parameter.value().data();
            if (dataType == DataType.FLOAT) {
                buffer.setData(values);
            } else {
                double[] widened = new double[values.length];
                for (int i = 0; i < values.length; i++) {
                    widened[i] = values[i];
                }
                buffer.setData(widened);
            }
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("parameter store is closed");
        }
    }

    /** Frees the parameters' memory; they must not be used afterwards. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            parameters.values().forEach(Parameter::close);
        }
    }

    private INDArray initialValue(String name, Initializer initializer, long... shape) {
        if (closed) {
            throw new IllegalStateException("parameter store is closed");
        }
        if (parameters.containsKey(name)) {
            throw new IllegalArgumentException("duplicate parameter name '" + name + "'");
        }
        long length = 1;
        for (long dimension : shape) {
            if (dimension <= 0) {
                throw new IllegalArgumentException(
                        "parameter '" + name + "' needs positive dimensions, found " + Arrays.toString(shape));
            }
            length = Math.multiplyExact(length, dimension);
        }
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("parameter '" + name + "' is too large: " + length + " elements");
        }
        double[] values = new double[(int) length];
        initializer.fill(values, shape.clone(), new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode()));
        return Nd4j.create(values, shape, dataType);
    }
}
