package dev.recsys.models.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.core.nn.DenseParameter;
import dev.recsys.core.nn.GradientCheck;
import dev.recsys.core.nn.Initializer;
import dev.recsys.core.nn.ParameterStore;
import dev.recsys.core.nn.Tape;
import dev.recsys.core.nn.Variable;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The task's options on hand-derived cases. The plain 2×2 in-batch softmax and the removal of
 * accidental hits are derived in the engine's LossTest; these cover what the task adds.
 */
class RetrievalTest {

    @Test
    void temperatureDividesTheLogits() {
        // queries = candidates = I2, so scores = I2; temperature 0.5 gives logits 2·I2.
        // Each row: log(e^2 + e^0) - 2 = log(1 + e^-2) = 0.126928011; the mean is the same.
        double loss = loss(Retrieval.builder().temperature(0.5).build(), new double[][] {{1, 0}, {0, 1}},
                new double[][] {{1, 0}, {0, 1}}, new int[] {7, 8}, null);
        assertThat(loss).isCloseTo(0.1269280110429726, within(1e-9));
    }

    @Test
    void samplingCorrectionSubtractsLogQ() {
        // scores = I2, q = (0.5, 0.25): z = scores - log q = [[1.693, 1.386], [0.693, 2.386]].
        // Row 0: log(e^z00 + e^z01) - z00 = 0.551444714; row 1: log(e^z10 + e^z11) - z11 = 0.168847623.
        double loss = loss(Retrieval.builder().samplingCorrection(true).build(), new double[][] {{1, 0}, {0, 1}},
                new double[][] {{1, 0}, {0, 1}}, new int[] {7, 8}, new double[] {Math.log(0.5), Math.log(0.25)});
        assertThat(loss).isCloseTo(0.36014616871517835, within(1e-9));
    }

    @Test
    void hardNegativesKeepOnlyTheHighestScoringNegatives() {
        // queries = I3 and candidates = Sᵀ give scores S = [[3,1,2],[0,2,1],[1,0,1]]. With one hard
        // negative per row: row 0 keeps 2 (drops 1): log(e^3+e^2)-3 = log(1+e^-1); row 1 keeps 1:
        // log(e^2+e^1)-2 = log(1+e^-1); row 2 keeps the 1 of column 0: log(e^1+e^1)-1 = log 2.
        double[][] candidates = {{3, 0, 1}, {1, 2, 0}, {2, 1, 1}};
        double[][] identity = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        double loss = loss(Retrieval.builder().hardNegatives(1).build(), identity, candidates, new int[] {1, 2, 3}, null);
        assertThat(loss).isCloseTo((2 * Math.log(1 + Math.exp(-1)) + Math.log(2)) / 3, within(1e-9));
        // Without mining, row 0 also pays for column 1: the loss must be larger.
        assertThat(loss(Retrieval.defaults(), identity, candidates, new int[] {1, 2, 3}, null)).isGreaterThan(loss + 0.05);
    }

    @Test
    void fullSoftmaxScoresEveryCandidate() {
        // queries = I2 against three candidates (rows) c0 = (1,0), c1 = (0,1), c2 = (1,1):
        // scores [[1,0,1],[0,1,1]]; labels 0 and 2. Row 0: log(e + 1 + e) - 1 = log(2 + e^-1);
        // row 1: log(1 + e + e) - 1 = log(2 + e^-1) as well.
        try (Tape tape = new Tape();
             INDArray q = Nd4j.create(new double[][] {{1, 0}, {0, 1}});
             INDArray c = Nd4j.create(new double[][] {{1, 0}, {0, 1}, {1, 1}})) {
            Variable loss = Retrieval.defaults().fullLoss(tape, tape.constant(q), tape.constant(c), new int[] {0, 2});
            assertThat(loss.value().getDouble(0)).isCloseTo(Math.log(2 + Math.exp(-1)), within(1e-9));
        }
    }

    @Test
    void fullSoftmaxLossPassesTheGradientCheck() {
        try (ParameterStore store = new ParameterStore(7, DataType.DOUBLE)) {
            DenseParameter queries = store.dense("queries", Initializer.uniform(1), 4, 3);
            DenseParameter candidates = store.dense("candidates", Initializer.uniform(1), 6, 3);
            Retrieval task = Retrieval.builder().temperature(0.5).build();
            GradientCheck.Result result = GradientCheck.check(store, tape -> task.fullLoss(tape,
                    tape.parameter(queries), tape.parameter(candidates), new int[] {0, 5, 2, 2}));
            assertThat(result.elementsChecked()).isEqualTo(4 * 3 + 6 * 3);
            assertThat(result.maxRelativeError()).as(result.toString()).isLessThan(1e-6);
        }
    }

    @Test
    void badSettingsAreRejected() {
        assertThatThrownBy(() -> Retrieval.builder().temperature(0).build())
                .hasMessage("temperature must be positive and finite, found 0.0");
        assertThatThrownBy(() -> Retrieval.builder().hardNegatives(-2).build())
                .hasMessage("hardNegatives must be >= 0 (0 = all), found -2");
    }

    private static double loss(Retrieval task, double[][] queries, double[][] candidates, int[] ids, double[] logQ) {
        try (Tape tape = new Tape();
             INDArray q = Nd4j.create(queries).castTo(DataType.DOUBLE);
             INDArray c = Nd4j.create(candidates).castTo(DataType.DOUBLE)) {
            Variable loss = task.loss(tape, tape.constant(q), tape.constant(c), ids, logQ);
            return loss.value().getDouble(0);
        }
    }
}
