package dev.recsys.core.nn;

import static dev.recsys.core.nn.GradientCheckSupport.AWAY_FROM_ZERO;
import static dev.recsys.core.nn.GradientCheckSupport.assertGradientsMatch;
import static dev.recsys.core.nn.GradientCheckSupport.doubleStore;
import static dev.recsys.core.nn.GradientCheckSupport.randomArray;
import static dev.recsys.core.nn.GradientCheckSupport.weightedSum;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Finite-difference gradient checks, in float64, of every operation. */
class OpsGradientTest {

    @Test
    void matmul() {
        try (ParameterStore store = doubleStore()) {
            DenseParameter a = store.dense("a", AWAY_FROM_ZERO, 3, 4);
            DenseParameter b = store.dense("b", AWAY_FROM_ZERO, 4, 2);
            assertGradientsMatch(store, tape -> weightedSum(tape, Ops.matmul(tape.parameter(a), tape.parameter(b))));
        }
    }

    @Test
    void addBias() {
        try (ParameterStore store = doubleStore()) {
            DenseParameter x = store.dense("x", AWAY_FROM_ZERO, 3, 4);
            DenseParameter b = store.dense("b", AWAY_FROM_ZERO, 1, 4);
            assertGradientsMatch(store, tape -> weightedSum(tape, Ops.addBias(tape.parameter(x), tape.parameter(b))));
        }
    }

    @Test
    void relu() {
        checkUnary(Ops::relu);
    }

    @Test
    void tanh() {
        checkUnary(Ops::tanh);
    }

    @Test
    void sigmoid() {
        checkUnary(Ops::sigmoid);
    }

    @Test
    void scale() {
        checkUnary(x -> Ops.scale(x, -2.5));
    }

    @Test
    void reshape() {
        checkUnary(x -> Ops.reshape(x, 2, 6));
    }

    @Test
    void addAndMulShareAnInput() {
        try (ParameterStore store = doubleStore()) {
            DenseParameter a = store.dense("a", AWAY_FROM_ZERO, 3, 4);
            DenseParameter b = store.dense("b", AWAY_FROM_ZERO, 3, 4);
            assertGradientsMatch(store, tape -> {
                Variable va = Ops.tanh(tape.parameter(a));
                return weightedSum(tape, Ops.add(Ops.mul(va, tape.parameter(b)), va));
            });
        }
    }

    @Test
    void concat() {
        try (ParameterStore store = doubleStore()) {
            DenseParameter a = store.dense("a", AWAY_FROM_ZERO, 3, 2);
            DenseParameter b = store.dense("b", AWAY_FROM_ZERO, 3, 4);
            DenseParameter c = store.dense("c", AWAY_FROM_ZERO, 3, 1);
            assertGradientsMatch(store, tape -> weightedSum(tape,
                    Ops.concat(tape.parameter(a), tape.parameter(b), tape.parameter(c))));
        }
    }

    @Test
    void lookupWithRepeatedIdsKeepsGradientSparse() {
        try (ParameterStore store = doubleStore()) {
            EmbeddingTable table = store.embedding("table", 6, 3, AWAY_FROM_ZERO);
            int[] ids = {1, 3, 1, 0, 1};
            assertGradientsMatch(store, tape -> weightedSum(tape, Ops.tanh(Ops.lookup(tape, table, ids))));

            try (Tape tape = new Tape()) {
                tape.backward(weightedSum(tape, Ops.lookup(tape, table, ids)));
            }
            // Rows 2, 4 and 5 were never looked up, so they carry no gradient at all.
            assertThat(table.gradient().rows()).containsExactly(1, 3, 0);
            assertThat(table.gradient().values()).hasSize(9);
        }
    }

    @Test
    void maskedMeanPoolIncludingAFullyPaddedRow() {
        INDArray mask = Nd4j.create(new double[][] {{1, 1, 0, 0}, {1, 1, 1, 1}, {0, 0, 0, 0}});
        try (ParameterStore store = doubleStore()) {
            DenseParameter x = store.dense("x", AWAY_FROM_ZERO, 3, 4, 2);
            assertGradientsMatch(store, tape -> weightedSum(tape, Ops.maskedMeanPool(tape.parameter(x), mask)));
        }
    }

