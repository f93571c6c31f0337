package dev.recsys.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A parameter whose gradient is a full array of its shape (weights, biases, recurrent kernels). */
public final class DenseParameter extends Parameter {

    private final INDArray gradient;
    private boolean touched;

    DenseParameter(String name, INDArray value) {
        super(name, value);
        this.gradient = value.ulike().assign(0.0);
    }

    /**
     * The accumulated gradient, same shape as the value, C-ordered; zero when {@link
     * #hasGradient()} is false.
     */
    public INDArray gradient() {
        return gradient;
    }

    @Override
    public boolean hasGradient() {
        return touched;
    }

    @Override
    public void zeroGradient() {
        if (touched) {
            gradient.assign(0.0);
            touched = false;
        }
    }

    void accumulate(INDArray contribution) {
        gradient.addi(contribution);
        touched = true;
    }

    @Override
    void close() {
        super.close();
        gradient.close();
    }
}
