package dev.recsys.core.nn.frozen;

import dev.recsys.core.nn.Activation;
import dev.recsys.core.topk.internal.Kernels;
import dev.recsys.core.topk.internal.VectorKernels;
import java.util.Objects;

/**
 * A frozen fully connected layer {@code y = activation(x · kernel + bias)}, kernel
 * {@code [in, out]} and bias {@code [out]} on the Java heap, computed by the vector kernels
 * chosen for this JVM (SIMD or scalar, see {@link Kernels}). Immutable and safe for concurrent
 * use: the caller supplies the output array.
 */
public final class FrozenDense {

    private final float[] kernel;
    private final float[] bias;
    private final int inputDim;
    private final int outputDim;
    private final Activation activation;
    private final VectorKernels kernels;

    private FrozenDense(float[] kernel, float[] bias, int inputDim, int outputDim, Activation activation) {
        this.kernel = kernel;
        this.bias = bias;
        this.inputDim = inputDim;
        this.outputDim = outputDim;
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
        Objects.requireNonNull(activation, "activation");
        return new FrozenDense(weights.require(kernelName, inputDim, outputDim), weights.require(biasName, 1, outputDim),
                inputDim, outputDim, activation);
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
     * @param y receives {@code [outputDim]} from {@code yOffset}; must not overlap {@code x}
     */
    public void apply(float[] x, int xOffset, float[] y, int yOffset) {
        System.arraycopy(bias, 0, y, yOffset, outputDim);
        kernels.addVectorMatrix(x, xOffset, kernel, 0, inputDim, outputDim, y, yOffset);
        activate(activation, y, yOffset, outputDim);
    }

    /**
     * The part of the affine map that input columns {@code [firstRow, firstRow + rows)} contribute:
     * {@code y += x[0, rows) · kernel[firstRow, firstRow + rows)}, no bias, no activation.
     */
    void addPartial(float[] x, int xOffset, int firstRow, int rows, float[] y, int yOffset) {
        kernels.addVectorMatrix(x, xOffset, kernel, firstRow * outputDim, rows, outputDim, y, yOffset);
    }

    /** Adds the bias to {@code y[yOffset, yOffset + outputDim)}. */
    void addBias(float[] y, int yOffset) {
        for (int o = 0; o < outputDim; o++) {
            y[yOffset + o] += bias[o];
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
