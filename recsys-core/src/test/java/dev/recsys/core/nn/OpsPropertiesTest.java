package dev.recsys.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Invariants of the operations on random inputs. */
class OpsPropertiesTest {

    /**
     * Cross-entropy is non-negative, and each row of its logit gradient, (softmax - onehot) / B,
     * sums to zero because a softmax row sums to one.
     */
    @Property(tries = 40)
    void softmaxCrossEntropyIsNonNegativeWithZeroSumGradientRows(
            @ForAll @IntRange(min = 1, max = 6) int rows, @ForAll @IntRange(min = 1, max = 6) int columns,
            @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = random.nextInt(columns);
        }
        try (ParameterStore store = new ParameterStore(seed, DataType.DOUBLE)) {
            DenseParameter logits = store.dense("logits", Initializer.uniform(5), rows, columns);
            try (Tape tape = new Tape()) {
                Variable loss = Ops.softmaxCrossEntropy(tape.parameter(logits), labels);
                tape.backward(loss);
                assertThat(loss.value().getDouble(0)).isGreaterThanOrEqualTo(0.0);
            }
            for (double rowSum : logits.gradient().sum(1).toDoubleVector()) {
                assertThat(rowSum).isCloseTo(0.0, within(1e-12));
            }
        }
    }

    @Property(tries = 40)
    void l2NormalizeGivesUnitRows(@ForAll @IntRange(min = 1, max = 5) int rows,
            @ForAll @IntRange(min = 1, max = 8) int columns, @ForAll long seed) {
        INDArray x = GradientCheckSupport.randomArray(seed, rows, columns);
        try (Tape tape = new Tape()) {
            INDArray y = Ops.l2Normalize(tape.constant(x)).value();
            INDArray norms = y.norm2(1);
            for (double norm : norms.toDoubleVector()) {
                // The 1e-12 added under the root shifts a norm by about 0.5e-12 / |x|^2.
                assertThat(norm).isCloseTo(1.0, within(1e-6));
            }
        }
    }

    /**
     * The sparse gradient of a lookup holds, summed over its touched rows, exactly the sum of
     * the gradient rows that reached the lookup's output, and one row per distinct id.
     */
    @Property(tries = 40)
    void lookupGradientKeepsEveryContribution(@ForAll @IntRange(min = 1, max = 12) int count, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] ids = new int[count];
        for (int i = 0; i < count; i++) {
            ids[i] = random.nextInt(5);
        }
        INDArray weights = GradientCheckSupport.randomArray(seed, count, 3);
        try (ParameterStore store = new ParameterStore(seed, DataType.DOUBLE)) {
            EmbeddingTable table = store.embedding("t", 5, 3, Initializer.uniform(1));
            try (Tape tape = new Tape()) {
                tape.backward(Ops.sum(Ops.mul(Ops.lookup(tape, table, ids), tape.constant(weights))));
            }
            EmbeddingTable.SparseGradient gradient = table.gradient();
            assertThat(gradient.rows()).doesNotHaveDuplicates().hasSize((int) java.util.Arrays.stream(ids).distinct().count());
            double[] expected = weights.sum(0).toDoubleVector();
            for (int k = 0; k < 3; k++) {
                double total = 0;
                for (int slot = 0; slot < gradient.rows().length; slot++) {
                    total += gradient.values()[slot * 3 + k];
                }
                assertThat(total).isCloseTo(expected[k], within(1e-12));
            }
        }
    }
}
