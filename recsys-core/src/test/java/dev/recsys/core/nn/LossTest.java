package dev.recsys.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Loss values and gradients derived by hand. */
class LossTest {

    /**
     * Queries q0 = [1, 0], q1 = [0, 1]; candidates c0 = [2, 0], c1 = [0, 1]. Scores q·cᵀ =
     * [[2, 0], [0, 1]], labels on the diagonal.
     *
     * <pre>
     * row 0: logsumexp(2, 0) - 2 = log(1 + e^-2) = log(1.1353353) = 0.1269280
     * row 1: logsumexp(0, 1) - 1 = log(1 + e^-1) = log(1.3678794) = 0.3132617
     * loss  = (0.1269280 + 0.3132617) / 2 = 0.2200948
     * softmax row 0 = [1/(1+e^-2), e^-2/(1+e^-2)] = [0.8807971, 0.1192029]
     * softmax row 1 = [1/(1+e),    e/(1+e)]       = [0.2689414, 0.7310586]
     * dL/dscores = (softmax - I) / 2 = [[-0.0596015, 0.0596015], [0.1344707, -0.1344707]]
     * dL/dq0 = sum_j dS[0,j] c_j = -0.0596015 * [2, 0] + 0.0596015 * [0, 1] = [-0.1192029, 0.0596015]
     * dL/dc1 = sum_i dS[i,1] q_i = 0.0596015 * [1, 0] - 0.1344707 * [0, 1] = [0.0596015, -0.1344707]
     * </pre>
     */
    @Test
    void inBatchSoftmaxTwoByTwo() {
        try (ParameterStore store = new ParameterStore(1, DataType.DOUBLE)) {
            DenseParameter q = store.dense("q", Initializer.zeros(), 2, 2);
            DenseParameter c = store.dense("c", Initializer.zeros(), 2, 2);
            q.value().assign(Nd4j.create(new double[][] {{1, 0}, {0, 1}}));
            c.value().assign(Nd4j.create(new double[][] {{2, 0}, {0, 1}}));
            try (Tape tape = new Tape()) {
                Variable scores = Ops.dotScores(tape.parameter(q), tape.parameter(c));
                Variable loss = Ops.softmaxCrossEntropy(scores, new int[] {0, 1});
                tape.backward(loss);
                assertThat(loss.value().getDouble(0)).isCloseTo(0.2200948, within(1e-7));
                assertThat(scores.gradient().toDoubleMatrix()[0]).containsExactly(new double[] {-0.0596015, 0.0596015}, within(1e-7));
                assertThat(scores.gradient().toDoubleMatrix()[1]).containsExactly(new double[] {0.1344707, -0.1344707}, within(1e-7));
            }
            assertThat(q.gradient().toDoubleMatrix()[0]).containsExactly(new double[] {-0.1192029, 0.0596015}, within(1e-7));
            assertThat(c.gradient().toDoubleMatrix()[1]).containsExactly(new double[] {0.0596015, -0.1344707}, within(1e-7));
        }
    }

    /**
     * Same scores [[2, 0], [0, 1]] with column offsets [0, ln 2] (a logQ-style correction):
     *
     * <pre>
     * row 0: z = [2, ln 2]:     log(1 + e^(ln 2 - 2)) = log(1 + 2 e^-2)  = log(1.2706706) = 0.2395448
     * row 1: z = [0, 1 + ln 2]: log(1 + e^-(1 + ln 2)) = log(1 + e^-1/2) = log(1.1839397) = 0.1688476
     * loss = 0.2041962
     * </pre>
     */
    @Test
    void columnOffsetsShiftTheLogits() {
        INDArray scores = Nd4j.create(new double[][] {{2, 0}, {0, 1}});
        INDArray offsets = Nd4j.create(new double[][] {{0, Math.log(2)}});
        try (Tape tape = new Tape()) {
            Variable loss = Ops.softmaxCrossEntropy(tape.constant(scores), new int[] {0, 1}, offsets, null);
            assertThat(loss.value().getDouble(0)).isCloseTo(0.2041962, within(1e-7));
        }
    }

    /**
     * Both columns hold the same item: each row's only negative is an accidental hit, so it is
     * removed and each row's softmax is over its positive alone: loss log(1) = 0, gradient 0.
     * With distinct ids the loss is the plain 0.2200948 of the first test.
     */
    @Test
    void accidentalHitsAreRemoved() {
        INDArray scores = Nd4j.create(new double[][] {{2, 0}, {0, 1}});
        try (Tape tape = new Tape()) {
            Variable logits = tape.constant(scores);
            assertThat(Ops.softmaxCrossEntropy(logits, new int[] {0, 1}, null, new int[] {7, 7}).value().getDouble(0))
                    .isCloseTo(0.0, within(1e-12));
            assertThat(Ops.softmaxCrossEntropy(logits, new int[] {0, 1}, null, new int[] {7, 8}).value().getDouble(0))
                    .isCloseTo(0.2200948, within(1e-7));
        }
    }

    /** Caller's logits are untouched by the loss (it works on a copy). */
    @Test
    void lossDoesNotModifyItsInput() {
        INDArray scores = Nd4j.create(new double[][] {{2, 0}, {0, 1}});
        try (Tape tape = new Tape()) {
            Ops.softmaxCrossEntropy(tape.constant(scores), new int[] {0, 1}, null, new int[] {7, 7});
        }
        assertThat(scores.toDoubleMatrix()).isDeepEqualTo(new double[][] {{2, 0}, {0, 1}});
    }

    /** Predictions [3, 1], targets [4, 3]: errors -1 and -2, MSE (1 + 4) / 2 = 2.5, gradient 2e/n = [-1, -2]. */
    @Test
    void meanSquaredErrorByHand() {
        try (ParameterStore store = new ParameterStore(1, DataType.FLOAT)) {
            DenseParameter p = store.dense("p", Initializer.zeros(), 2, 1);
            p.value().assign(Nd4j.create(new float[][] {{3}, {1}}));
            try (Tape tape = new Tape()) {
                Variable loss = Ops.meanSquaredError(tape.parameter(p), Nd4j.create(new float[][] {{4}, {3}}));
                tape.backward(loss);
                assertThat(loss.value().getDouble(0)).isCloseTo(2.5, within(1e-6));
            }
            assertThat(p.gradient().toDoubleVector()).containsExactly(new double[] {-1, -2}, within(1e-6));
        }
    }

    @Test
    void badLabelsAreRejectedWithWhatWasFound() {
        try (Tape tape = new Tape()) {
            Variable logits = tape.constant(Nd4j.create(new double[][] {{2, 0}, {0, 1}}));
            assertThatThrownBy(() -> Ops.softmaxCrossEntropy(logits, new int[] {0}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("label count mismatch: logits have 2 rows, found 1 labels");
            assertThatThrownBy(() -> Ops.softmaxCrossEntropy(logits, new int[] {0, 2}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("label out of range: expected 0..1, found 2");
            assertThatThrownBy(() -> Ops.softmaxCrossEntropy(logits, new int[] {0, 1}, Nd4j.zeros(1, 3), null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("logit offsets shape mismatch");
        }
    }
}
