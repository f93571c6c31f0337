package dev.recsys.data.prep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.data.Fixtures;
import dev.recsys.data.Interactions;
import dev.recsys.data.Movies;
import org.junit.jupiter.api.Test;

class PreprocessingTest {

    private final Movies movies = Fixtures.movies(3);

    @Test
    void minimumRatingsCutIsStrictlyGreaterThan() {
        // movie 1 has 3 ratings, movie 2 has 2, movie 3 has 1: "more than 2" keeps movie 1 only.
        Interactions data = Fixtures.interactions(movies, new double[][] {
            {1, 1, 4, 0}, {2, 1, 4, 0}, {3, 1, 4, 0}, {1, 2, 3, 0}, {2, 2, 3, 0}, {1, 3, 2, 0}});

        Interactions kept = Steps.keepMoviesRatedMoreThan(2).apply(data);

        assertThat(kept.size()).isEqualTo(3);
        for (int row = 0; row < kept.size(); row++) {
            assertThat(kept.movieIndex(row)).isEqualTo(movies.indexOf(1));
        }
        assertThat(Steps.keepMoviesRatedMoreThan(0).apply(data).size()).isEqualTo(6);
        assertThatThrownBy(() -> Steps.keepMoviesRatedMoreThan(-1)).hasMessageContaining("found -1");
    }

    @Test
    void seedProtocolDropsMissingRatingsAndUnmatchedMoviesAndReportsEachStep() {
        double[][] rows = new double[25][];
        for (int i = 0; i < 21; i++) {
            rows[i] = new double[] {i + 1, 1, 3, 0}; // movie 1: 21 ratings, kept by "more than 20"
        }
        rows[21] = new double[] {1, 1, Double.NaN, 0}; // missing rating on a kept movie
        rows[22] = new double[] {1, 2, 4, 0}; // movie 2: 1 rating, filtered
        rows[23] = new double[] {1, 99, 4, 0}; // not in the catalogue
        rows[24] = new double[] {2, 99, 4, 0};
        Interactions data = Fixtures.interactions(movies, rows);

        Preprocessing.Result result = Preprocessing.seedProtocol().run(data);

        assertThat(result.interactions().size()).isEqualTo(21);
        assertThat(result.steps()).extracting(Preprocessing.StepReport::removed).containsExactly(3, 1, 0);
        assertThat(result.steps().get(0).rowsIn()).isEqualTo(25);
    }

    @Test
    void mergeDropsRowsWithoutMetadataAndDropMissingDropsNaN() {
        Interactions data = Fixtures.interactions(movies, new double[][] {
            {1, 1, Double.NaN, 0}, {1, 42, 4, 0}, {1, 2, 4, 0}});

        assertThat(Steps.mergeWithMovies().apply(data).size()).isEqualTo(2);
        assertThat(Steps.dropMissing().apply(data).size()).isEqualTo(2);
        assertThat(Preprocessing.of(Steps.dropMissing(), Steps.mergeWithMovies()).run(data).interactions().size())
                .isEqualTo(1);
    }

    @Test
    void timeFeaturesAreUtcCalendarFields() {
        // 2018-06-23T20:00:00Z (the notebook's serving example), a Saturday: weekday 5 with Monday = 0.
        // 1529784000 = 17705 days * 86400 + 20 * 3600; 17705 days after 1970-01-01 is 2018-06-23.
        Interactions data = Fixtures.interactions(movies, new double[][] {{1, 1, 4, 1_529_784_000L}});

        TimeFeatures t = TimeFeatures.of(data);

        assertThat(new int[] {t.year()[0], t.month()[0], t.weekday()[0], t.day()[0], t.hour()[0]})
                .containsExactly(2018, 6, 5, 23, 20);
    }
}
