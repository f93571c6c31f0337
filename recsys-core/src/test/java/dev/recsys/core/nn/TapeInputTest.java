package dev.recsys.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link Tape#input}: a constant the tape owns. */
class TapeInputTest {

    @Test
    void anInputIsAConstantThatTheTapeCloses() {
        INDArray features = Nd4j.create(new double[][] {{1, 2}, {3, 4}});
        Variable input;
        try (Tape tape = new Tape()) {
            input = tape.input(features);
            assertThat(input.requiresGradient()).isFalse();
            assertThat(input.value()).isSameAs(features);
        }
        assertThat(features.wasClosed()).isTrue();
    }

    @Test
    void aClosedTapeTakesNoInput() {
        Tape tape = new Tape();
        tape.close();
        assertThatThrownBy(() -> tape.input(Nd4j.zeros(1, 1))).isInstanceOf(IllegalStateException.class);
    }
}
