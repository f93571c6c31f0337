package dev.recsys.core.nn;

import static dev.recsys.core.nn.GradientCheckSupport.AWAY_FROM_ZERO;
import static dev.recsys.core.nn.GradientCheckSupport.doubleStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class GradientCheckTest {

    @Test
    void detectsAWrongBackwardPass() {
        try (ParameterStore store = doubleStore()) {
            DenseParameter x = store.dense("x", AWAY_FROM_ZERO, 2, 3);
            // y = x^2 recorded with the wrong derivative 3x (the right one is 2x).
            GradientCheck.Result result = GradientCheck.check(store, tape -> {
                Variable in = tape.parameter(x);
                Variable squared = tape.record(in.value().mul(in.value()),
                        g -> in.accumulate(tape.track(in.value().mul(3.0).muli(g)), true), in);
                return Ops.sum(squared);
            });
            // |3x - 2x| / (|3x| + |2x|) = 1/5 at every element.
            assertThat(result.maxRelativeError()).isCloseTo(0.2, org.assertj.core.api.Assertions.within(1e-6));
            assertThat(result.parameter()).isEqualTo("x");
            assertThat(result.elementsChecked()).isEqualTo(6);
        }
    }

    @Test
    void rejectsFloat32Stores() {
        try (ParameterStore store = new ParameterStore(1, DataType.FLOAT)) {
            assertThatThrownBy(() -> GradientCheck.check(store, tape -> null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("DOUBLE");
        }
    }
}