    @Test
    void maskedMeanPoolAcceptsAFloatMaskOnDoubleInputs() {
        INDArray mask = Nd4j.create(new float[][] {{1, 0, 1}});
        try (ParameterStore store = doubleStore()) {
            DenseParameter x = store.dense("x", AWAY_FROM_ZERO, 1, 3, 2);
            assertGradientsMatch(store, tape -> weightedSum(tape, Ops.maskedMeanPool(tape.parameter(x), mask)));
        }
    }

    @Test
    void maskedMeanPoolWithWeightsIsAWeightedMean() {
        // weights 0.2 and 0.6 (sum 0.8 < 1, once clamped to 1): rows x = [1, 2] and [3, 4] pool to
        // (0.2·[1, 2] + 0.6·[3, 4]) / 0.8 = [2.5, 3.5]
        INDArray mask = Nd4j.create(new double[][] {{0.2, 0.6}});
        try (ParameterStore store = doubleStore(); Tape tape = new Tape()) {
            INDArray x = Nd4j.create(new double[] {1, 2, 3, 4}, new long[] {1, 2, 2}, 'c');
            assertThat(Ops.maskedMeanPool(tape.constant(x), mask).value().toDoubleVector())
                    .containsExactly(new double[] {2.5, 3.5}, org.assertj.core.api.Assertions.within(1e-12));
            DenseParameter p = store.dense("x", AWAY_FROM_ZERO, 2, 3, 2);
            INDArray weights = Nd4j.create(new double[][] {{0.1, 0.3, 0}, {0.5, 0, 0.25}});
            assertGradientsMatch(store, t -> weightedSum(t, Ops.maskedMeanPool(t.parameter(p), weights)));
        }
    }

    @Test
    void gruOverAShortMaskedSequence() {
        // Row 0: two tokens then padding; row 1: padding in the middle; row 2: fully padded.
        INDArray mask = Nd4j.create(new double[][] {{1, 1, 0}, {1, 0, 1}, {0, 0, 0}});
        try (ParameterStore store = doubleStore()) {
            Gru gru = Gru.builder("gru", 2, 3).build(store);
            DenseParameter x = store.dense("x", AWAY_FROM_ZERO, 3, 3, 2);
            // Zero biases would hide bias-gradient mistakes behind symmetric values: randomize them.
            store.get("gru/bias").value().assign(randomArray(3, 1, 9));
            store.get("gru/recurrentBias").value().assign(randomArray(4, 1, 9));
            assertGradientsMatch(store, tape -> weightedSum(tape, gru.apply(tape, tape.parameter(x), mask)));
        }
    }

    @Test
    void l2Normalize() {
        checkUnary(Ops::l2Normalize);
    }

    @Test
    void dotScores() {
        try (ParameterStore store = doubleStore()) {
            DenseParameter q = store.dense("q", AWAY_FROM_ZERO, 3, 4);
            DenseParameter c = store.dense("c", AWAY_FROM_ZERO, 5, 4);
            assertGradientsMatch(store, tape -> weightedSum(tape, Ops.dotScores(tape.parameter(q), tape.parameter(c))));
        }
    }

    @Test
    void rowDot() {
        try (ParameterStore store = doubleStore()) {
            DenseParameter a = store.dense("a", AWAY_FROM_ZERO, 3, 4);
            DenseParameter b = store.dense("b", AWAY_FROM_ZERO, 3, 4);
            assertGradientsMatch(store, tape -> weightedSum(tape, Ops.rowDot(tape.parameter(a), tape.parameter(b))));
        }
    }

    @Test
    void softmaxCrossEntropy() {
        try (ParameterStore store = doubleStore()) {
            DenseParameter logits = store.dense("logits", AWAY_FROM_ZERO, 4, 5);
            assertGradientsMatch(store, tape -> Ops.softmaxCrossEntropy(tape.parameter(logits), new int[] {0, 1, 4, 1}));
        }
    }

    @Test
    void softmaxCrossEntropyWithColumnOffsets() {
        INDArray logQ = randomArray(5, 1, 4);
        try (ParameterStore store = doubleStore()) {
            DenseParameter logits = store.dense("logits", AWAY_FROM_ZERO, 4, 4);
            assertGradientsMatch(store, tape -> Ops.softmaxCrossEntropy(
                    tape.parameter(logits), new int[] {0, 1, 2, 3}, logQ, null));
        }
    }

