package dev.recsys.models.serve;

import dev.recsys.core.nn.ParameterStore;

/** Run in a forked JVM by {@code ServingWithoutNd4jTest}: creates a parameter store, which needs ND4J. */
public final class TrainOnly {

    private TrainOnly() {
    }

    /** Creates a store. */
    public static void main(String[] args) {
        new ParameterStore(1).close();
    }
}
