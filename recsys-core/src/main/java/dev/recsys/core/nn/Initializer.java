package dev.recsys.core.nn;

import java.util.SplittableRandom;

/**
 * Fills a new parameter with initial values drawn from a seeded generator, so the same store
 * seed always yields the same parameters.
 */
@FunctionalInterface
public interface Initializer {

    /**
     * Fills {@code values} (row-major, length = product of {@code shape}).
     *
     * @param values the array to fill
     * @param shape the parameter shape, e.g. {@code [in, out]} for a kernel
     * @param random the parameter's own generator
     */
    void fill(double[] values, long[] shape, SplittableRandom random);

    /** All zeros (the usual bias initializer). */
    static Initializer zeros() {
        return constant(0.0);
    }

    /** Every element equal to {@code value}. */
    static Initializer constant(double value) {
        return (values, shape, random) -> java.util.Arrays.fill(values, value);
    }

    /**
     * Uniform on {@code [-limit, limit)}; {@code uniform(0.05)} is the Keras embedding default.
     *
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    static Initializer uniform(double limit) {
        if (!(limit > 0)) {
            throw new IllegalArgumentException("uniform limit must be positive, found " + limit);
        }
        return (values, shape, random) -> {
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextDouble(-limit, limit);
            }
        };
    }

    /**
     * Gaussian with mean 0 and standard deviation {@code std}.
     *
     * @throws IllegalArgumentException if {@code std} is not positive
     */
    static Initializer normal(double std) {
        if (!(std > 0)) {
            throw new IllegalArgumentException("normal std must be positive, found " + std);
        }
        return (values, shape, random) -> {
            for (int i = 0; i < values.length; i++) {
                values[i] = std * gaussian(random);
            }
        };
    }

    /**
     * Glorot (Xavier) uniform, the Keras dense-kernel default: uniform on {@code ±sqrt(6 / (fanIn
     * + fanOut))} with {@code fanIn = shape[0]} and {@code fanOut = shape[1]} for a
     * {@code [in, out]} kernel (both equal to the length for a vector).
     */
    static Initializer glorotUniform() {
        return (values, shape, random) -> {
            long fanIn = shape[0];
            long fanOut = shape.length > 1 ? shape[1] : shape[0];
            double limit = Math.sqrt(6.0 / (fanIn + fanOut));
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextDouble(-limit, limit);
            }
        };
    }

    /** A standard normal draw by the Box–Muller transform (deterministic given the generator). */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
    }
}
