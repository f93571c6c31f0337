package dev.recsys.core.nn;

import static dev.recsys.core.nn.GradientCheckSupport.AWAY_FROM_ZERO;
import static dev.recsys.core.nn.GradientCheckSupport.assertGradientsMatch;
import static dev.recsys.core.nn.GradientCheckSupport.doubleStore;
import static dev.recsys.core.nn.GradientCheckSupport.randomArray;
import static dev.recsys.core.nn.GradientCheckSupport.weightedSum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.core.optim.Adam;
import dev.recsys.core.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Gradient checks, masking invariants, argument errors and a training smoke test of {@link CausalSelfAttention}. */
class CausalSelfAttentionTest {

    /** Outputs that must not move are compared to this (float64, identical arithmetic). */
    private static final double UNCHANGED = 1e-12;

    @Test
    void gradientsOfOneLayerTwoHeadsWithPaddingOfDifferentLengthsAndAnEmptySequence() {
        INDArray mask = leftPadded(3, 3, 2, 0);
        try (ParameterStore store = doubleStore()) {
            CausalSelfAttention attention = CausalSelfAttention.builder("att", 4, 4).layers(1).heads(2).build(store);
            DenseParameter x = store.dense("x", AWAY_FROM_ZERO, 3, 3, 4);
            randomizeNormsAndBiases(store);
            assertGradientsMatch(store, tape -> weightedSum(tape,
                    attention.apply(tape, tape.parameter(x), mask, false, null)));
        }
    }

    /**
     * Two layers through the last-position path (layer 0 over every position, layer 1 for the
     * last query only), with dropout at every site.
     */
    @Test
    void gradientsOfTheLastPositionWithTwoLayersTwoHeadsAndDropoutFromAFixedSeed() {
        INDArray mask = leftPadded(3, 3, 1);
        try (ParameterStore store = doubleStore()) {
            CausalSelfAttention attention = CausalSelfAttention.builder("att", 4, 5).layers(2).heads(2).dropout(0.3)
                    .build(store);
            DenseParameter x = store.dense("x", AWAY_FROM_ZERO, 2, 3, 4);
            randomizeNormsAndBiases(store);
            // A new generator with the same seed in every evaluation draws the same masks.
            assertGradientsMatch(store, tape -> weightedSum(tape,
                    attention.applyLast(tape, tape.parameter(x), mask, true, new SplittableRandom(42))));
        }
    }

