package dev.recsys.core.nn;

import dev.recsys.core.nn.frozen.FrozenGru;
import dev.recsys.core.nn.frozen.Weights;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A GRU sequence encoder returning the hidden state after the last unmasked step (the
 * Keras/TF formulation with the reset gate applied after the recurrent product, gate order
 * update {@code z}, reset {@code r}, candidate {@code n}):
 *
 * <pre>
 * z = σ(x W_z + b_z + h U_z + c_z)
 * r = σ(x W_r + b_r + h U_r + c_r)
 * n = tanh(x W_n + b_n + r ⊙ (h U_n + c_n))
 * h' = z ⊙ h + (1 - z) ⊙ n          (only where the mask is 1; elsewhere h' = h)
 * </pre>
 *
 * <p>Parameters in the store: {@code name/kernel [D, 3H]}, {@code name/recurrent [H, 3H]},
 * {@code name/bias [1, 3H]} and {@code name/recurrentBias [1, 3H]}. The whole sequence is one
 * recorded operation with an explicit backward pass through time; the input projection of all
 * steps is one matrix product.
 */
public final class Gru {

    private static final String KERNEL = "/kernel";
    private static final String RECURRENT = "/recurrent";
    private static final String BIAS = "/bias";
    private static final String RECURRENT_BIAS = "/recurrentBias";

    private final DenseParameter kernel;
    private final DenseParameter recurrent;
    private final DenseParameter bias;
    private final DenseParameter recurrentBias;
    private final int hidden;

    private Gru(DenseParameter kernel, DenseParameter recurrent, DenseParameter bias, DenseParameter recurrentBias) {
        this.kernel = kernel;
        this.recurrent = recurrent;
        this.bias = bias;
        this.recurrentBias = recurrentBias;
        this.hidden = (int) recurrent.value().size(0);
    }

    /**
     * Starts a GRU.
     *
     * @param name parameter name prefix, unique in the store
     * @param inputDim width {@code D} of each step
     * @param hiddenDim width {@code H} of the state and output
     */
    public static Builder builder(String name, int inputDim, int hiddenDim) {
        Objects.requireNonNull(name, "name");
        return new Builder(name, inputDim, hiddenDim);
    }

    /**
     * The frozen GRU stored in {@code weights} by a GRU built as
     * {@code Gru.builder(name, inputDim, hiddenDim)}.
     *
     * @throws IllegalArgumentException if a parameter is missing or has another shape
     */
    public static FrozenGru frozen(Weights weights, String name, int inputDim, int hiddenDim) {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(name, "name");
        return FrozenGru.of(weights, name + KERNEL, name + RECURRENT, name + BIAS, name + RECURRENT_BIAS, inputDim,
                hiddenDim);
    }

    /** Output width {@code H}. */
    public int outputDim() {
        return hidden;
    }

    /**
     * Encodes a batch of sequences. Padding may sit anywhere: masked steps leave the state
     * unchanged, and a fully masked sequence encodes to zeros.
     *
     * @param tape the tape of this step
     * @param x {@code [B, T, D]}
     * @param mask {@code [B, T]}, 1 for tokens and 0 for padding
     * @return the final states {@code [B, H]}
     */
    public Variable apply(Tape tape, Variable x, INDArray mask) {
        Objects.requireNonNull(tape, "tape");
        Objects.requireNonNull(mask, "mask");
        Objects.requireNonNull(x, "x");
        Ops.requireRank(x, 3, "gru input");
        long batch = x.value().size(0);
        int steps = (int) x.value().size(1);
        long inputDim = kernel.value().size(0);
        if (x.value().size(2) != inputDim) {
            throw new IllegalArgumentException("gru '" + kernel.name() + "' input width mismatch: expected "
                    + inputDim + ", found shape " + Arrays.toString(x.shape()));
        }
        Ops.requireMask(mask, batch, steps, "gru");
        Variable w = tape.parameter(kernel);
        Variable u = tape.parameter(recurrent);
        Variable b = tape.parameter(bias);
        Variable c = tape.parameter(recurrentBias);
        DataType type = x.value().dataType();
        INDArray maskValues = tape.track(mask.dataType() == type ? mask.dup('c') : mask.castTo(type));
        INDArray flat = tape.track(x.value().reshape('c', batch * steps, inputDim));
        INDArray projected = tape.track(flat.mmul(w.value()).addiRowVector(b.value()))
                .reshape('c', batch, steps, 3L * hidden);

        Step[] trace = new Step[steps];
        INDArray state = tape.track(Nd4j.zeros(type, batch, hidden));
        for (int t = 0; t < steps; t++) {
            trace[t] = forwardStep(tape, state, step(projected, t), column(maskValues, t), u.value(), c.value());
            state = trace[t].next;
        }
        return tape.record(state, g -> backward(tape, g, x, flat, projected, trace, maskValues, w, u, b, c), x, w, u, b, c);
    }

    /** Activations of one step kept for the backward pass. */
    private record Step(INDArray previous, INDArray z, INDArray r, INDArray n, INDArray recurrentN, INDArray keep,
            INDArray next) {}

