package dev.recsys.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Values (worked out by hand) and argument errors of the operations behind self-attention; their
 * gradients are checked in {@link OpsGradientTest}.
 */
class AttentionOpsTest {

    private static final double EXACT = 1e-12;

    @Test
    void batchMatmulWithEachTranspose() {
        // a = [[1, 2], [3, 4]], b = [[5, 6], [7, 8]] as one batch entry each.
        INDArray a = Nd4j.create(new double[] {1, 2, 3, 4}, new long[] {1, 2, 2}, DataType.DOUBLE);
        INDArray b = Nd4j.create(new double[] {5, 6, 7, 8}, new long[] {1, 2, 2}, DataType.DOUBLE);
        try (Tape tape = new Tape()) {
            Variable va = tape.constant(a);
            Variable vb = tape.constant(b);
            // a·b = [[1*5+2*7, 1*6+2*8], [3*5+4*7, 3*6+4*8]]
            assertThat(values(Ops.batchMatmul(va, vb, false, false))).containsExactly(19, 22, 43, 50);
            // a·bᵀ = [[1*5+2*6, 1*7+2*8], [3*5+4*6, 3*7+4*8]]
            assertThat(values(Ops.batchMatmul(va, vb, false, true))).containsExactly(17, 23, 39, 53);
            // aᵀ·b = [[1*5+3*7, 1*6+3*8], [2*5+4*7, 2*6+4*8]]
            assertThat(values(Ops.batchMatmul(va, vb, true, false))).containsExactly(26, 30, 38, 44);
            // aᵀ·bᵀ = (b·a)ᵀ, b·a = [[5*1+6*3, 5*2+6*4], [7*1+8*3, 7*2+8*4]] = [[23, 34], [31, 46]]
            assertThat(values(Ops.batchMatmul(va, vb, true, true))).containsExactly(23, 31, 34, 46);
        }
    }

    @Test
    void maskedSoftmaxKeepsOnlyUnmaskedEntriesAndZerosFullyMaskedRows() {
        double ln2 = Math.log(2);
        double ln3 = Math.log(3);
        INDArray scores = Nd4j.create(new double[][] {{0, ln2, 7}, {3, 1, 2}, {1e12, 0, ln3}});
        INDArray mask = Nd4j.create(new double[][] {{1, 1, 0}, {0, 0, 0}, {0, 1, 1}});
        try (Tape tape = new Tape()) {
            double[] p = values(Ops.maskedSoftmax(tape.constant(scores), mask));
            // Row 0: exp(0) = 1 and exp(ln 2) = 2 over a total of 3; the masked 7 takes no share.
            assertThat(p[0]).isCloseTo(1.0 / 3, within(EXACT));
            assertThat(p[1]).isCloseTo(2.0 / 3, within(EXACT));
            assertThat(p[2]).isZero();
            // Row 1 is fully masked: zeros, not NaN.
            assertThat(new double[] {p[3], p[4], p[5]}).containsExactly(0, 0, 0);
            // Row 2: a huge masked score does not disturb exp(0) = 1 and exp(ln 3) = 3 over 4.
            assertThat(p[6]).isZero();
            assertThat(p[7]).isCloseTo(0.25, within(EXACT));
            assertThat(p[8]).isCloseTo(0.75, within(EXACT));
        }
    }

    @Test
    void layerNormByHand() {
        // Row [1, 2, 3, 6]: mean 3, centered [-2, -1, 0, 3], variance (4 + 1 + 0 + 9) / 4 = 3.5;
        // with epsilon 0.5 the divisor is sqrt(4) = 2: normalized [-1, -0.5, 0, 1.5], then gain
        // [1, 2, 1, 1] and bias [0, 0, 1, 0] give [-1, -1, 1, 1.5]. The constant row [5, 5, 5, 5]
        // normalizes to zeros, leaving the bias.
        INDArray x = Nd4j.create(new double[][] {{1, 2, 3, 6}, {5, 5, 5, 5}});
        INDArray gain = Nd4j.create(new double[][] {{1, 2, 1, 1}});
        INDArray bias = Nd4j.create(new double[][] {{0, 0, 1, 0}});
        try (Tape tape = new Tape()) {
            double[] y = values(Ops.layerNorm(tape.constant(x), tape.constant(gain), tape.constant(bias), 0.5));
            assertThat(y).containsExactly(new double[] {-1, -1, 1, 1.5, 0, 0, 1, 0}, within(EXACT));
            double[] defaultEpsilon = values(Ops.layerNorm(tape.constant(x), tape.constant(gain), tape.constant(bias)));
            // 1e-5 beside a variance of 3.5 moves the first element by about 1e-5 / (2 * 3.5) relative.
            assertThat(defaultEpsilon[0]).isCloseTo(-2 / Math.sqrt(3.5 + 1e-5), within(EXACT));
            assertThat(defaultEpsilon[4]).isZero();
        }
    }

    @Test
    void dropoutScalesTheKeptElements() {
        INDArray x = Nd4j.create(new double[][] {{2, 4}, {6, 8}});
        INDArray keep = Nd4j.create(new float[][] {{1, 0}, {0, 1}});
        try (Tape tape = new Tape()) {
            // Kept elements are divided by 1 - 0.5.
            assertThat(values(Ops.dropout(tape.constant(x), keep, 0.5))).containsExactly(4, 0, 0, 16);
            assertThat(values(Ops.dropout(tape.constant(x), Nd4j.ones(DataType.DOUBLE, 2, 2), 0.0))).containsExactly(2, 4, 6, 8);
        }
    }

