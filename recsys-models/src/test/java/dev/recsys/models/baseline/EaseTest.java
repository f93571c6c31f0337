package dev.recsys.models.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import dev.recsys.models.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class EaseTest {

    /** Movies 10, 20, 30 (items 0, 1, 2) and 40, never rated. */
    private static final Catalog CATALOG = Fixtures.numberedCatalog(4);

    @Test
    void weightsOfATinyMatrixWorkedOutByHand() {
        // Users a and b rated movies 10 and 20, user c rated 20 and 30:
        //   X = [[1,1,0],[1,1,0],[0,1,1]],  XᵀX = [[2,2,0],[2,3,1],[0,1,1]],  λ = 1:
        //   A = XᵀX + I = [[3,2,0],[2,4,1],[0,1,2]], det A = 3·(8−1) − 2·(4−0) = 13,
        //   P = A⁻¹ = [[7,−4,2],[−4,6,−3],[2,−3,8]] / 13   (check: A·P's first row is [13,0,0]/13)
        //   Bᵢⱼ = −Pᵢⱼ / Pⱼⱼ: B01 = 4/6, B02 = −2/8, B10 = 4/7, B12 = 3/8, B20 = −2/7, B21 = 3/6.
        // Three users, three items: the item × item inverse.
        Ease ease = Ease.builder(CATALOG).lambda(1).fit(examples(new int[] {1, 1, 2, 2, 3, 3},
                new int[] {10, 20, 10, 20, 20, 30}));
        assertThat(ease.items()).isEqualTo(3);
        double[][] expected = {{0, 4.0 / 6, -2.0 / 8}, {4.0 / 7, 0, 3.0 / 8}, {-2.0 / 7, 3.0 / 6, 0}};
        assertWeights(ease, expected);
        // user c (items 1, 2) scores rows 1 + 2 = [4/7 − 2/7, 0 + 3/6, 3/8 + 0]; movie 40 was never rated
        float[] scores = ease.scores(new int[] {3}, new long[] {0})[0];
        assertThat(scores[0]).isCloseTo(2f / 7, within(1e-6f));
        assertThat(scores[1]).isCloseTo(0.5f, within(1e-6f));
        assertThat(scores[2]).isCloseTo(3f / 8, within(1e-6f));
        assertThat(scores[3]).isEqualTo(-Float.MAX_VALUE);
        // an unknown user has no items: 0 for every known movie
        assertThat(ease.scores(new int[] {99}, new long[] {0})[0]).containsExactly(0, 0, 0, -Float.MAX_VALUE);
    }

    @Test
    void fewerUsersThanItemsGoesThroughTheWoodburyIdentityToTheSameWeights() {
        // Users a {10, 20}, b {20, 30}: XᵀX = [[1,1,0],[1,2,1],[0,1,1]], λ = 1,
        //   A = [[2,1,0],[1,3,1],[0,1,2]], det A = 2·5 − 1·2 = 8, P = [[5,−2,1],[−2,4,−2],[1,−2,5]] / 8,
        //   B01 = 2/4, B02 = −1/5, B10 = 2/5, B12 = 2/5, B20 = −1/5, B21 = 2/4.
        Ease ease = Ease.builder(CATALOG).lambda(1).fit(examples(new int[] {1, 1, 2, 2}, new int[] {10, 20, 20, 30}));
        assertWeights(ease, new double[][] {{0, 0.5, -0.2}, {0.4, 0, 0.4}, {-0.2, 0.5, 0}});
    }

    /** Both inversion paths against a Gauss-Jordan inverse of XᵀX + λI, on random data. */
    @Property(tries = 40)
    void weightsAreMinusPOverItsDiagonal(@ForAll @IntRange(min = 1, max = 30) int users,
            @ForAll @IntRange(min = 1, max = 25) int movies, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Catalog catalog = Fixtures.numberedCatalog(movies);
        List<int[]> pairs = new ArrayList<>();
        boolean[][] x = new boolean[users][movies];
        for (int u = 0; u < users; u++) {
            for (int m = 0; m < movies; m++) {
                if (random.nextInt(3) == 0) {
                    x[u][m] = true;
                    pairs.add(new int[] {u + 1, catalog.id(m)});
                    if (random.nextInt(4) == 0) {
                        pairs.add(new int[] {u + 1, catalog.id(m)}); // a repeated pair counts once
                    }
                }
            }
        }
        if (pairs.isEmpty()) {
            return;
        }
        double lambda = 0.5 + random.nextInt(20);
        Ease ease = Ease.builder(catalog).lambda(lambda).fit(examples(pairs.stream().mapToInt(p -> p[0]).toArray(),
                pairs.stream().mapToInt(p -> p[1]).toArray()));
        int[] rated = java.util.stream.IntStream.range(0, movies)
                .filter(m -> java.util.stream.IntStream.range(0, users).anyMatch(u -> x[u][m])).toArray();
        int n = rated.length;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int u = 0; u < users; u++) {
                    a[i][j] += x[u][rated[i]] && x[u][rated[j]] ? 1 : 0;
                }
            }
            a[i][i] += lambda;
        }
        double[][] p = gaussJordanInverse(a);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double expected = i == j ? 0 : -p[i][j] / p[j][j];
                assertThat(ease.weight(catalog.id(rated[i]), catalog.id(rated[j])))
                        .as("B[%d][%d] with %d users, %d items", i, j, users, n).isCloseTo(expected, within(1e-4));
            }
        }
    }

    @Test
    void refusesWhatItCannotFitWithTheMemoryItWouldNeed() {
        // 100,000 rated movies: the weights alone would take 40 GB
        int movies = 100_000;
        Catalog big = Fixtures.numberedCatalog(movies);
        int[] users = new int[movies];
        int[] ids = new int[movies];
        for (int i = 0; i < movies; i++) {
            users[i] = 1 + i % 7;
            ids[i] = big.id(i);
        }
        assertThatThrownBy(() -> Ease.builder(big).fit(examples(users, ids))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("EASE over 100,000 items needs about 120.0 GB of heap")
                .hasMessageContaining("its weights alone take 40.0 GB");
        assertThatThrownBy(() -> Ease.builder(CATALOG).lambda(0).fit(examples(new int[] {1}, new int[] {10})))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("lambda must be positive and finite, found 0.0");
        assertThatThrownBy(() -> Ease.builder(CATALOG).fit(examples(new int[] {1}, new int[] {77})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("EASE needs training ratings of candidates, found none among 1 examples");
    }

    private static void assertWeights(Ease ease, double[][] expected) {
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected.length; j++) {
                assertThat(ease.weight(10 * (i + 1), 10 * (j + 1))).as("B[%d][%d]", i, j)
                        .isCloseTo(expected[i][j], within(1e-6));
            }
        }
    }

    private static double[][] gaussJordanInverse(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
                    pivot = r;
                }
            }
            double[] t = m[c];
            m[c] = m[pivot];
            m[pivot] = t;
            double d = m[c][c];
            for (int k = 0; k < 2 * n; k++) {
                m[c][k] /= d;
            }
            for (int r = 0; r < n; r++) {
                if (r != c && m[r][c] != 0) {
                    double f = m[r][c];
                    for (int k = 0; k < 2 * n; k++) {
                        m[r][k] -= f * m[c][k];
                    }
                }
            }
        }
        double[][] inverse = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], n, inverse[i], 0, n);
        }
        return inverse;
    }

    private static Examples examples(int[] users, int[] movies) {
        return Examples.of(users, new long[users.length], movies, new float[users.length]);
    }
}
