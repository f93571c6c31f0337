package dev.recsys.models.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import dev.recsys.core.data.RatingScale;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class BiasedMatrixFactorizationTest {

    private static final int USERS = 8;
    private static final int ITEMS = 8;

    /** Rank-1 ratings r(u, i) = 1 + a_u · b_i with a_u = 0.5 + u/4, b_i = 0.5 + i/4 (1.25 to 7.1). */
    private static double truth(int u, int i) {
        return 1 + (0.5 + u / 4.0) * (0.5 + i / 4.0);
    }

    private static Catalog catalog() {
        int[] ids = new int[ITEMS];
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            ids[i] = 100 + i;
            titles.add("m" + i);
        }
        return Catalog.of(ids, titles, Collections.nCopies(ITEMS, List.of()));
    }

    @Test
    void learnsARankOneMatrixAndPredictsHeldOutCells() {
        // Held out: cells (u, i) with (u + 2i) % 7 == 0, 9 of 64; every user and movie keeps ratings.
        List<int[]> train = new ArrayList<>();
        List<int[]> test = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            for (int i = 0; i < ITEMS; i++) {
                ((u + 2 * i) % 7 == 0 ? test : train).add(new int[] {u, i});
            }
        }
        BiasedMatrixFactorization mf = BiasedMatrixFactorization.builder(catalog()).factors(1).epochs(3000)
                .learningRate(0.01).regularization(0.0).ratingRange(0, 10).seed(1).fit(examples(train));
        double[] predicted = mf.predict(examples(test));
        double meanOnly = 0;
        double squares = 0;
        for (int c = 0; c < test.size(); c++) {
            double t = truth(test.get(c)[0], test.get(c)[1]);
            squares += (predicted[c] - t) * (predicted[c] - t);
            meanOnly += (mf.globalMean() - t) * (mf.globalMean() - t);
        }
        // The truth is exactly representable (μ + b_u + b_i + p·q with one factor), so the held-out
        // cells are recovered closely; the global mean alone is off by about 1.4 (RMS).
        assertThat(Math.sqrt(squares / test.size())).isLessThan(0.1);
        assertThat(Math.sqrt(meanOnly / test.size())).isGreaterThan(1.0);
    }

    @Test
    void unknownUserAndMovieFallBackToBiases() {
        List<int[]> all = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            for (int i = 0; i < ITEMS - 1; i++) {
                all.add(new int[] {u, i});
            }
        }
        BiasedMatrixFactorization mf = BiasedMatrixFactorization.builder(catalog()).factors(2).epochs(5)
                .ratingRange(0, 10).fit(examples(all));
        // an unknown user on an unrated movie gets μ
        double[] p = mf.predict(Examples.of(new int[] {999}, new long[1], new int[] {100 + ITEMS - 1}, new float[1]));
        assertThat(p[0]).isEqualTo(mf.globalMean(), org.assertj.core.api.Assertions.within(1e-6));
        assertThatThrownBy(() -> BiasedMatrixFactorization.builder(catalog()).factors(0).fit(examples(all)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("factors 0");
    }

    @Test
    void predictionsAreClippedToTheTrainingDataScaleByDefault() {
        List<int[]> all = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            for (int i = 0; i < ITEMS; i++) {
                all.add(new int[] {u, i});
            }
        }
        // The truth runs from 1.25 to 6.06 (u = i = 7: 1 + 2.25 · 2.25) and one factor fits it
        // closely: on a 1-to-8 scale the top cells predict above 5.5; the same ratings on the
        // half-star scale (the default of Examples.of) clip at 5.
        Examples halfStars = examples(all);
        Examples oneToEight = Examples.of(halfStars.userIds(), halfStars.timestamps(), halfStars.movieIds(),
                halfStars.ratings(), RatingScale.continuous(1, 8));
        BiasedMatrixFactorization.Builder settings = BiasedMatrixFactorization.builder(catalog()).factors(1)
                .epochs(3000).learningRate(0.01).regularization(0.0).seed(1);

        assertThat(Arrays.stream(settings.fit(oneToEight).predict(halfStars)).max().orElseThrow()).isGreaterThan(5.5);
        assertThat(Arrays.stream(settings.fit(halfStars).predict(halfStars)).max().orElseThrow()).isEqualTo(5.0);
    }

    private static Examples examples(List<int[]> cells) {
        int n = cells.size();
        int[] users = new int[n];
        int[] movies = new int[n];
        float[] ratings = new float[n];
        for (int c = 0; c < n; c++) {
            users[c] = cells.get(c)[0];
            movies[c] = 100 + cells.get(c)[1];
            ratings[c] = (float) truth(cells.get(c)[0], cells.get(c)[1]);
        }
        return Examples.of(users, new long[n], movies, ratings);
    }
}
