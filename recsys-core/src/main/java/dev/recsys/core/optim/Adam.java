package dev.recsys.core.optim;

/**
 * Adam with bias correction: {@code m = β1 m + (1-β1) g; v = β2 v + (1-β2) g^2; w -= lr * m̂ /
 * (sqrt(v̂) + ε)} with {@code m̂ = m / (1 - β1^t)}, {@code v̂ = v / (1 - β2^t)} and {@code t} the
 * optimizer's step count. Embedding rows are updated lazily: only touched rows advance their
 * moments (TF's LazyAdam).
 */
public final class Adam extends Optimizer {

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    /** Step whose bias corrections {@code 1 - β^t} are cached: computed once per step, not per element. */
    private long correctedStep = -1;
    private double correction1;
    private double correction2;

    private Adam(Builder builder) {
        super(builder);
        this.beta1 = builder.beta1;
        this.beta2 = builder.beta2;
        this.epsilon = builder.epsilon;
    }

    /**
     * Starts an Adam optimizer.
     *
     * @param learningRate step size, positive (0.001 is the usual default)
     */
    public static Builder builder(double learningRate) {
        return new Builder(learningRate);
    }

    @Override
    int slotCount() {
        return 2;
    }

    @Override
    double delta(float[][] state, int index, double g, long t) {
        double m = beta1 * state[0][index] + (1 - beta1) * g;
        double v = beta2 * state[1][index] + (1 - beta2) * g * g;
        state[0][index] = (float) m;
        state[1][index] = (float) v;
        if (t != correctedStep) {
            correction1 = 1 - Math.pow(beta1, t);
            correction2 = 1 - Math.pow(beta2, t);
            correctedStep = t;
        }
        double mHat = m / correction1;
        double vHat = v / correction2;
        return learningRate() * mHat / (Math.sqrt(vHat) + epsilon);
    }

    /** Settings of {@link Adam}. */
    public static final class Builder extends Optimizer.Builder<Builder> {
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1.0e-7;

        private Builder(double learningRate) {
            super(learningRate);
        }

        /** Decay of the first moment; default 0.9. */
        public Builder beta1(double beta1) {
            this.beta1 = beta1;
            return this;
        }

        /** Decay of the second moment; default 0.999. */
        public Builder beta2(double beta2) {
            this.beta2 = beta2;
            return this;
        }

        /** Added to the root of the second moment; default 1e-7 (the Keras default). */
        public Builder epsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Creates the optimizer.
         *
         * @throws IllegalArgumentException if a setting is out of range
         */
        public Adam build() {
            validate();
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
                throw new IllegalArgumentException("adam needs 0 <= beta1, beta2 < 1 and epsilon > 0; found "
                        + beta1 + ", " + beta2 + ", " + epsilon);
            }
            return new Adam(this);
        }
    }
}
