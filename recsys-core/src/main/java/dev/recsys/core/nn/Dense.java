package dev.recsys.core.nn;

import dev.recsys.core.nn.frozen.FrozenDense;
import dev.recsys.core.nn.frozen.Weights;
import java.util.Objects;

/**
 * A fully connected layer {@code y = activation(x · kernel + bias)} with a kernel {@code [in,
 * out]} and a bias {@code [1, out]} held in a {@link ParameterStore} under {@code name/kernel}
 * and {@code name/bias}.
 */
public final class Dense {

    private final DenseParameter kernel;
    private final DenseParameter bias;
    private final Activation activation;

    private Dense(DenseParameter kernel, DenseParameter bias, Activation activation) {
        this.kernel = kernel;
        this.bias = bias;
        this.activation = activation;
    }

    /**
     * Starts a layer.
     *
     * @param name parameter name prefix, unique in the store
     * @param inputDim input width
     * @param outputDim output width
     */
    public static Builder builder(String name, int inputDim, int outputDim) {
        Objects.requireNonNull(name, "name");
        return new Builder(name, inputDim, outputDim);
    }

    /**
     * The frozen layer stored in {@code weights} by a layer built as
     * {@code Dense.builder(name, inputDim, outputDim).activation(activation)}: its kernel
     * {@code name/kernel [inputDim, outputDim]} and bias {@code name/bias [1, outputDim]}.
     *
     * @throws IllegalArgumentException if a parameter is missing or has another shape
     */
    public static FrozenDense frozen(Weights weights, String name, int inputDim, int outputDim, Activation activation) {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(activation, "activation");
        return FrozenDense.of(weights, kernelName(name), biasName(name), inputDim, outputDim, activation);
    }

    private static String kernelName(String name) {
        return name + "/kernel";
    }

    private static String biasName(String name) {
        return name + "/bias";
    }

    /**
     * Applies the layer.
     *
     * @param tape the tape of this step
     * @param x {@code [B, inputDim]}
     * @return {@code [B, outputDim]}
     */
    public Variable apply(Tape tape, Variable x) {
        Objects.requireNonNull(tape, "tape");
        Objects.requireNonNull(x, "x");
        if (x.value().rank() != 2 || x.value().size(1) != kernel.value().size(0)) {
            throw new IllegalArgumentException("dense '" + kernel.name() + "' input width mismatch: expected "
                    + kernel.value().size(0) + ", found shape " + java.util.Arrays.toString(x.shape()));
        }
        Variable affine = Ops.addBias(Ops.matmul(x, tape.parameter(kernel)), tape.parameter(bias));
        return activation.apply(affine);
    }

    /** The kernel {@code [in, out]}. */
    public DenseParameter kernel() {
        return kernel;
    }

    /** The bias {@code [1, out]}. */
    public DenseParameter bias() {
        return bias;
    }

    /** Output width. */
    public int outputDim() {
        return (int) kernel.value().size(1);
    }

    /** Settings of a {@link Dense} layer. */
    public static final class Builder {
        private final String name;
        private final int inputDim;
        private final int outputDim;
        private Activation activation = Activation.LINEAR;
        private Initializer kernelInitializer = Initializer.glorotUniform();

        private Builder(String name, int inputDim, int outputDim) {
            this.name = name;
            this.inputDim = inputDim;
            this.outputDim = outputDim;
        }

        /** Activation after the affine map; default {@link Activation#LINEAR}. */
        public Builder activation(Activation activation) {
            Objects.requireNonNull(activation, "activation");
            this.activation = activation;
            return this;
        }

        /** Kernel initializer; default {@link Initializer#glorotUniform()}. Biases start at zero. */
        public Builder kernelInitializer(Initializer initializer) {
            Objects.requireNonNull(initializer, "initializer");
            this.kernelInitializer = initializer;
            return this;
        }

        /**
         * Creates the layer's parameters in {@code store}.
         *
         * @throws IllegalArgumentException if a dimension is not positive or the names are taken
         */
        public Dense build(ParameterStore store) {
            Objects.requireNonNull(store, "store");
            if (inputDim <= 0 || outputDim <= 0) {
                throw new IllegalArgumentException("dense '" + name + "' needs positive dimensions, found "
                        + inputDim + " -> " + outputDim);
            }
            DenseParameter kernel = store.dense(kernelName(name), kernelInitializer, inputDim, outputDim);
            DenseParameter bias = store.dense(biasName(name), Initializer.zeros(), 1, outputDim);
            return new Dense(kernel, bias, activation);
        }
    }
}
