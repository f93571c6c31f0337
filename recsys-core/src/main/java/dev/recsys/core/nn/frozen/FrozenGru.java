package dev.recsys.core.nn.frozen;

import dev.recsys.core.topk.internal.Kernels;
import dev.recsys.core.topk.internal.VectorKernels;
import java.util.Objects;

/**
 * A frozen GRU sequence encoder with the equations of {@link dev.recsys.core.nn.Gru} (Keras
 * formulation, reset gate after the recurrent product, gate order {@code z, r, n}): the final
 * state after the last unmasked step, masked steps leaving the state unchanged, a fully masked
 * sequence encoding to zeros. Immutable and safe for concurrent use.
 */
public final class FrozenGru {

    private final float[][] kernel;
    private final float[][] recurrent;
    private final float[] bias;
    private final float[] recurrentBias;
    private final int inputDim;
    private final int hidden;
    private final VectorKernels kernels;

    private FrozenGru(float[][] kernel, float[][] recurrent, float[] bias, float[] recurrentBias, int inputDim,
            int hidden) {
        this.kernel = kernel;
        this.recurrent = recurrent;
        this.bias = bias;
        this.recurrentBias = recurrentBias;
        this.inputDim = inputDim;
        this.hidden = hidden;
        this.kernels = Kernels.get();
    }

    /**
     * The GRU whose parameters are stored under the given names: input kernel {@code [D, 3H]},
     * recurrent kernel {@code [H, 3H]}, bias {@code [1, 3H]} and recurrent bias {@code [1, 3H]}.
     *
     * @param inputDim width {@code D} of a step
     * @param hiddenDim width {@code H} of the state
     * @throws IllegalArgumentException if a parameter is missing or has another shape
     */
    public static FrozenGru of(Weights weights, String kernelName, String recurrentName, String biasName,
            String recurrentBiasName, int inputDim, int hiddenDim) {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(kernelName, "kernelName");
        Objects.requireNonNull(recurrentName, "recurrentName");
        Objects.requireNonNull(biasName, "biasName");
        Objects.requireNonNull(recurrentBiasName, "recurrentBiasName");
        long gates = 3L * hiddenDim;
        return new FrozenGru(FrozenDense.rows(weights.require(kernelName, inputDim, gates), inputDim, (int) gates),
                FrozenDense.rows(weights.require(recurrentName, hiddenDim, gates), hiddenDim, (int) gates),
                weights.require(biasName, 1, gates).clone(),
                weights.require(recurrentBiasName, 1, gates).clone(), inputDim, hiddenDim);
    }

    /** Width {@code D} of a step. */
    public int inputDim() {
        return inputDim;
    }

    /** Width {@code H} of the state and output. */
    public int outputDim() {
        return hidden;
    }

    /**
     * Encodes one sequence.
     *
     * @param x {@code [steps, D]} row-major from {@code xOffset}
     * @param mask {@code [steps]} from {@code maskOffset}, 1 for a token and 0 for padding
     * @param out receives the final state {@code [H]} from {@code outOffset}
     */
    public void encode(float[] x, int xOffset, float[] mask, int maskOffset, int steps, float[] out, int outOffset) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(mask, "mask");
        Objects.requireNonNull(out, "out");
        int h3 = 3 * hidden;
        float[] input = new float[h3];
        float[] state = new float[hidden];
        float[] product = new float[h3];
        for (int t = 0; t < steps; t++) {
            if (mask[maskOffset + t] == 0f) {
                continue;
            }
            System.arraycopy(bias, 0, input, 0, h3);
            kernels.addVectorMatrix(x, xOffset + t * inputDim, kernel, 0, inputDim, input);
            System.arraycopy(recurrentBias, 0, product, 0, h3);
            kernels.addVectorMatrix(state, 0, recurrent, 0, hidden, product);
            for (int j = 0; j < hidden; j++) {
                float z = FrozenDense.sigmoid(input[j] + product[j]);
                float r = FrozenDense.sigmoid(input[hidden + j] + product[hidden + j]);
                float n = (float) Math.tanh(r * product[2 * hidden + j] + input[2 * hidden + j]);
                // the training pass's form: h' = (n - h) · (1 - z) + h
                state[j] = (n - state[j]) * (1f - z) + state[j];
            }
        }
        System.arraycopy(state, 0, out, outOffset, hidden);
    }
}
