package dev.recsys.core.optim;

/**
 * Adagrad as in Keras/TF: {@code a += g^2; w -= learningRate * g / (sqrt(a) + epsilon)}, with the
 * accumulator {@code a} starting at {@code initialAccumulator}. Embedding rows keep their own
 * accumulators and only touched rows advance (row-wise Adagrad).
 */
public final class Adagrad extends Optimizer {

    private final double initialAccumulator;
    private final double epsilon;

    private Adagrad(Builder builder) {
        super(builder);
        this.initialAccumulator = builder.initialAccumulator;
        this.epsilon = builder.epsilon;
    }

    /**
     * Starts an Adagrad optimizer.
     *
     * @param learningRate step size, positive (the reference notebook uses 0.1)
     */
    public static Builder builder(double learningRate) {
        return new Builder(learningRate);
    }

    @Override
    int slotCount() {
        return 1;
    }

    @Override
    double initialSlotValue() {
        return initialAccumulator;
    }

    @Override
    double delta(float[][] state, int index, double g, long t) {
        double accumulator = state[0][index] + g * g;
        state[0][index] = (float) accumulator;
        return learningRate() * g / (Math.sqrt(accumulator) + epsilon);
    }

    /** Settings of {@link Adagrad}. */
    public static final class Builder extends Optimizer.Builder<Builder> {
        private double initialAccumulator = 0.1;
        private double epsilon = 1.0e-7;

        private Builder(double learningRate) {
            super(learningRate);
        }

        /** Starting value of every accumulator; default 0.1 (the Keras/TF default). */
        public Builder initialAccumulator(double initialAccumulator) {
            this.initialAccumulator = initialAccumulator;
            return this;
        }

        /** Added to the root of the accumulator; default 1e-7 (the Keras default). */
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
        public Adagrad build() {
            validate();
            if (!(initialAccumulator >= 0) || !(epsilon >= 0) || initialAccumulator + epsilon == 0) {
                throw new IllegalArgumentException("adagrad needs initialAccumulator >= 0 and epsilon >= 0, not both 0; found "
                        + initialAccumulator + " and " + epsilon);
            }
            return new Adagrad(this);
        }
    }
}
