package dev.recsys.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A value recorded on a {@link Tape}, with the gradient of the loss with respect to it once
 * {@link Tape#backward(Variable)} has run.
 */
public final class Variable {

    private final Tape tape;
    private final INDArray value;
    private final boolean requiresGradient;
    private final DenseParameter parameter;
    private INDArray gradient;

    Variable(Tape tape, INDArray value, boolean requiresGradient, DenseParameter parameter) {
        this.tape = tape;
        this.value = value;
        this.requiresGradient = requiresGradient;
        this.parameter = parameter;
    }

    /** The value; owned by the tape (or by the caller for constants and parameters). */
    public INDArray value() {
        return value;
    }

    /** Shape of the value. */
    public long[] shape() {
        return value.shape();
    }

    /** Whether gradients flow into this variable. */
    public boolean requiresGradient() {
        return requiresGradient;
    }

    /**
     * Gradient of the loss with respect to this value, same shape; {@code null} before backward
     * or when no gradient reached it. For parameters, see {@link DenseParameter#gradient()}.
     */
    public INDArray gradient() {
        return parameter != null ? null : gradient;
    }

    Tape tape() {
        return tape;
    }

    /**
     * Adds a gradient contribution. {@code fresh} says the array was created for this call
     * alone and may be adopted rather than copied.
     */
    void accumulate(INDArray contribution, boolean fresh) {
        if (!requiresGradient) {
            return;
        }
        if (parameter != null) {
            parameter.accumulate(contribution);
        } else if (gradient == null) {
            gradient = fresh ? contribution : tape.track(contribution.dup('c'));
        } else {
            gradient.addi(contribution);
        }
    }
}