    @Test
    void softmaxCrossEntropyWithFullOffsetsAndAccidentalHits() {
        INDArray offsets = randomArray(6, 4, 4);
        int[] columnIds = {10, 11, 10, 12}; // columns 0 and 2 hold the same item
        try (ParameterStore store = doubleStore()) {
            DenseParameter logits = store.dense("logits", AWAY_FROM_ZERO, 4, 4);
            assertGradientsMatch(store, tape -> Ops.softmaxCrossEntropy(
                    tape.parameter(logits), new int[] {0, 1, 2, 3}, offsets, columnIds));
        }
    }

    @Test
    void meanSquaredError() {
        INDArray targets = randomArray(8, 4, 1);
        try (ParameterStore store = doubleStore()) {
            DenseParameter predictions = store.dense("p", AWAY_FROM_ZERO, 4, 1);
            assertGradientsMatch(store, tape -> Ops.meanSquaredError(tape.parameter(predictions), targets));
        }
    }

    @Test
    void meanSquaredErrorAcceptsFloatTargets() {
        INDArray targets = randomArray(8, 4, 1).castTo(DataType.FLOAT);
        try (ParameterStore store = doubleStore()) {
            DenseParameter predictions = store.dense("p", AWAY_FROM_ZERO, 4, 1);
            assertGradientsMatch(store, tape -> Ops.meanSquaredError(tape.parameter(predictions), targets));
        }
    }

    @Test
    void denseLayers() {
        try (ParameterStore store = doubleStore()) {
            DenseParameter x = store.dense("x", AWAY_FROM_ZERO, 4, 3);
            Dense hidden = Dense.builder("hidden", 3, 5).activation(Activation.TANH).build(store);
            Dense sig = Dense.builder("sig", 5, 2).activation(Activation.SIGMOID).build(store);
            store.get("hidden/bias").value().assign(randomArray(2, 1, 5));
            assertGradientsMatch(store, tape -> weightedSum(tape,
                    sig.apply(tape, hidden.apply(tape, tape.parameter(x)))));
        }
    }

    @ParameterizedTest(name = "transposeA {0}, transposeB {1}")
    @CsvSource({"false, false", "false, true", "true, false", "true, true"})
    void batchMatmul(boolean transposeA, boolean transposeB) {
        try (ParameterStore store = doubleStore()) {
            // op(a) is [2, 3, 4] and op(b) is [2, 4, 5] in every case.
            DenseParameter a = store.dense("a", AWAY_FROM_ZERO, transposeA ? new long[] {2, 4, 3} : new long[] {2, 3, 4});
            DenseParameter b = store.dense("b", AWAY_FROM_ZERO, transposeB ? new long[] {2, 5, 4} : new long[] {2, 4, 5});
            assertGradientsMatch(store, tape -> weightedSum(tape,
                    Ops.batchMatmul(tape.parameter(a), tape.parameter(b), transposeA, transposeB)));
        }
    }

