package dev.recsys.models.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The metric against a brute-force count in exact integer arithmetic. */
class FactorizedTopKTest {

    @Test
    void countsAndAccuracyEqualABruteForceComputationOnRandomCases() {
        for (long seed = 1; seed <= 6; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            int n = 20 + random.nextInt(30);
            int m = 30 + random.nextInt(40);
            int d = 1 + random.nextInt(4);
            // Small integer entries: every dot product is exact in float32, and ties are frequent,
            // which exercises "strictly higher".
            int[][] q = randomInts(random, n, d);
            int[][] c = randomInts(random, m, d);
            int[] trueRows = new int[n];
            for (int i = 0; i < n; i++) {
                trueRows[i] = random.nextInt(8) == 0 ? -1 : random.nextInt(m);
            }
            int[] expected = new int[n];
            for (int i = 0; i < n; i++) {
                if (trueRows[i] < 0) {
                    expected[i] = m;
                    continue;
                }
                long own = dot(q[i], c[trueRows[i]]);
                for (int j = 0; j < m; j++) {
                    if (dot(q[i], c[j]) > own) {
                        expected[i]++;
                    }
                }
            }
            int[] counts;
            try (INDArray queries = toArray(q); INDArray candidates = toArray(c)) {
                counts = FactorizedTopK.higherCounts(queries, candidates, trueRows, 7);
            }
            assertThat(counts).as("seed %d", seed).containsExactly(expected);

            int[] ks = {1, 5, 10, 50};
            double[] accuracy = FactorizedTopK.accuracy(counts, ks);
            for (int k = 0; k < ks.length; k++) {
                int hits = 0;
                for (int count : expected) {
                    hits += count < ks[k] ? 1 : 0;
                }
                assertThat(accuracy[k]).isEqualTo((double) hits / n);
            }
        }
    }

    @Test
    void aTieWithTheTrueCandidateIsStillAHitAtOne() {
        // Both candidates score 1 against the query: none is strictly higher, so rank 0.
        try (INDArray q = Nd4j.create(new float[][] {{1, 0}}); INDArray c = Nd4j.create(new float[][] {{1, 5}, {1, -5}})) {
            assertThat(FactorizedTopK.higherCounts(q, c, new int[] {1}, 1)).containsExactly(0);
        }
    }

    @Test
    void mismatchedInputsAreRejected() {
        try (INDArray q = Nd4j.create(DataType.FLOAT, 2, 3); INDArray c = Nd4j.create(DataType.FLOAT, 4, 2)) {
            assertThatThrownBy(() -> FactorizedTopK.higherCounts(q, c, new int[] {0, 1}, 8))
                    .hasMessage("embedding dim mismatch: queries 3, candidates 2");
        }
        assertThatThrownBy(() -> FactorizedTopK.accuracy(new int[0], new int[] {1}))
                .hasMessageContaining("at least one query");
    }

    private static int[][] randomInts(SplittableRandom random, int rows, int d) {
        int[][] values = new int[rows][d];
        for (int[] row : values) {
            for (int k = 0; k < d; k++) {
                row[k] = random.nextInt(-2, 3);
            }
        }
        return values;
    }

    private static long dot(int[] a, int[] b) {
        long sum = 0;
        for (int k = 0; k < a.length; k++) {
            sum += (long) a[k] * b[k];
        }
        return sum;
    }

    private static INDArray toArray(int[][] values) {
        float[][] floats = new float[values.length][values[0].length];
        for (int i = 0; i < values.length; i++) {
            for (int k = 0; k < values[i].length; k++) {
                floats[i][k] = values[i][k];
            }
        }
        return Nd4j.create(floats);
    }
}
