package dev.recsys.core.optim;

/** Plain stochastic gradient descent: {@code w -= learningRate * g}. */
public final class Sgd extends Optimizer {

    private Sgd(Builder builder) {
        super(builder);
    }

    /**
     * Starts an SGD optimizer.
     *
     * @param learningRate step size, positive
     */
    public static Builder builder(double learningRate) {
        return new Builder(learningRate);
    }

    @Override
    int slotCount() {
        return 0;
    }

    @Override
    double delta(float[][] state, int index, double g, long t) {
        return learningRate() * g;
    }

    /** Settings of {@link Sgd}. */
    public static final class Builder extends Optimizer.Builder<Builder> {
        private Builder(double learningRate) {
            super(learningRate);
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
        public Sgd build() {
            validate();
            return new Sgd(this);
        }
    }
}
