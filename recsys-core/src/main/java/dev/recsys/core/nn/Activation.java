package dev.recsys.core.nn;

/** Elementwise activation applied after a {@link Dense} layer's affine map. */
public enum Activation {
    /** Identity: a linear layer. */
    LINEAR,
    /** {@code max(x, 0)}. */
    RELU,
    /** Hyperbolic tangent. */
    TANH,
    /** Logistic sigmoid. */
    SIGMOID;

    /** Applies this activation on the tape. */
    Variable apply(Variable x) {
        switch (this) {
            case RELU:
                return Ops.relu(x);
            case TANH:
                return Ops.tanh(x);
            case SIGMOID:
                return Ops.sigmoid(x);
            default:
                return x;
        }
    }
}
