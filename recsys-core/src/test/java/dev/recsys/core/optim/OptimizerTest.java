package dev.recsys.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.core.nn.DenseParameter;
import dev.recsys.core.nn.EmbeddingTable;
import dev.recsys.core.nn.Initializer;
import dev.recsys.core.nn.Ops;
import dev.recsys.core.nn.ParameterStore;
import dev.recsys.core.nn.Tape;
import dev.recsys.core.nn.Variable;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Single-step updates derived by hand. Gradients are planted with the loss {@code sum(w ⊙ G)},
 * whose gradient with respect to {@code w} is exactly {@code G}.
 */
class OptimizerTest {

    private static final double TOL = 1e-6;

    /** Store with w = [1, 2] (dense) and a 4x2 table whose row r is [r + 1, -(r + 1)]. */
    private static ParameterStore store() {
        ParameterStore store = new ParameterStore(5, DataType.DOUBLE);
        store.dense("w", Initializer.zeros(), 1, 2).value().assign(Nd4j.create(new double[][] {{1, 2}}));
        store.embedding("table", 4, 2, Initializer.zeros()).value()
                .assign(Nd4j.create(new double[][] {{1, -1}, {2, -2}, {3, -3}, {4, -4}}));
        return store;
    }

    /** Plants gradient {@code dense} on w and {@code rows} gradient rows on the looked-up {@code ids}. */
    private static void plant(ParameterStore store, double[] dense, int[] ids, double[][] rows) {
        try (Tape tape = new Tape()) {
            Variable loss = Ops.sum(Ops.mul(tape.parameter((DenseParameter) store.get("w")),
                    tape.constant(Nd4j.create(new double[][] {dense}))));
            if (ids.length > 0) {
                Variable looked = Ops.lookup(tape, (EmbeddingTable) store.get("table"), ids);
                loss = Ops.add(loss, Ops.sum(Ops.mul(looked, tape.constant(Nd4j.create(rows)))));
            }
            tape.backward(loss);
        }
    }

    private static double[] w(ParameterStore store) {
        return store.get("w").value().toDoubleVector();
    }

    private static double[][] table(ParameterStore store) {
        return store.get("table").value().toDoubleMatrix();
    }

    @Test
    void sgdUpdatesDenseAndOnlyTouchedRows() {
        try (ParameterStore store = store()) {
            // Row 2 is looked up twice: its gradient is the sum [0.5 + 1.5, 0 - 1] = [2, -1].
            plant(store, new double[] {0.5, -1}, new int[] {2, 2}, new double[][] {{0.5, 0}, {1.5, -1}});
            Sgd.builder(0.1).build().step(store);
            // w = [1 - 0.05, 2 + 0.1]; row 2 = [3 - 0.2, -3 + 0.1]
            assertThat(w(store)).containsExactly(new double[] {0.95, 2.1}, within(TOL));
            assertThat(table(store)[2]).containsExactly(new double[] {2.8, -2.9}, within(TOL));
            assertThat(table(store)[0]).containsExactly(1, -1);
            assertThat(table(store)[1]).containsExactly(2, -2);
            assertThat(table(store)[3]).containsExactly(4, -4);
            assertThat(store.get("w").hasGradient()).isFalse();
            assertThat(store.get("table").hasGradient()).isFalse();
        }
    }

    /**
     * Adagrad, lr 0.1, accumulator from 0.1, epsilon 1e-7:
     * <pre>
     * w0: a = 0.1 + 0.25 = 0.35, w = 1 - 0.1 * 0.5 / (sqrt(0.35) + 1e-7) = 0.9154846
     * w1: a = 0.1 + 1    = 1.1,  w = 2 + 0.1 * 1   / (sqrt(1.1)  + 1e-7) = 2.0953462
     * row 1 (gradient [1, 0]): [2 - 0.0953462, -2]   (a = [1.1, 0.1])
     * step 2, row 1 gradient [1, 0] again: a = 2.1, row 1 = 1.9046538 - 0.1 / sqrt(2.1) = 1.8356472
     *         row 3 touched first now, gradient [0, 2]: a = 4.1, -4 - 0.2 / sqrt(4.1) = -4.0987730
     * </pre>
     */
    @Test
    void adagradIsRowWise() {
        try (ParameterStore store = store()) {
            Adagrad adagrad = Adagrad.builder(0.1).build();
            plant(store, new double[] {0.5, -1}, new int[] {1}, new double[][] {{1, 0}});
            adagrad.step(store);
            assertThat(w(store)).containsExactly(new double[] {0.9154846, 2.0953462}, within(TOL));
            assertThat(table(store)[1]).containsExactly(new double[] {1.9046538, -2}, within(TOL));

            plant(store, new double[] {0, 0}, new int[] {1, 3}, new double[][] {{1, 0}, {0, 2}});
            adagrad.step(store);
            assertThat(table(store)[1]).containsExactly(new double[] {1.8356472, -2}, within(TOL));
            assertThat(table(store)[3]).containsExactly(new double[] {4, -4.0987730}, within(TOL));
            assertThat(table(store)[0]).containsExactly(1, -1);
            assertThat(table(store)[2]).containsExactly(3, -3);
        }
    }