    @Test
    void maskedSoftmaxWithCausalPaddingAndFullyMaskedRows() {
        // Sequence 0 is left-padded by one step: its query 0 sees no key (a fully masked row).
        // Sequence 1 has no padding (causal rows only); sequence 2 is all padding.
        INDArray mask = Nd4j.create(new double[][][] {
                {{0, 0, 0}, {0, 1, 0}, {0, 1, 1}},
                {{1, 0, 0}, {1, 1, 0}, {1, 1, 1}},
                {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}}});
        try (ParameterStore store = doubleStore()) {
            DenseParameter scores = store.dense("scores", AWAY_FROM_ZERO, 3, 3, 3);
            assertGradientsMatch(store, tape -> weightedSum(tape, Ops.maskedSoftmax(tape.parameter(scores), mask)));
        }
    }

    @Test
    void maskedSoftmaxOfARankTwoInputWithAFloatMask() {
        INDArray mask = Nd4j.create(new float[][] {{1, 1, 0, 1}, {0, 0, 0, 0}, {1, 1, 1, 1}});
        try (ParameterStore store = doubleStore()) {
            DenseParameter scores = store.dense("scores", AWAY_FROM_ZERO, 3, 4);
            assertGradientsMatch(store, tape -> weightedSum(tape, Ops.maskedSoftmax(tape.parameter(scores), mask)));
        }
    }

    @Test
    void layerNormOfASequenceBatch() {
        try (ParameterStore store = doubleStore()) {
            DenseParameter x = store.dense("x", AWAY_FROM_ZERO, 2, 3, 4);
            DenseParameter gain = store.dense("gain", AWAY_FROM_ZERO, 1, 4);
            DenseParameter bias = store.dense("bias", AWAY_FROM_ZERO, 1, 4);
            assertGradientsMatch(store, tape -> weightedSum(tape,
                    Ops.layerNorm(tape.parameter(x), tape.parameter(gain), tape.parameter(bias))));
        }
    }

    @Test
    void layerNormOfRowsWithALargeEpsilon() {
        try (ParameterStore store = doubleStore()) {
            DenseParameter x = store.dense("x", AWAY_FROM_ZERO, 3, 5);
            DenseParameter gain = store.dense("gain", AWAY_FROM_ZERO, 1, 5);
            DenseParameter bias = store.dense("bias", AWAY_FROM_ZERO, 1, 5);
            assertGradientsMatch(store, tape -> weightedSum(tape,
                    Ops.layerNorm(tape.parameter(x), tape.parameter(gain), tape.parameter(bias), 0.5)));
        }
    }

    @Test
    void dropoutWithAFixedMask() {
        INDArray keep = Nd4j.create(new double[][] {{1, 0, 1, 1}, {0, 1, 1, 0}, {1, 1, 0, 1}});
        checkUnary(x -> Ops.dropout(x, keep, 0.25));
    }

    @Test
    void addPositionalFromALongerTable() {
        try (ParameterStore store = doubleStore()) {
            DenseParameter x = store.dense("x", AWAY_FROM_ZERO, 2, 3, 4);
            DenseParameter positions = store.dense("positions", AWAY_FROM_ZERO, 5, 4);
            assertGradientsMatch(store, tape -> weightedSum(tape,
                    Ops.addPositional(tape.parameter(x), tape.parameter(positions))));
            // Rows 0 and 1 are not used by sequences of length 3: no gradient reaches them.
            try (Tape tape = new Tape()) {
                tape.backward(weightedSum(tape, Ops.addPositional(tape.parameter(x), tape.parameter(positions))));
            }
            assertThat(positions.gradient().getRow(0).sumNumber().doubleValue()).isZero();
            assertThat(positions.gradient().getRow(1).sumNumber().doubleValue()).isZero();
            store.zeroGradients();
        }
    }

    @Test
    void addPositionalFromATableOfTheSequenceLength() {
        try (ParameterStore store = doubleStore()) {
            DenseParameter x = store.dense("x", AWAY_FROM_ZERO, 2, 3, 4);
            DenseParameter positions = store.dense("positions", AWAY_FROM_ZERO, 3, 4);
            assertGradientsMatch(store, tape -> weightedSum(tape,
                    Ops.addPositional(tape.parameter(x), tape.parameter(positions))));
        }
    }

    @Test
    void permuteThenReshapeSplitsHeads() {
        try (ParameterStore store = doubleStore()) {
            DenseParameter x = store.dense("x", AWAY_FROM_ZERO, 2, 3, 2, 2);
            assertGradientsMatch(store, tape -> weightedSum(tape,
                    Ops.reshape(Ops.tanh(Ops.permute(tape.parameter(x), 0, 2, 1, 3)), 4, 3, 2)));
        }
    }

    @Test
    void permuteOfARankThreeArray() {
        try (ParameterStore store = doubleStore()) {
            DenseParameter x = store.dense("x", AWAY_FROM_ZERO, 2, 3, 4);
            assertGradientsMatch(store, tape -> weightedSum(tape, Ops.permute(tape.parameter(x), 2, 0, 1)));
        }
    }

    @Test
    void selectStep() {
        try (ParameterStore store = doubleStore()) {
            DenseParameter x = store.dense("x", AWAY_FROM_ZERO, 2, 3, 4);
            assertGradientsMatch(store, tape -> weightedSum(tape, Ops.selectStep(tape.parameter(x), 2)));
        }
    }

    @Test
    void maskSteps() {
        INDArray mask = Nd4j.create(new float[][] {{0, 1, 1}, {1, 1, 1}, {0, 0, 0}});
        try (ParameterStore store = doubleStore()) {
            DenseParameter x = store.dense("x", AWAY_FROM_ZERO, 3, 3, 2);
            assertGradientsMatch(store, tape -> weightedSum(tape, Ops.maskSteps(tape.parameter(x), mask)));
        }
    }

    private static void checkUnary(java.util.function.UnaryOperator<Variable> op) {
        try (ParameterStore store = doubleStore()) {
            DenseParameter x = store.dense("x", AWAY_FROM_ZERO, 3, 4);
            assertGradientsMatch(store, tape -> weightedSum(tape, op.apply(tape.parameter(x))));
        }
    }
}