    private Step forwardStep(Tape tape, INDArray previous, INDArray input, INDArray mask, INDArray u, INDArray c) {
        INDArray recurrentProduct = tape.track(previous.mmul(u).addiRowVector(c));
        INDArray gates = tape.track(input.get(cols(0, 2 * hidden)).add(recurrentProduct.get(cols(0, 2 * hidden))));
        Transforms.sigmoid(gates, false);
        INDArray z = gates.get(cols(0, hidden));
        INDArray r = gates.get(cols(hidden, 2 * hidden));
        INDArray recurrentN = recurrentProduct.get(cols(2 * hidden, 3 * hidden));
        INDArray n = tape.track(r.mul(recurrentN).addi(input.get(cols(2 * hidden, 3 * hidden))));
        Transforms.tanh(n, false);
        INDArray keep = tape.track(z.rsub(1.0).muliColumnVector(mask)); // share of n taken this step
        INDArray next = tape.track(n.sub(previous).muli(keep).addi(previous));
        return new Step(previous, z, r, n, recurrentN, keep, next);
    }

    private void backward(Tape tape, INDArray outputGradient, Variable x, INDArray flat, INDArray projected,
            Step[] trace, INDArray mask, Variable w, Variable u, Variable b, Variable c) {
        long batch = projected.size(0);
        int steps = trace.length;
        INDArray projectedGradient = tape.track(projected.ulike().assign(0.0));
        INDArray recurrentGradient = tape.track(u.value().ulike().assign(0.0));
        INDArray recurrentTransposed = u.value().transpose();
        INDArray stateGradient = tape.track(outputGradient.dup('c'));
        for (int t = steps - 1; t >= 0; t--) {
            Step s = trace[t];
            INDArray m = column(mask, t);
            // h' = h + keep ⊙ (n - h), keep = m ⊙ (1 - z)
            INDArray dn = tape.track(stateGradient.mul(s.keep));
            INDArray dz = tape.track(s.n.sub(s.previous).muli(stateGradient).muliColumnVector(m).negi());
            INDArray previousGradient = tape.track(s.keep.rsub(1.0).muli(stateGradient));
            INDArray dnPre = tape.track(s.n.mul(s.n).rsubi(1.0).muli(dn));
            INDArray dzPre = tape.track(s.z.rsub(1.0).muli(s.z).muli(dz));
            INDArray drPre = tape.track(s.r.rsub(1.0).muli(s.r).muli(dnPre).muli(s.recurrentN));
            INDArray dRecurrentN = tape.track(dnPre.mul(s.r));

            INDArray dInput = step(projectedGradient, t);
            dInput.get(cols(0, hidden)).assign(dzPre);
            dInput.get(cols(hidden, 2 * hidden)).assign(drPre);
            dInput.get(cols(2 * hidden, 3 * hidden)).assign(dnPre);
            INDArray dProduct = tape.track(dInput.dup('c'));
            dProduct.get(cols(2 * hidden, 3 * hidden)).assign(dRecurrentN);

            recurrentGradient.addi(tape.track(s.previous.transpose().mmul(dProduct)));
            if (c.requiresGradient()) {
                c.accumulate(tape.track(dProduct.sum(true, 0)), true);
            }
            previousGradient.addi(tape.track(dProduct.mmul(recurrentTransposed)));
            stateGradient = previousGradient;
        }
        u.accumulate(recurrentGradient, true);
        INDArray flatGradient = projectedGradient.reshape('c', batch * steps, 3L * hidden);
        b.accumulate(tape.track(flatGradient.sum(true, 0)), true);
        w.accumulate(tape.track(flat.transpose().mmul(flatGradient)), true);
        if (x.requiresGradient()) {
            INDArray inputGradient = tape.track(flatGradient.mmul(w.value().transpose()));
            x.accumulate(inputGradient.reshape('c', x.shape()), true);
        }
    }

    private static INDArray step(INDArray sequence, int t) {
        return sequence.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all());
    }

    private static INDArray column(INDArray matrix, int t) {
        return matrix.get(NDArrayIndex.all(), NDArrayIndex.interval(t, t + 1));
    }

    private static INDArrayIndex[] cols(long from, long to) {
        return new INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.interval(from, to)};
    }

    /** Settings of a {@link Gru}. */
    public static final class Builder {
        private final String name;
        private final int inputDim;
        private final int hiddenDim;
        private Initializer kernelInitializer = Initializer.glorotUniform();
        private Initializer recurrentInitializer = Initializer.glorotUniform();

        private Builder(String name, int inputDim, int hiddenDim) {
            this.name = name;
            this.inputDim = inputDim;
            this.hiddenDim = hiddenDim;
        }

        /** Input kernel initializer; default {@link Initializer#glorotUniform()}. */
        public Builder kernelInitializer(Initializer initializer) {
            Objects.requireNonNull(initializer, "initializer");
            this.kernelInitializer = initializer;
            return this;
        }

        /** Recurrent kernel initializer; default {@link Initializer#glorotUniform()}. Biases start at zero. */
        public Builder recurrentInitializer(Initializer initializer) {
            Objects.requireNonNull(initializer, "initializer");
            this.recurrentInitializer = initializer;
            return this;
        }

        /**
         * Creates the GRU's parameters in {@code store}.
         *
         * @throws IllegalArgumentException if a dimension is not positive or the names are taken
         */
        public Gru build(ParameterStore store) {
            Objects.requireNonNull(store, "store");
            if (inputDim <= 0 || hiddenDim <= 0) {
                throw new IllegalArgumentException("gru '" + name + "' needs positive dimensions, found input "
                        + inputDim + ", hidden " + hiddenDim);
            }
            return new Gru(
                    store.dense(name + KERNEL, kernelInitializer, inputDim, 3L * hiddenDim),
                    store.dense(name + RECURRENT, recurrentInitializer, hiddenDim, 3L * hiddenDim),
                    store.dense(name + BIAS, Initializer.zeros(), 1, 3L * hiddenDim),
                    store.dense(name + RECURRENT_BIAS, Initializer.zeros(), 1, 3L * hiddenDim));
        }
    }
}
