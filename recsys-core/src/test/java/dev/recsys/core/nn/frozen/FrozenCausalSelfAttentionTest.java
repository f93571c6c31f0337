package dev.recsys.core.nn.frozen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.core.nn.CausalSelfAttention;
import dev.recsys.core.nn.Parameter;
import dev.recsys.core.nn.ParameterStore;
import dev.recsys.core.nn.Tape;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The frozen encoder against {@link CausalSelfAttention#applyLast} on the tape (no dropout), with
 * random weights, gains and biases.
 *
 * <p>Tolerance: both sides compute in float32 but sum in other orders (gemm vs the vector kernels,
 * ND4J's reductions vs double accumulators in the layer norms and the softmax); through two
 * layers of attention and four layer norms the outputs, of order 1, differed by at most 1.5e-6
 * when written; {@code 1e-4 · (1 + |y|)} leaves a wide margin and still fails on a wrong
 * position row, a missing mask or a skipped residual.
 */
class FrozenCausalSelfAttentionTest {

    private static final double TOLERANCE = 1e-4;
    private final SplittableRandom random = new SplittableRandom(5);

    @Test
    void matchesTheTrainingEncoderForLayersHeadsAndPaddings() {
        int dim = 8;
        int steps = 5;
        int[] lengths = {5, 3, 1, 0};
        for (int layers = 1; layers <= 2; layers++) {
            for (int heads : new int[] {1, 2, 4}) {
                try (ParameterStore store = new ParameterStore(3)) {
                    CausalSelfAttention attention = CausalSelfAttention.builder("h", dim, 7).layers(layers).heads(heads)
                            .build(store);
                    Weights weights = randomize(store);
                    FrozenCausalSelfAttention frozen = CausalSelfAttention.frozen(weights, "h", dim, 7, layers, heads);
                    assertThat(frozen.outputDim()).isEqualTo(dim);
                    assertThat(frozen.maxLength()).isEqualTo(7);
                    float[] x = randoms(lengths.length * steps * dim);
                    float[] mask = new float[lengths.length * steps];
                    for (int b = 0; b < lengths.length; b++) {
                        for (int t = steps - lengths[b]; t < steps; t++) {
                            mask[b * steps + t] = 1;
                        }
                    }
                    float[] expected;
                    try (Tape tape = new Tape()) {
                        expected = attention.applyLast(tape, tape.input(x, DataType.FLOAT, lengths.length, steps, dim),
                                tape.input(mask, DataType.FLOAT, lengths.length, steps).value(), false, null)
                                .value().data().asFloat();
                    }
                    float[] actual = new float[lengths.length * dim + 3];
                    for (int b = 0; b < lengths.length; b++) {
                        frozen.encodeLast(x, b * steps * dim, mask, b * steps, steps, actual, 3 + b * dim);
                    }
                    for (int i = 0; i < expected.length; i++) {
                        assertThat((double) actual[3 + i]).as("layers %d heads %d [%d]", layers, heads, i)
                                .isCloseTo(expected[i], Offset.offset(TOLERANCE * (1 + Math.abs(expected[i]))));
                    }
                    assertThat(java.util.Arrays.copyOfRange(actual, 3 + 3 * dim, 3 + 4 * dim)).as("no items")
                            .containsOnly(0f);
                }
            }
        }
    }

    @Test
    void errorsSayWhatWasExpectedAndFound() {
        try (ParameterStore store = new ParameterStore(3)) {
            CausalSelfAttention.builder("h", 4, 3).layers(1).build(store);
            Weights weights = store.weights();
            FrozenCausalSelfAttention frozen = CausalSelfAttention.frozen(weights, "h", 4, 3, 1, 1);
            float[] x = new float[16];
            assertThatThrownBy(() -> frozen.encodeLast(x, 0, new float[] {0, 1, 1, 1}, 0, 4, new float[4], 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("attention steps out of range: expected 1..3, found 4");
            assertThatThrownBy(() -> frozen.encodeLast(x, 0, new float[] {1, 0, 1}, 0, 3, new float[4], 0))
                    .hasMessage("attention mask must be 0 (padding) then 1 (items), left-padded; found [1.0, 0.0, 1.0]");
            assertThatThrownBy(() -> CausalSelfAttention.frozen(weights, "h", 4, 3, 2, 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no parameter named 'h/layer1/");
            assertThatThrownBy(() -> CausalSelfAttention.frozen(weights, "h", 4, 3, 1, 3))
                    .hasMessage("attention 'h' needs positive dim and maxLength, at least one layer and heads dividing dim;"
                            + " found dim 4, maxLength 3, layers 1, heads 3");
        }
    }

    private Weights randomize(ParameterStore store) {
        Weights.Builder builder = Weights.builder();
        for (Parameter parameter : store.parameters()) {
            float[] values = randoms((int) parameter.size());
            if (parameter.name().endsWith("/gain")) {
                for (int i = 0; i < values.length; i++) {
                    values[i] = 1 + 0.3f * values[i];
                }
            }
            builder.put(parameter.name(), values, parameter.shape());
        }
        store.restore(builder.build());
        return store.weights();
    }

    private float[] randoms(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }
}
