package dev.recsys.core.nn.frozen;

import dev.recsys.core.nn.Activation;
import dev.recsys.core.topk.internal.Kernels;
import dev.recsys.core.topk.internal.VectorKernels;
import java.util.Objects;

/**
 * A frozen fully connected layer {@code y = activation(x · kernel + bias)}, kernel
 * {@code [in, out]} (one array per input row) and bias {@code [out]} on the Java heap, computed by
 * the vector kernels chosen for this JVM (SIMD or scalar, see {@link Kernels}). Immutable and safe
 * for concurrent use: the caller supplies the output array.
 */
public final class FrozenDense {

    private final float[][] kernel;
    private final float[] bias;
    private final int inputDim;
    private final int outputDim;
    private final Activation activation;
    private final VectorKernels kernels;

    private FrozenDense(float[][] kernel, float[] bias, Activation activation) {
        this.kernel = kernel;
        this.bias = bias;
        this.inputDim = kernel.length;
        this.outputDim = bias.length;
        this.activation = activation;
        this.kernels = Kernels.get();
    }

    /**
     * The layer whose kernel {@code [inputDim, outputDim]} and bias {@code [1, outputDim]} are
     * stored under the given names.
     *
     * @throws IllegalArgumentException if a parameter is missing or has another shape
     */
    public static FrozenDense of(Weights weights, String kernelName, String biasName, int inputDim, int outputDim,
            Activation activation) {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(kernelName, "kernelName");
        Objects.requireNonNull(biasName, "biasName");
        Objects.requireNonNull(activation, "activation");
        return new FrozenDense(rows(weights.require(kernelName, inputDim, outputDim), inputDim, outputDim),
                weights.require(biasName, 1, outputDim).clone(), activation);
    }

    /** Splits a row-major {@code [rows, cols]} matrix into one array per row. */
    static float[][] rows(float[] matrix, int rows, int cols) {
        float[][] split = new float[rows][];
        for (int r = 0; r < rows; r++) {
            split[r] = java.util.Arrays.copyOfRange(matrix, r * cols, (r + 1) * cols);
        }
        return split;
    }

    /** Input width. */
    public int inputDim() {
        return inputDim;
    }

    /** Output width. */
    public int outputDim() {
        return outputDim;
    }

    /** The activation after the affine map. */
    public Activation activation() {
        return activation;
    }

    /**
     * The forward pass of one row.
     *
     * @param x {@code [inputDim]} from {@code xOffset}
     * @param y receives {@code [outputDim]}: exactly {@code outputDim} floats, not {@code x}
     * @throws IllegalArgumentException if {@code y} has another length
     */
    public void apply(float[] x, int xOffset, float[] y) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        checkOutput(y, outputDim);
        System.arraycopy(bias, 0, y, 0, outputDim);
        kernels.addVectorMatrix(x, xOffset, kernel, 0, inputDim, y);
        activate(activation, y, 0, outputDim);
    }

    /**
     * The part input columns {@code [firstRow, firstRow + count)} contribute to the affine map:
     * {@code y += x[xOffset, xOffset + count) · kernel[firstRow, firstRow + count)}; no bias, no
     * activation. {@code y} holds exactly {@code outputDim} floats.
     */
    void addPartial(float[] x, int xOffset, int firstRow, int count, float[] y) {
        kernels.addVectorMatrix(x, xOffset, kernel, firstRow, count, y);
    }

    /** Adds the bias to {@code y}. */
    void addBias(float[] y) {
        for (int o = 0; o < outputDim; o++) {
            y[o] += bias[o];
        }
    }

    static void checkOutput(float[] y, int width) {
        if (y.length != width) {
            throw new IllegalArgumentException("output array must hold exactly " + width + " floats, found " + y.length);
        }
    }

    /** Applies an activation in place to {@code v[offset, offset + length)}. */
    static void activate(Activation activation, float[] v, int offset, int length) {
        switch (activation) {
            case RELU:
                for (int i = offset; i < offset + length; i++) {
                    v[i] = Math.max(v[i], 0f);
                }
                break;
            case TANH:
                for (int i = offset; i < offset + length; i++) {
                    v[i] = (float) Math.tanh(v[i]);
                }
                break;
            case SIGMOID:
                for (int i = offset; i < offset + length; i++) {
                    v[i] = sigmoid(v[i]);
                }
                break;
            default:
                break;
        }
    }

    static float sigmoid(float v) {
        return (float) (1.0 / (1.0 + Math.exp(-v)));
    }
}
