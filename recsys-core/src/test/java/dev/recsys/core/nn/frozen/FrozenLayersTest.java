package dev.recsys.core.nn.frozen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.core.nn.Activation;
import dev.recsys.core.nn.Dense;
import dev.recsys.core.nn.Gru;
import dev.recsys.core.nn.Mlp;
import dev.recsys.core.nn.Parameter;
import dev.recsys.core.nn.ParameterStore;
import dev.recsys.core.nn.Tape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Each frozen layer against its training twin on the tape, with random weights (biases too) and
 * odd sizes.
 *
 * <p>Tolerance: both sides compute in float32 but add the products in different orders (ND4J's
 * gemm vs the vector kernels) and the activations differ in their last bits (ND4J's float tanh
 * and sigmoid vs {@code Math}'s in double); with inputs and weights in [-1, 1] and at most a few
 * dozen products per output, {@code 1e-5 · (1 + |y|)} covers that with a wide margin and still
 * fails on any wrong index, missing bias or skipped activation.
 */
class FrozenLayersTest {

    private static final double TOLERANCE = 1e-5;
    private final SplittableRandom random = new SplittableRandom(7);

    @Test
    void denseMatchesTheTrainingLayerForEveryActivation() {
        for (Activation activation : Activation.values()) {
            try (ParameterStore store = new ParameterStore(3)) {
                Dense dense = Dense.builder("d", 7, 13).activation(activation).build(store);
                Weights weights = randomize(store);
                FrozenDense frozen = Dense.frozen(weights, "d", 7, 13, activation);
                float[] x = randoms(5 * 7);
                float[] expected;
                try (Tape tape = new Tape()) {
                    expected = dense.apply(tape, tape.input(x, DataType.FLOAT, 5, 7)).value().data().asFloat();
                }
                float[] y = new float[5 * 13];
                float[] one = new float[13];
                for (int row = 0; row < 5; row++) {
                    frozen.apply(x, row * 7, one);
                    System.arraycopy(one, 0, y, row * 13, 13);
                }
                assertClose(y, expected, activation.toString());
                assertThatThrownBy(() -> frozen.apply(x, 0, new float[14])).isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("output array must hold exactly 13 floats, found 14");
            }
        }
    }

    @Test
    void mlpMatchesTheTrainingMlp() {
        try (ParameterStore store = new ParameterStore(4)) {
            int[] hidden = {9, 5};
            Mlp mlp = new Mlp(store, "top", 11, hidden, 3);
            Weights weights = randomize(store);
            FrozenMlp frozen = Mlp.frozen(weights, "top", 11, hidden, 3);
            assertThat(frozen.inputDim()).isEqualTo(11);
            assertThat(frozen.outputDim()).isEqualTo(3);
            assertThat(frozen.depth()).isEqualTo(3);
            float[] x = randoms(4 * 11);
            float[] expected;
            try (Tape tape = new Tape()) {
                expected = mlp.apply(tape, tape.input(x, DataType.FLOAT, 4, 11)).value().data().asFloat();
            }
            float[] y = new float[4 * 3];
            float[][] workspace = frozen.newWorkspace();
            float[] one = new float[3];
            for (int row = 0; row < 4; row++) {
                frozen.apply(x, row * 11, one, workspace);
                System.arraycopy(one, 0, y, row * 3, 3);
            }
            assertClose(y, expected, "mlp");
            assertClose(frozen.apply(slice(x, 11, 11)), slice(expected, 3, 3), "mlp, one row");
        }
    }

    @Test
    void aSplitMlpEqualsTheMlpOnTheConcatenation() {
        for (int[] hidden : new int[][] {{}, {6}, {8, 4}}) {
            try (ParameterStore store = new ParameterStore(5)) {
                new Mlp(store, "head", 10, hidden, 1);
                FrozenMlp mlp = Mlp.frozen(randomize(store), "head", 10, hidden, 1);
                SplitMlp split = SplitMlp.of(mlp, 4);
                assertThat(split.leftWidth()).isEqualTo(4);
                assertThat(split.rightWidth()).isEqualTo(6);
                float[] a = randoms(5);
                float[][] workspace = split.newWorkspace();
                float[] left = new float[split.partWidth()];
                split.left(a, 1, left);
                for (int pair = 0; pair < 3; pair++) {
                    float[] b = randoms(6);
                    float[] right = new float[split.partWidth()];
                    split.right(b, 0, right);
                    float[] y = new float[1];
                    split.finish(left, right, y, workspace);
                    float[] both = new float[10];
                    System.arraycopy(a, 1, both, 0, 4);
                    System.arraycopy(b, 0, both, 4, 6);
                    assertClose(y, mlp.apply(both), "hidden " + hidden.length + ", pair " + pair);
                }
            }
        }
        try (ParameterStore store = new ParameterStore(5)) {
            new Mlp(store, "head", 10, new int[0], 1);
            FrozenMlp mlp = Mlp.frozen(store.weights(), "head", 10, new int[0], 1);
            assertThatThrownBy(() -> SplitMlp.of(mlp, 10)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("split point must lie inside the input width 10, found 10");
        }
    }

    @Test
    void gruMatchesTheTrainingGruWithPaddingAnywhere() {
        try (ParameterStore store = new ParameterStore(6)) {
            int batch = 4;
            int steps = 5;
            int in = 3;
            int hidden = 7;
            Gru gru = Gru.builder("g", in, hidden).build(store);
            FrozenGru frozen = Gru.frozen(randomize(store), "g", in, hidden);
            float[] x = randoms(batch * steps * in);
            float[] mask = {
                1, 1, 1, 1, 1,   // full
                1, 1, 0, 0, 0,   // padded at the end
                0, 1, 0, 1, 1,   // padding in between
                0, 0, 0, 0, 0};  // all padding: zeros
            float[] expected;
            try (Tape tape = new Tape()) {
                INDArray maskArray = tape.input(mask, DataType.FLOAT, batch, steps).value();
                expected = gru.apply(tape, tape.input(x, DataType.FLOAT, batch, steps, in), maskArray).value().data()
                        .asFloat();
            }
            float[] y = new float[batch * hidden];
            for (int row = 0; row < batch; row++) {
                frozen.encode(x, row * steps * in, mask, row * steps, steps, y, row * hidden);
            }
            assertClose(y, expected, "gru");
            assertThat(slice(y, 3 * hidden, hidden)).containsOnly(0f);
        }
    }

    @Test
    void weightsSayWhatIsMissingOrMisshapen() {
        Weights weights = Weights.builder().put("e", new float[6], 3, 2).build();
        assertThat(weights.names()).containsExactly("e");
        assertThat(weights.shape("e")).containsExactly(3, 2);
        assertThat(weights.valueCount()).isEqualTo(6);
        assertThatThrownBy(() -> FrozenEmbedding.of(weights, "e", 2, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameter 'e' has shape [3, 2], expected [2, 3]");
        assertThatThrownBy(() -> FrozenEmbedding.of(weights, "f", 3, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no parameter named 'f'; found [e]");
        assertThatThrownBy(() -> Weights.builder().put("e", new float[5], 3, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("parameter 'e' of shape [3, 2] needs 6 values, found 5");
        assertThatThrownBy(() -> Weights.builder().put("e", new float[0], 0))
                .hasMessage("parameter 'e' needs positive dimensions, found [0]");
        assertThatThrownBy(() -> Weights.builder().put("e", new float[1], 1).put("e", new float[1], 1))
                .hasMessage("duplicate parameter name 'e'");
    }

    @Test
    void anEmbeddingCopiesAndAddsRows() {
        Weights weights = Weights.builder().put("e", new float[] {1, 2, 3, 4, 5, 6}, 3, 2).build();
        FrozenEmbedding table = FrozenEmbedding.of(weights, "e", 3, 2);
        float[] out = new float[3];
        table.copyRow(1, out, 1);
        assertThat(out).containsExactly(0, 3, 4);
        table.addScaledRow(2, 0.5f, out, 1);
        // [3, 4] + 0.5 · [5, 6] = [5.5, 7]
        assertThat(out).containsExactly(0, 5.5f, 7f);
        // rows [1, 2], [3, 4], [5, 6]
        assertThat(table.get(2, 1)).isEqualTo(6f);
        assertThat(table.get(0, 0)).isEqualTo(1f);
        assertThatThrownBy(() -> table.get(0, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    /** Gives every parameter of the store random values in [-1, 1] and returns them. */
    private Weights randomize(ParameterStore store) {
        Weights.Builder builder = Weights.builder();
        for (Parameter parameter : store.parameters()) {
            builder.put(parameter.name(), randoms((int) parameter.size()), parameter.shape());
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

    private static float[] slice(float[] v, int from, int length) {
        return java.util.Arrays.copyOfRange(v, from, from + length);
    }

    private static void assertClose(float[] actual, float[] expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("%s [%d]", what, i)
                    .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(TOLERANCE * (1 + Math.abs(expected[i]))));
        }
    }
}
