package dev.recsys.core.nn;

import java.util.Objects;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Compares the gradients computed by {@link Tape#backward} with central finite differences,
 * for every element of every parameter in a float64 {@link ParameterStore}.
 *
 * <p>Use it to verify a new operation or a whole model: build the loss from the store's
 * parameters inside {@code loss}; the checker calls it once with backward and twice per
 * parameter element without.
 */
public final class GradientCheck {

    /** Step of the central differences {@code (f(w + h) - f(w - h)) / 2h}. */
    public static final double STEP = 1.0e-6;

    /**
     * Floor of the relative error's denominator, so that elements whose true gradient is zero
     * (where both estimates are rounding noise) are judged by their absolute difference.
     */
    public static final double DENOMINATOR_FLOOR = 1.0e-3;

    private GradientCheck() {}

    /**
     * The worst disagreement between the analytic and numeric gradients.
     *
     * @param maxRelativeError {@code |a - n| / max(|a| + |n|, DENOMINATOR_FLOOR)} at the worst
     *     element
     * @param parameter name of the parameter holding the worst element
     * @param index row-major index of the worst element
     * @param analytic the analytic gradient there
     * @param numeric the numeric gradient there
     * @param elementsChecked number of elements compared
     */
    public record Result(double maxRelativeError, String parameter, long index, double analytic, double numeric,
            long elementsChecked) {
        /** Checks that the parameter is named. */
        public Result {
            Objects.requireNonNull(parameter, "parameter");
        }
    }

    /**
     * Checks the gradient of {@code loss} with respect to every parameter of {@code store}.
     *
     * @param store a {@code DOUBLE} store; its gradients are zeroed before and after
     * @param loss builds a scalar loss on the given tape from the store's parameters
     * @return the worst disagreement
     * @throws IllegalArgumentException if the store is not float64
     */
    public static Result check(ParameterStore store, Function<Tape, Variable> loss) {
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(store, "store");
        if (store.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("gradient checks need a DOUBLE store, found " + store.dataType());
        }
        store.zeroGradients();
        try (Tape tape = new Tape()) {
            tape.backward(loss.apply(tape));
        }
        Result worst = new Result(0, "", -1, 0, 0, 0);
        long checked = 0;
        for (Parameter parameter : store.parameters()) {
            double[] analytic = analyticGradient(parameter);
            DataBuffer values = parameter.value().data();
            for (int i = 0; i < analytic.length; i++) {
                double original = values.getDouble(i);
                values.put(i, original + STEP);
                double plus = evaluate(loss);
                values.put(i, original - STEP);
                double minus = evaluate(loss);
                values.put(i, original);
                double numeric = (plus - minus) / (2 * STEP);
                double difference = Math.abs(analytic[i] - numeric);
                checked++;
                double relative = difference / Math.max(Math.abs(analytic[i]) + Math.abs(numeric), DENOMINATOR_FLOOR);
                if (relative >= worst.maxRelativeError()) {
                    worst = new Result(relative, parameter.name(), i, analytic[i], numeric, 0);
                }
            }
        }
        store.zeroGradients();
        return new Result(worst.maxRelativeError(), worst.parameter(), worst.index(), worst.analytic(),
                worst.numeric(), checked);
    }

    private static double evaluate(Function<Tape, Variable> loss) {
        try (Tape tape = new Tape()) {
            return loss.apply(tape).value().getDouble(0);
        }
    }

    private static double[] analyticGradient(Parameter parameter) {
        if (parameter instanceof DenseParameter dense) {
            return dense.gradient().data().asDouble();
        }
        EmbeddingTable table = (EmbeddingTable) parameter;
        double[] dense = new double[(int) table.size()];
        EmbeddingTable.SparseGradient sparse = table.gradient();
        for (int slot = 0; slot < sparse.rows().length; slot++) {
            System.arraycopy(sparse.values(), slot * sparse.dim(), dense, sparse.rows()[slot] * sparse.dim(), sparse.dim());
        }
        return dense;
    }
}