    /**
     * Padding never reaches an item's output: with different values at the padded positions,
     * every item position gives the same output, padded positions give zeros, and no gradient
     * reaches the padded inputs.
     */
    @Property(tries = 15)
    void paddingDoesNotInfluenceItems(@ForAll @IntRange(min = 1, max = 4) int batch,
            @ForAll @IntRange(min = 1, max = 6) int steps, @ForAll @IntRange(min = 1, max = 2) int layers,
            @ForAll boolean twoHeads, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            lengths[b] = random.nextInt(steps + 1);
        }
        INDArray mask = leftPadded(steps, lengths);
        INDArray x = randomArray(seed, batch, steps, 4);
        INDArray other = x.dup();
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps - lengths[b]; t++) {
                for (int d = 0; d < 4; d++) {
                    other.putScalar(new long[] {b, t, d}, 10 * random.nextDouble(-1, 1));
                }
            }
        }
        try (ParameterStore store = new ParameterStore(seed, DataType.DOUBLE)) {
            CausalSelfAttention attention = CausalSelfAttention.builder("att", 4, 6).layers(layers)
                    .heads(twoHeads ? 2 : 1).build(store);
            randomizeNormsAndBiases(store);
            DenseParameter input = store.dense("x", Initializer.zeros(), batch, steps, 4);
            input.value().assign(x);
            INDArray y;
            try (Tape tape = new Tape()) {
                Variable output = attention.apply(tape, tape.parameter(input), mask, false, null);
                y = output.value().dup();
                tape.backward(weightedSum(tape, output));
            }
            INDArray yOther = forward(attention, other, mask, false, null);
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < steps; t++) {
                    INDArray row = y.get(NDArrayIndex.point(b), NDArrayIndex.point(t), NDArrayIndex.all());
                    INDArray rowOther = yOther.get(NDArrayIndex.point(b), NDArrayIndex.point(t), NDArrayIndex.all());
                    INDArray gradient = input.gradient().get(NDArrayIndex.point(b), NDArrayIndex.point(t), NDArrayIndex.all());
                    if (t < steps - lengths[b]) {
                        assertThat(row.amaxNumber().doubleValue()).as("padded output %d %d", b, t).isZero();
                        assertThat(rowOther.amaxNumber().doubleValue()).as("padded output %d %d", b, t).isZero();
                        assertThat(gradient.amaxNumber().doubleValue()).as("padded input gradient %d %d", b, t).isZero();
                    } else {
                        assertThat(rowOther.sub(row).amaxNumber().doubleValue()).as("item output %d %d", b, t)
                                .isLessThan(UNCHANGED);
                    }
                }
            }
            y.close();
            yOther.close();
        }
    }

    /** Causality: changing the item at one position leaves every earlier output unchanged. */
    @Property(tries = 15)
    void laterItemsDoNotChangeEarlierOutputs(@ForAll @IntRange(min = 2, max = 6) int steps,
            @ForAll @IntRange(min = 1, max = 2) int layers, @ForAll boolean twoHeads, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int changed = 1 + random.nextInt(steps - 1);
        INDArray mask = leftPadded(steps, steps, steps - 1);
        INDArray x = randomArray(seed, 2, steps, 4);
        INDArray other = x.dup();
        for (int d = 0; d < 4; d++) {
            other.putScalar(new long[] {0, changed, d}, random.nextDouble(-1, 1));
            other.putScalar(new long[] {1, changed, d}, random.nextDouble(-1, 1));
        }
        try (ParameterStore store = new ParameterStore(seed, DataType.DOUBLE)) {
            CausalSelfAttention attention = CausalSelfAttention.builder("att", 4, 6).layers(layers)
                    .heads(twoHeads ? 2 : 1).build(store);
            randomizeNormsAndBiases(store);
            INDArray y = forward(attention, x, mask, false, null);
            INDArray yOther = forward(attention, other, mask, false, null);
            INDArray before = y.get(NDArrayIndex.all(), NDArrayIndex.interval(0, changed), NDArrayIndex.all());
            INDArray beforeOther = yOther.get(NDArrayIndex.all(), NDArrayIndex.interval(0, changed), NDArrayIndex.all());
            assertThat(beforeOther.sub(before).amaxNumber().doubleValue()).isLessThan(UNCHANGED);
            INDArray at = y.get(NDArrayIndex.point(0), NDArrayIndex.point(changed), NDArrayIndex.all());
            INDArray atOther = yOther.get(NDArrayIndex.point(0), NDArrayIndex.point(changed), NDArrayIndex.all());
            assertThat(atOther.sub(at).amaxNumber().doubleValue()).as("the changed position itself").isGreaterThan(1e-6);
            y.close();
            yOther.close();
        }
    }

    @Test
    void dropoutActsOnlyWhenTrainingAndFollowsTheSeed() {
        INDArray mask = leftPadded(5, 5, 3);
        INDArray x = randomArray(1, 2, 5, 8);
        try (ParameterStore store = doubleStore()) {
            CausalSelfAttention attention = CausalSelfAttention.builder("att", 8, 5).build(store);
            INDArray evaluation = forward(attention, x, mask, false, null);
            assertThat(forward(attention, x, mask, false, new SplittableRandom(1))).isEqualTo(evaluation);
            INDArray trained = forward(attention, x, mask, true, new SplittableRandom(1));
            assertThat(forward(attention, x, mask, true, new SplittableRandom(1))).isEqualTo(trained);
            assertThat(forward(attention, x, mask, true, new SplittableRandom(2))).isNotEqualTo(trained);
            assertThat(trained).isNotEqualTo(evaluation);
        }
        try (ParameterStore store = doubleStore()) {
            CausalSelfAttention attention = CausalSelfAttention.builder("att", 8, 5).dropout(0).build(store);
            assertThat(forward(attention, x, mask, true, new SplittableRandom(1)))
                    .isEqualTo(forward(attention, x, mask, false, null));
        }
    }

    @Test
    void applyLastIsTheNewestPositionAndZeroForAnEmptyHistory() {
        INDArray mask = leftPadded(4, 4, 1, 0, 2);
        INDArray x = randomArray(3, 4, 4, 8);
        for (int layers = 1; layers <= 2; layers++) {
            for (int heads = 1; heads <= 2; heads++) {
                try (ParameterStore store = doubleStore()) {
                    CausalSelfAttention attention = CausalSelfAttention.builder("att", 8, 6).layers(layers).heads(heads)
                            .build(store);
                    randomizeNormsAndBiases(store);
                    INDArray all = forward(attention, x, mask, false, null);
                    try (Tape tape = new Tape()) {
                        INDArray last = attention.applyLast(tape, tape.constant(x), mask, false, null).value();
                        assertThat(last.shape()).containsExactly(4, 8);
                        INDArray newest = all.get(NDArrayIndex.all(), NDArrayIndex.point(3), NDArrayIndex.all());
                        assertThat(last.sub(newest).amaxNumber().doubleValue()).as("layers %d heads %d", layers, heads)
                                .isLessThan(UNCHANGED);
                        assertThat(last.getRow(2).amaxNumber().doubleValue()).isZero();
                        assertThat(last.getRow(1).amaxNumber().doubleValue()).isPositive();
                    }
                }
            }
        }
    }

    @Test
    void aShorterBatchUsesTheLastRowsOfThePositionalTable() {
        // The newest item gets row maxLength - 1 whatever T: with the same single item, a batch of
        // T = 1 and a batch of T = 3 (two padding steps) encode it identically.
        INDArray item = randomArray(5, 1, 1, 8);
        INDArray padded = Nd4j.zeros(DataType.DOUBLE, 1, 3, 8);
        padded.get(NDArrayIndex.all(), NDArrayIndex.point(2), NDArrayIndex.all()).assign(item.reshape(1, 8));
        try (ParameterStore store = doubleStore()) {
            CausalSelfAttention attention = CausalSelfAttention.builder("att", 8, 4).build(store);
            try (Tape tape = new Tape()) {
                INDArray shortLast = attention.applyLast(tape, tape.constant(item), leftPadded(1, 1), false, null).value();
                INDArray longLast = attention.applyLast(tape, tape.constant(padded), leftPadded(3, 1), false, null).value();
                assertThat(longLast.sub(shortLast).amaxNumber().doubleValue()).isLessThan(UNCHANGED);
            }
        }
    }

    @Test
    void parametersAreNamedAndShapedAsDocumented() {
        try (ParameterStore store = new ParameterStore(1)) {
            CausalSelfAttention attention = CausalSelfAttention.builder("history", 8, 50).layers(2).heads(2).build(store);
            assertThat(attention.outputDim()).isEqualTo(8);
            assertThat(attention.maxLength()).isEqualTo(50);
            List<String> expected = new ArrayList<>(List.of("history/positions [50, 8]"));
            for (int i = 0; i < 2; i++) {
                String layer = "history/layer" + i;
                expected.addAll(List.of(layer + "/attentionNorm/gain [1, 8]", layer + "/attentionNorm/bias [1, 8]"));
                for (String part : new String[] {"query", "key", "value", "output"}) {
                    expected.addAll(List.of(layer + "/" + part + "/kernel [8, 8]", layer + "/" + part + "/bias [1, 8]"));
                }
                expected.addAll(List.of(layer + "/feedForwardNorm/gain [1, 8]", layer + "/feedForwardNorm/bias [1, 8]",
                        layer + "/feedForward0/kernel [8, 8]", layer + "/feedForward0/bias [1, 8]",
                        layer + "/feedForward1/kernel [8, 8]", layer + "/feedForward1/bias [1, 8]"));
            }
            expected.addAll(List.of("history/outputNorm/gain [1, 8]", "history/outputNorm/bias [1, 8]"));
            assertThat(store.parameters()).extracting(p -> p.name() + " " + java.util.Arrays.toString(p.shape()))
                    .containsExactlyElementsOf(expected);
            assertThat(store.get("history/layer1/feedForwardNorm/gain").value().minNumber().doubleValue()).isEqualTo(1.0);
            assertThat(store.get("history/outputNorm/bias").value().amaxNumber().doubleValue()).isZero();
        }
    }

    @Test
    void builderSettingsAreValidated() {
        try (ParameterStore store = new ParameterStore(1)) {
            assertThatThrownBy(() -> CausalSelfAttention.builder("a", 0, 5).build(store))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("attention 'a' needs positive dimensions, found dim 0, maxLength 5");
            assertThatThrownBy(() -> CausalSelfAttention.builder("a", 8, 0).build(store))
                    .hasMessage("attention 'a' needs positive dimensions, found dim 8, maxLength 0");
            assertThatThrownBy(() -> CausalSelfAttention.builder("a", 8, 5).layers(0).build(store))
                    .hasMessage("attention 'a' needs at least 1 layer, found 0");
            assertThatThrownBy(() -> CausalSelfAttention.builder("a", 8, 5).heads(3).build(store))
                    .hasMessage("attention 'a' heads must be positive and divide dim 8, found 3");
            assertThatThrownBy(() -> CausalSelfAttention.builder("a", 8, 5).heads(0).build(store))
                    .hasMessage("attention 'a' heads must be positive and divide dim 8, found 0");
            assertThatThrownBy(() -> CausalSelfAttention.builder("a", 8, 5).dropout(1.0).build(store))
                    .hasMessage("attention 'a' dropout must be in [0, 1), found 1.0");
            assertThatThrownBy(() -> CausalSelfAttention.builder("a", 8, 5).dropout(Double.NaN).build(store))
                    .hasMessage("attention 'a' dropout must be in [0, 1), found NaN");
            assertThat(store.parameters()).as("a failed build creates no parameter").isEmpty();
        }
    }

    @Test
    void inputErrorsSayWhatWasExpectedAndFound() {
        try (ParameterStore store = doubleStore(); Tape tape = new Tape()) {
            CausalSelfAttention attention = CausalSelfAttention.builder("att", 4, 3).build(store);
            Variable x = tape.constant(Nd4j.ones(DataType.DOUBLE, 2, 3, 4));
            INDArray mask = leftPadded(3, 3, 1);
            assertThatThrownBy(() -> attention.apply(tape, tape.constant(Nd4j.ones(DataType.DOUBLE, 2, 4)), mask, false, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("attention 'att' input must have rank 3, found shape [2, 4]");
            assertThatThrownBy(() -> attention.apply(tape, tape.constant(Nd4j.ones(DataType.DOUBLE, 2, 3, 5)), mask, false, null))
                    .hasMessage("attention 'att' input shape mismatch: expected [B, 1..3, 4], found [2, 3, 5]");
            assertThatThrownBy(() -> attention.apply(tape, tape.constant(Nd4j.ones(DataType.DOUBLE, 2, 4, 4)),
                    leftPadded(4, 4, 1), false, null))
                    .hasMessage("attention 'att' input shape mismatch: expected [B, 1..3, 4], found [2, 4, 4]");
            assertThatThrownBy(() -> attention.apply(tape, x, leftPadded(2, 2, 1), false, null))
                    .hasMessage("attention 'att' mask shape mismatch: expected [2, 3], found [2, 2]");
            assertThatThrownBy(() -> attention.apply(tape, x, Nd4j.create(new double[][] {{1, 1, 0}, {0, 1, 1}}), false, null))
                    .hasMessage("attention 'att' mask row 0 must be 0 (padding) then 1 (items), left-padded; found [1.0, 1.0, 0.0]");
            assertThatThrownBy(() -> attention.apply(tape, x, Nd4j.create(new double[][] {{1, 1, 1}, {0, 0.5, 1}}), false, null))
                    .hasMessage("attention 'att' mask row 1 must be 0 (padding) then 1 (items), left-padded; found [0.0, 0.5, 1.0]");
            assertThatThrownBy(() -> attention.apply(tape, x, mask, true, null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("random must not be null when training");
        }
    }

    @Test
    void keepMaskKeepsOneMinusTheRate() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray keep = Nd4j.createUninitialized(type, 100_001);
            CausalSelfAttention.fillKeepMask(keep, new SplittableRandom(3), 0.2);
            double kept = keep.sumNumber().doubleValue();
            INDArray squares = keep.mul(keep);
            assertThat(squares.sumNumber().doubleValue()).as("only 0 and 1: x^2 sums like x").isEqualTo(kept);
            // The share kept has a standard deviation of sqrt(0.8 * 0.2 / 1e5) = 0.0013.
            assertThat(kept / keep.length()).isCloseTo(0.8, within(0.01));
            INDArray again = Nd4j.createUninitialized(type, 100_001);
            CausalSelfAttention.fillKeepMask(again, new SplittableRandom(3), 0.2);
            assertThat(again).as("same seed, same mask").isEqualTo(keep);
            CausalSelfAttention.fillKeepMask(again, new SplittableRandom(3), 0.0);
            assertThat(again.minNumber().doubleValue()).isEqualTo(1.0);
            squares.close();
            keep.close();
            again.close();
        }
    }

    /**
     * A few Adam steps on a tiny next-item task lower the loss well below chance. Each sequence
     * steps through 12 items with its own stride 1, 2 or 3 ({@code next = (last + stride) mod 12}),
     * so the next item depends on the last two items: the encoder must combine positions.
     */
    @Test
    void aFewAdamStepsLearnATinyNextItemTask() {
        int items = 12;
        int steps = 5;
        int batch = 64;
        int dim = 16;
        try (ParameterStore store = new ParameterStore(3)) {
            EmbeddingTable table = store.embedding("items", items, dim, Initializer.uniform(0.5));
            CausalSelfAttention attention = CausalSelfAttention.builder("att", dim, steps).layers(1).dropout(0.1)
                    .build(store);
            Optimizer optimizer = Adam.builder(0.03).build();
            SplittableRandom random = new SplittableRandom(11);
            int[] allItems = new int[items];
            for (int i = 0; i < items; i++) {
                allItems[i] = i;
            }
            double[] losses = new double[40];
            for (int step = 0; step < losses.length; step++) {
                int[] ids = new int[batch * steps];
                float[] mask = new float[batch * steps];
                int[] labels = new int[batch];
                for (int b = 0; b < batch; b++) {
                    int stride = 1 + random.nextInt(3);
                    int length = 2 + random.nextInt(steps - 1);
                    int item = random.nextInt(items);
                    for (int t = steps - length; t < steps; t++) {
                        ids[b * steps + t] = item;
                        mask[b * steps + t] = 1;
                        item = (item + stride) % items;
                    }
                    labels[b] = item;
                }
                try (Tape tape = new Tape()) {
                    Variable history = Ops.reshape(Ops.lookup(tape, table, ids), batch, steps, dim);
                    INDArray maskArray = tape.input(mask, DataType.FLOAT, batch, steps).value();
                    Variable users = attention.applyLast(tape, history, maskArray, true, random);
                    Variable loss = Ops.softmaxCrossEntropy(Ops.dotScores(users, Ops.lookup(tape, table, allItems)), labels);
                    losses[step] = loss.value().getDouble(0);
                    tape.backward(loss);
                }
                optimizer.step(store);
            }
            // Chance is ln 12 = 2.48; the first losses sit above it, the last five (about 1.35 when
            // written) well below.
            double firstFive = java.util.Arrays.stream(losses, 0, 5).average().orElseThrow();
            double lastFive = java.util.Arrays.stream(losses, 35, 40).average().orElseThrow();
            assertThat(firstFive).isGreaterThan(2.4);
            assertThat(lastFive).isLessThan(1.8);
        }
    }

    private static INDArray forward(CausalSelfAttention attention, INDArray x, INDArray mask, boolean training,
            SplittableRandom random) {
        try (Tape tape = new Tape()) {
            return attention.apply(tape, tape.constant(x), mask, training, random).value().dup();
        }
    }

    /** A {@code [B, steps]} mask whose row {@code b} ends with {@code lengths[b]} ones. */
    private static INDArray leftPadded(int steps, int... lengths) {
        double[][] mask = new double[lengths.length][steps];
        for (int b = 0; b < lengths.length; b++) {
            for (int t = steps - lengths[b]; t < steps; t++) {
                mask[b][t] = 1;
            }
        }
        return Nd4j.create(mask);
    }

    /** Gains near 1 and nonzero biases, so that symmetric initial values cannot hide gradient mistakes. */
    private static void randomizeNormsAndBiases(ParameterStore store) {
        int seed = 0;
        for (Parameter parameter : store.parameters()) {
            if (parameter.name().endsWith("/gain")) {
                parameter.value().assign(randomArray(seed++, parameter.shape()).muli(0.3).addi(1.0));
            } else if (parameter.name().endsWith("/bias")) {
                parameter.value().assign(randomArray(seed++, parameter.shape()).muli(0.3));
            }
        }
    }
}
