package dev.recsys.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Helpers shared by the gradient-check tests. */
final class GradientCheckSupport {

    /** Largest relative error accepted between analytic and central-difference gradients. */
    static final double TOLERANCE = 1.0e-6;

    private GradientCheckSupport() {}

    /** Uniform values with magnitude in [0.1, 1): away from the kink of relu at 0. */
    static final Initializer AWAY_FROM_ZERO = (values, shape, random) -> {
        for (int i = 0; i < values.length; i++) {
            double magnitude = random.nextDouble(0.1, 1.0);
            values[i] = random.nextBoolean() ? magnitude : -magnitude;
        }
    };

    static ParameterStore doubleStore() {
        return new ParameterStore(7, DataType.DOUBLE);
    }

    /** A fixed pseudo-random double array of the given shape. */
    static INDArray randomArray(long seed, long... shape) {
        SplittableRandom random = new SplittableRandom(seed);
        long length = 1;
        for (long dimension : shape) {
            length *= dimension;
        }
        double[] values = new double[(int) length];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble(-1, 1);
        }
        return Nd4j.create(values, shape, DataType.DOUBLE);
    }

    /**
     * Reduces any output to a scalar with fixed random weights, so every output element's
     * gradient is exercised with a different coefficient.
     */
    static Variable weightedSum(Tape tape, Variable output) {
        INDArray weights = tape.track(randomArray(99, output.shape()));
        return Ops.sum(Ops.mul(output, tape.constant(weights)));
    }

    /** Asserts the analytic and numeric gradients agree for every parameter of the store. */
    static void assertGradientsMatch(ParameterStore store, Function<Tape, Variable> loss) {
        GradientCheck.Result result = GradientCheck.check(store, loss);
        assertThat(result.elementsChecked()).isEqualTo(store.size());
        assertThat(result.maxRelativeError()).as(result.toString()).isLessThan(TOLERANCE);
    }
}
