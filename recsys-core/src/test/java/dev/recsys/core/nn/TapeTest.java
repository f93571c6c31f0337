package dev.recsys.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TapeTest {

    @Test
    void closeFreesWhatTheStepCreatedButNotParametersOrConstants() {
        try (ParameterStore store = new ParameterStore(3)) {
            DenseParameter w = store.dense("w", Initializer.uniform(1), 3, 2);
            INDArray input = Nd4j.rand(DataType.FLOAT, 4, 3);
            Variable hidden;
            Variable loss;
            try (Tape tape = new Tape()) {
                hidden = Ops.tanh(Ops.matmul(tape.constant(input), tape.parameter(w)));
                loss = Ops.sum(hidden);
                tape.backward(loss);
                assertThat(hidden.gradient()).isNotNull();
            }
            assertThat(hidden.value().wasClosed()).isTrue();
            assertThat(hidden.gradient().wasClosed()).isTrue();
            assertThat(loss.value().wasClosed()).isTrue();
            assertThat(input.wasClosed()).isFalse();
            assertThat(w.value().wasClosed()).isFalse();
            assertThat(w.gradient().wasClosed()).isFalse();
            assertThat(w.hasGradient()).isTrue();
        }
    }

    @Test
    void pooledScoreMatricesAreRecycledNotFreed() {
        INDArray q = Nd4j.rand(DataType.FLOAT, 3, 2);
        ArrayPool pool = new ArrayPool();
        INDArray first;
        try (Tape tape = new Tape(pool)) {
            first = Ops.dotScores(tape.constant(q), tape.constant(q)).value();
        }
        assertThat(first.wasClosed()).isFalse();
        assertThat(pool.size()).isEqualTo(1);
        try (Tape tape = new Tape(pool)) {
            Variable scores = Ops.dotScores(tape.constant(q), tape.constant(q));
            assertThat(scores.value()).isSameAs(first);
            // q·qᵀ computed by hand from the entries of q
            double expected = q.getDouble(1, 0) * q.getDouble(2, 0) + q.getDouble(1, 1) * q.getDouble(2, 1);
            assertThat(scores.value().getDouble(1, 2)).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-6));
        }
        pool.close();
        assertThat(first.wasClosed()).isTrue();
    }

    @Test
    void gradientsOfAParameterUsedTwiceAddUp() {
        try (ParameterStore store = new ParameterStore(3, DataType.DOUBLE)) {
            DenseParameter w = store.dense("w", Initializer.constant(3), 1, 1);
            try (Tape tape = new Tape()) {
                // loss = w * w, so dloss/dw = 2w = 6
                tape.backward(Ops.sum(Ops.mul(tape.parameter(w), tape.parameter(w))));
            }
            assertThat(w.gradient().getDouble(0)).isEqualTo(6.0);
        }
    }

    @Test
    void lifecycleMisuseIsReported() {
        Tape tape = new Tape();
        Variable loss = Ops.sum(Ops.scale(tape.constant(Nd4j.ones(2, 2)), 2));
        tape.backward(loss);
        assertThatThrownBy(() -> tape.backward(loss)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("backward already ran");
        tape.close();
        assertThatThrownBy(() -> tape.constant(Nd4j.ones(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tape is closed");
    }

    @Test
    void lossMustBeAScalarOfThisTape() {
        try (Tape tape = new Tape(); Tape other = new Tape()) {
            Variable matrix = tape.constant(Nd4j.ones(2, 2));
            assertThatThrownBy(() -> tape.backward(matrix)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("loss must be a scalar: expected 1 element, found 4");
            Variable foreign = other.constant(Nd4j.ones(1));
            assertThatThrownBy(() -> tape.backward(foreign)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("another tape");
        }
    }

    @Test
    void shapeErrorsNameBothShapes() {
        try (Tape tape = new Tape()) {
            Variable a = tape.constant(Nd4j.ones(2, 3));
            Variable b = tape.constant(Nd4j.ones(4, 3));
            assertThatThrownBy(() -> Ops.matmul(a, b)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("matmul inner dimension mismatch: left [2, 3], right [4, 3]");
            assertThatThrownBy(() -> Ops.dotScores(a, tape.constant(Nd4j.ones(2, 5))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("embedding dim mismatch: queries 3, candidates 5");
        }
    }
}
