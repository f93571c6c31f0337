package dev.recsys.core.nn;

import static dev.recsys.core.nn.GradientCheckSupport.assertGradientsMatch;
import static dev.recsys.core.nn.GradientCheckSupport.randomArray;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Gradient check of a whole miniature two-tower retrieval model, every parameter at once. */
class CompositeGradientTest {

    @Test
    void twoTowerRetrievalLoss() {
        try (ParameterStore store = new ParameterStore(11, DataType.DOUBLE)) {
            TwoTowerSketch model = new TwoTowerSketch(store, 5, 3, 6, 4, 7, 2, 4, 3, 0.5);
            // Nonzero biases: a zero bias would both hide bias-gradient mistakes and, behind dead
            // relu units, give a zero tower output where l2 normalization is not smooth.
            for (String bias : new String[] {"title/bias", "query/hidden/bias", "candidate/hidden/bias",
                    "query/out/bias", "candidate/out/bias"}) {
                store.get(bias).value().assign(randomArray(bias.length(), store.get(bias).shape()));
            }
            // Items 2 and 2 repeat (an accidental hit); user 1 repeats (a summed sparse gradient).
            TwoTowerSketch.Batch batch = new TwoTowerSketch.Batch(
                    new int[] {1, 0, 1, 4},
                    new int[] {0, 2, 2, 1},
                    randomArray(1, 4, 1),
                    new int[] {2, 5, 2, 0},
                    new int[] {0, 3, 1, 1, 2, 0, 3, 3},
                    Nd4j.create(new double[][] {{1, 1}, {1, 0}, {1, 0}, {0, 0}}),
                    new int[] {1, 2, 3, 4, 0, 0, 6, 5, 0, 2, 2, 1},
                    Nd4j.create(new double[][] {{1, 1, 1}, {1, 0, 0}, {1, 1, 0}, {1, 1, 1}}),
                    randomArray(2, 1, 4));
            assertGradientsMatch(store, tape -> model.loss(tape, batch));
        }
    }
}
