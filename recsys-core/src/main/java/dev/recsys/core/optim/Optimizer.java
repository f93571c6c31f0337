package dev.recsys.core.optim;

import dev.recsys.core.nn.DenseParameter;
import dev.recsys.core.nn.EmbeddingTable;
import dev.recsys.core.nn.Parameter;
import dev.recsys.core.nn.ParameterStore;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Applies accumulated gradients to the parameters of a store, then clears the gradients.
 *
 * <p>Each step: (1) takes the gradient of every parameter that received one (dense parameters
 * in full, embedding tables for their touched rows only); (2) adds {@code l2 * w} to it, the
 * gradient of {@code (l2 / 2) |w|^2} restricted to those elements; (3) if the global norm of all
 * these gradients exceeds {@code clipNorm}, scales them all by {@code clipNorm / norm}; (4)
 * updates each element with the optimizer's rule. Optimizer state (accumulators, moments) is
 * kept per parameter, created on first use. An optimizer serves one store.
 */
public abstract sealed class Optimizer permits Sgd, Adagrad, Adam {

    private final double learningRate;
    private final double l2;
    private final double clipNorm;
    private final Map<Parameter, float[][]> slots = new IdentityHashMap<>();
    private long step;

    Optimizer(Builder<?> builder) {
        this.learningRate = builder.learningRate;
        this.l2 = builder.l2;
        this.clipNorm = builder.clipNorm;
    }

    /** The learning rate. */
    public final double learningRate() {
        return learningRate;
    }

    /** Number of steps taken so far. */
    public final long steps() {
        return step;
    }

    /**
     * Updates every parameter of {@code store} that has a gradient and zeroes all gradients.
     *
     * @param store the parameters to update
     */
    public final void step(ParameterStore store) {
        Objects.requireNonNull(store, "store");
        List<Update> updates = new ArrayList<>();
        double squaredNorm = 0;
        for (Parameter parameter : store.parameters()) {
            if (parameter.hasGradient()) {
                Update update = gradientOf(parameter);
                squaredNorm += update.regularizeAndSquare(l2);
                updates.add(update);
            }
        }
        double norm = Math.sqrt(squaredNorm);
        double gradientScale = clipNorm > 0 && norm > clipNorm ? clipNorm / norm : 1.0;
        step++;
        for (Update update : updates) {
            float[][] state = slots.computeIfAbsent(update.parameter, this::newSlots);
            update.apply(this, state, gradientScale);
        }
        store.zeroGradients();
    }

    /** Number of state arrays per parameter (e.g. 1 for Adagrad, 2 for Adam). */
    abstract int slotCount();

    /** Initial value of every state element. */
    double initialSlotValue() {
        return 0.0;
    }

    /**
     * Updates the state at {@code index} with gradient {@code g} and returns the amount to
     * subtract from the parameter element.
     *
     * @param state the parameter's state arrays, each as long as the parameter
     * @param index row-major element index
     * @param g the (regularized, clipped) gradient
     * @param t the 1-based step number
     */
    abstract double delta(float[][] state, int index, double g, long t);

    private float[][] newSlots(Parameter parameter) {
        float[][] state = new float[slotCount()][(int) parameter.size()];
        float initial = (float) initialSlotValue();
        for (float[] slot : state) {
            java.util.Arrays.fill(slot, initial);
        }
        return state;
    }

    private Update gradientOf(Parameter parameter) {
        if (parameter instanceof DenseParameter dense) {
            double[] gradient = dense.gradient().data().asDouble();
            return new Update(parameter, null, gradient, gradient.length);
        }
        EmbeddingTable.SparseGradient sparse = ((EmbeddingTable) parameter).gradient();
        return new Update(parameter, sparse.rows(), sparse.values(), sparse.dim());
    }

    /**
     * The gradient of one parameter for this step: all elements ({@code rows == null}, one
     * "row" as long as the parameter) or the listed rows of width {@code width}.
     */
    private static final class Update {
        final Parameter parameter;
        final int[] rows;
        final double[] gradient;
        final int width;

        Update(Parameter parameter, int[] rows, double[] gradient, int width) {
            this.parameter = parameter;
            this.rows = rows;
            this.gradient = gradient;
            this.width = width;
        }

        private int rowCount() {
            return rows == null ? 1 : rows.length;
        }

        private int offset(int row) {
            return rows == null ? 0 : rows[row] * width;
        }

        double regularizeAndSquare(double l2) {
            Values values = Values.of(parameter);
            double squares = 0;
            for (int row = 0; row < rowCount(); row++) {
                int base = offset(row);
                for (int k = 0; k < width; k++) {
                    int i = row * width + k;
                    if (l2 > 0) {
                        gradient[i] += l2 * values.get(base + k);
                    }
                    squares += gradient[i] * gradient[i];
                }
            }
            return squares;
        }

        void apply(Optimizer optimizer, float[][] state, double gradientScale) {
            Values values = Values.of(parameter);
            for (int row = 0; row < rowCount(); row++) {
                int base = offset(row);
                for (int k = 0; k < width; k++) {
                    int index = base + k;
                    double g = gradient[row * width + k] * gradientScale;
                    values.set(index, values.get(index) - optimizer.delta(state, index, g, optimizer.step));
                }
            }
        }
    }

    /**
     * Element access to a parameter's native memory. Float parameters (the usual case) go through
     * a direct {@link FloatBuffer} view, whose reads and writes compile to plain memory accesses;
     * ND4J's per-element {@link DataBuffer} calls cost a bounds-checked indexer each, which made
     * the update of 150k touched embedding elements per step the costliest Java part of training.
     */
    private static final class Values {
        private final FloatBuffer floats;
        private final DataBuffer buffer;

        private Values(FloatBuffer floats, DataBuffer buffer) {
            this.floats = floats;
            this.buffer = buffer;
        }

        static Values of(Parameter parameter) {
            DataBuffer buffer = parameter.value().data();
            return buffer.dataType() == DataType.FLOAT ? new Values(buffer.asNioFloat(), null) : new Values(null, buffer);
        }

        double get(int index) {
            return floats != null ? floats.get(index) : buffer.getDouble(index);
        }

        void set(int index, double value) {
            if (floats != null) {
                floats.put(index, (float) value);
            } else {
                buffer.put(index, value);
            }
        }
    }

    /**
     * Settings shared by all optimizers.
     *
     * @param <B> the concrete builder
     */
    public abstract static sealed class Builder<B extends Builder<B>> permits Sgd.Builder, Adagrad.Builder, Adam.Builder {
        private final double learningRate;
        private double l2;
        private double clipNorm;

        Builder(double learningRate) {
            this.learningRate = learningRate;
        }

        /**
         * L2 penalty coefficient: adds {@code l2 * w} to the gradient of every element updated in
         * the step (for embedding tables, only touched rows); default 0 (off).
         */
        public B l2(double l2) {
            this.l2 = l2;
            return self();
        }

        /**
         * Maximum global gradient norm across all parameters updated in the step; default 0
         * (no clipping).
         */
        public B clipNorm(double clipNorm) {
            this.clipNorm = clipNorm;
            return self();
        }

        abstract B self();

        void validate() {
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learning rate must be positive and finite, found " + learningRate);
            }
            if (!(l2 >= 0) || Double.isInfinite(l2)) {
                throw new IllegalArgumentException("l2 must be >= 0 and finite, found " + l2);
            }
            if (!(clipNorm >= 0)) {
                throw new IllegalArgumentException("clipNorm must be >= 0 (0 = off), found " + clipNorm);
            }
        }
    }
}