    /**
     * Adam, lr 0.01, β1 0.9, β2 0.999, ε 1e-7, on w0 with gradients 0.5 then 0.25:
     * <pre>
     * t=1: m = 0.05, v = 0.00025; m̂ = 0.5, v̂ = 0.25; w = 1 - 0.01 * 0.5 / (0.5 + 1e-7) = 0.9900000
     * t=2: m = 0.045 + 0.025 = 0.07, v = 0.00024975 + 0.0000625 = 0.00031225
     *      m̂ = 0.07 / 0.19 = 0.3684211, v̂ = 0.00031225 / 0.001999 = 0.1562031
     *      w = 0.99 - 0.01 * 0.3684211 / (0.3952253 + 1e-7) = 0.9806782
     * </pre>
     * Lazy for tables: row 0 is touched at t=1 only and must not move at t=2 even though its
     * momentum is nonzero.
     */
    @Test
    void adamWithBiasCorrectionAndLazyRows() {
        try (ParameterStore store = store()) {
            Adam adam = Adam.builder(0.01).build();
            plant(store, new double[] {0.5, 0}, new int[] {0}, new double[][] {{1, 1}});
            adam.step(store);
            assertThat(w(store)[0]).isCloseTo(0.99, within(TOL));
            double[] rowZeroAfterFirstStep = table(store)[0];
            assertThat(rowZeroAfterFirstStep).containsExactly(new double[] {0.99, -1.01}, within(TOL));

            plant(store, new double[] {0.25, 0}, new int[] {1}, new double[][] {{1, 1}});
            adam.step(store);
            assertThat(w(store)[0]).isCloseTo(0.9806782, within(TOL));
            assertThat(table(store)[0]).containsExactly(rowZeroAfterFirstStep);
            assertThat(adam.steps()).isEqualTo(2);
        }
    }

    /**
     * Gradients: w gets [3, 0], table row 0 gets [0, 4]; global norm sqrt(9 + 16) = 5. Clipped
     * to norm 1 they become [0.6, 0] and [0, 0.8]; SGD with lr 1 subtracts them.
     */
    @Test
    void clippingByGlobalNormSpansDenseAndSparseGradients() {
        try (ParameterStore store = store()) {
            plant(store, new double[] {3, 0}, new int[] {0}, new double[][] {{0, 4}});
            Sgd.builder(1).clipNorm(1).build().step(store);
            assertThat(w(store)).containsExactly(new double[] {0.4, 2}, within(TOL));
            assertThat(table(store)[0]).containsExactly(new double[] {1, -1.8}, within(TOL));
        }
    }

    @Test
    void clippingLeavesSmallGradientsAlone() {
        try (ParameterStore store = store()) {
            plant(store, new double[] {0.3, 0.4}, new int[0], new double[0][]);
            Sgd.builder(1).clipNorm(1).build().step(store);
            assertThat(w(store)).containsExactly(new double[] {0.7, 1.6}, within(TOL));
        }
    }

    /**
     * L2 0.5 with zero data gradient, SGD lr 0.1: w -= 0.1 * 0.5 * w, i.e. w * 0.95 = [0.95,
     * 1.9]; touched row 3 becomes [3.8, -3.8]; untouched rows keep their values.
     */
    @Test
    void l2DecaysDenseWeightsAndTouchedRowsOnly() {
        try (ParameterStore store = store()) {
            plant(store, new double[] {0, 0}, new int[] {3}, new double[][] {{0, 0}});
            Sgd.builder(0.1).l2(0.5).build().step(store);
            assertThat(w(store)).containsExactly(new double[] {0.95, 1.9}, within(TOL));
            assertThat(table(store)[3]).containsExactly(new double[] {3.8, -3.8}, within(TOL));
            assertThat(table(store)[1]).containsExactly(2, -2);
        }
    }

    @Test
    void parametersWithoutGradientAreNotUpdated() {
        try (ParameterStore store = store()) {
            DenseParameter unused = store.dense("unused", Initializer.constant(1), 1, 1);
            plant(store, new double[] {1, 1}, new int[0], new double[0][]);
            Adam.builder(0.1).build().step(store);
            assertThat(unused.value().getDouble(0)).isEqualTo(1.0);
        }
    }

    @Test
    void worksOnFloat32Parameters() {
        try (ParameterStore store = new ParameterStore(1)) {
            DenseParameter w = store.dense("w", Initializer.constant(1), 1, 2);
            try (Tape tape = new Tape()) {
                tape.backward(Ops.sum(Ops.scale(tape.parameter(w), 0.5)));
            }
            Adagrad.builder(0.1).build().step(store);
            // a = 0.1 + 0.25 = 0.35; w = 1 - 0.05 / sqrt(0.35) = 0.9154846
            assertThat(w.value().toDoubleVector()).containsExactly(new double[] {0.9154846, 0.9154846}, within(1e-6));
        }
    }

    @Test
    void badSettingsAreRejected() {
        assertThatThrownBy(() -> Sgd.builder(0).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("learning rate must be positive and finite, found 0.0");
        assertThatThrownBy(() -> Adagrad.builder(0.1).l2(-1).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("l2 must be >= 0 and finite, found -1.0");
        assertThatThrownBy(() -> Adam.builder(0.1).clipNorm(-1).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clipNorm");
        assertThatThrownBy(() -> Adam.builder(0.1).beta1(1).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("beta1");
        assertThatThrownBy(() -> Adagrad.builder(0.1).initialAccumulator(0).epsilon(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initialAccumulator");
    }
}