    @Test
    void addPositionalAlignsTheTableAtTheEnd() {
        INDArray x = Nd4j.zeros(DataType.DOUBLE, 2, 2, 3);
        INDArray positions = Nd4j.create(new double[][] {{1, 1, 1}, {2, 2, 2}, {3, 3, 3}});
        try (Tape tape = new Tape()) {
            // T = 2 of P = 3 rows: steps 0 and 1 take rows 1 and 2.
            assertThat(values(Ops.addPositional(tape.constant(x), tape.constant(positions))))
                    .containsExactly(2, 2, 2, 3, 3, 3, 2, 2, 2, 3, 3, 3);
        }
    }

    @Test
    void permuteSelectStepAndMaskSteps() {
        // x[b, t, d] = 100 b + 10 t + d
        double[] data = new double[2 * 3 * 2];
        for (int i = 0; i < data.length; i++) {
            data[i] = 100 * (i / 6) + 10 * (i / 2 % 3) + i % 2;
        }
        INDArray x = Nd4j.create(data, new long[] {2, 3, 2}, DataType.DOUBLE);
        try (Tape tape = new Tape()) {
            Variable v = tape.constant(x);
            assertThat(Ops.permute(v, 1, 0, 2).value().getDouble(2, 1, 0)).isEqualTo(120);
            assertThat(values(Ops.selectStep(v, 2))).containsExactly(20, 21, 120, 121);
            INDArray mask = Nd4j.create(new double[][] {{0, 1, 1}, {0, 0, 1}});
            assertThat(values(Ops.maskSteps(v, mask))).containsExactly(0, 0, 10, 11, 20, 21, 0, 0, 0, 0, 120, 121);
        }
        assertThat(x.getDouble(0, 0, 1)).as("inputs are not modified").isEqualTo(1);
    }

    @Test
    void shapeErrorsSayWhatWasExpectedAndFound() {
        try (Tape tape = new Tape()) {
            Variable x = tape.constant(Nd4j.ones(DataType.DOUBLE, 2, 3, 4));
            Variable matrix = tape.constant(Nd4j.ones(DataType.DOUBLE, 3, 4));
            Variable wrongInner = tape.constant(Nd4j.ones(DataType.DOUBLE, 2, 5, 4));
            assertThatThrownBy(() -> Ops.batchMatmul(x, wrongInner, false, false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("batchMatmul shape mismatch: expected equal batch and inner dimension, found left "
                            + "[2, 3, 4], right [2, 5, 4]");
            assertThatThrownBy(() -> Ops.batchMatmul(x, wrongInner, true, true))
                    .hasMessage("batchMatmul shape mismatch: expected equal batch and inner dimension, found left "
                            + "[2, 3, 4] (transposed), right [2, 5, 4] (transposed)");
            assertThatThrownBy(() -> Ops.batchMatmul(matrix, x, false, false))
                    .hasMessage("batchMatmul left operand must have rank 3, found shape [3, 4]");
            assertThatThrownBy(() -> Ops.maskedSoftmax(matrix, Nd4j.ones(4, 3)))
                    .hasMessage("maskedSoftmax mask shape mismatch: expected [3, 4], found [4, 3]");
            assertThatThrownBy(() -> Ops.maskedSoftmax(tape.constant(Nd4j.ones(DataType.DOUBLE, 4)), Nd4j.ones(4)))
                    .hasMessage("maskedSoftmax scores must have rank at least 2, found shape [4]");
            Variable gain = tape.constant(Nd4j.ones(DataType.DOUBLE, 1, 4));
            Variable shortGain = tape.constant(Nd4j.ones(DataType.DOUBLE, 1, 3));
            assertThatThrownBy(() -> Ops.layerNorm(x, shortGain, gain))
                    .hasMessage("layerNorm gain shape mismatch: expected [1, 4], found [1, 3]");
            assertThatThrownBy(() -> Ops.layerNorm(x, gain, shortGain))
                    .hasMessage("layerNorm bias shape mismatch: expected [1, 4], found [1, 3]");
            assertThatThrownBy(() -> Ops.layerNorm(x, gain, gain, 0.0))
                    .hasMessage("layerNorm epsilon must be positive and finite, found 0.0");
            assertThatThrownBy(() -> Ops.dropout(x, Nd4j.ones(2, 3, 4), 1.0))
                    .hasMessage("dropout rate must be in [0, 1), found 1.0");
            assertThatThrownBy(() -> Ops.dropout(x, Nd4j.ones(2, 3), 0.5))
                    .hasMessage("dropout keep mask shape mismatch: expected [2, 3, 4], found [2, 3]");
            assertThatThrownBy(() -> Ops.addPositional(x, tape.constant(Nd4j.ones(DataType.DOUBLE, 2, 4))))
                    .hasMessage("addPositional table shape mismatch: expected [P >= 3, 4] for input [2, 3, 4], found [2, 4]");
            assertThatThrownBy(() -> Ops.permute(x, 0, 0, 1))
                    .hasMessage("permute axes must be a permutation of 0..2 for shape [2, 3, 4], found [0, 0, 1]");
            assertThatThrownBy(() -> Ops.permute(x, 0, 1))
                    .hasMessage("permute axes must be a permutation of 0..2 for shape [2, 3, 4], found [0, 1]");
            assertThatThrownBy(() -> Ops.selectStep(x, 3))
                    .hasMessage("selectStep step out of range: expected 0..2, found 3");
            assertThatThrownBy(() -> Ops.maskSteps(x, Nd4j.ones(3, 2)))
                    .hasMessage("maskSteps mask shape mismatch: expected [2, 3], found [3, 2]");
        }
    }

    private static double[] values(Variable v) {
        return v.value().dup('c').data().asDouble();
    }
}
