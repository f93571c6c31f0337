package dev.recsys.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.core.data.RatingScale;
import org.junit.jupiter.api.Test;

class InteractionsTest {

    private final Movies movies = Fixtures.movies(3);

    @Test
    void usersAreIndexedInOrderOfFirstAppearance() {
        Interactions data = Fixtures.interactions(movies, new double[][] {
            {42, 1, 4.0, 100}, {42, 2, 3.5, 101}, {7, 1, 5.0, 102}, {42, 3, 1.0, 103}});

        assertThat(data.size()).isEqualTo(4);
        assertThat(data.userCount()).isEqualTo(2);
        assertThat(new int[] {data.userIndex(0), data.userIndex(2), data.userIndex(3)}).containsExactly(0, 1, 0);
        assertThat(data.userId(2)).isEqualTo(7);
        assertThat(data.userIndexOf(42)).isZero();
        assertThat(data.userIndexOf(99)).isEqualTo(-1);
        assertThat(data.movieIndex(1)).isEqualTo(movies.indexOf(2));
        assertThat(data.rating(1)).isEqualTo(3.5f);
        assertThat(data.timestamp(3)).isEqualTo(103L);
    }

    @Test
    void unknownMoviesAreKeptWithIndexMinusOneAndCounted() {
        Interactions.Builder b = Interactions.builder(movies).add(1, 1, 4f, 0).add(1, 99, 4f, 0);

        assertThat(b.unmatchedMovies()).isEqualTo(1);
        assertThat(b.build().movieIndex(1)).isEqualTo(-1);
    }

    @Test
    void selectAndFilterKeepTheSharedIndices() {
        Interactions data = Fixtures.interactions(movies, new double[][] {
            {5, 1, 1.0, 10}, {6, 2, 2.0, 20}, {7, 3, 3.0, 30}});

        Interactions picked = data.select(new int[] {2, 0, 2});
        assertThat(picked.size()).isEqualTo(3);
        assertThat(picked.userId(0)).isEqualTo(7);
        assertThat(picked.userId(1)).isEqualTo(5);
        assertThat(picked.userCount()).isEqualTo(3);

        Interactions filtered = data.filter(row -> data.rating(row) >= 2);
        assertThat(filtered.size()).isEqualTo(2);
        assertThat(filtered.userId(0)).isEqualTo(6);
        assertThat(data.filter(row -> true)).isSameAs(data);

        assertThatThrownBy(() -> data.select(new int[] {3})).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void theScaleTravelsFromBuilderToSubsetsAndExamples() {
        Interactions data = Interactions.builder(movies, RatingScale.WHOLE_STARS)
                .add(1, 1, 5f, 10).add(1, 2, 1f, 20).add(2, 3, 3f, 30).build();

        assertThat(data.scale()).isEqualTo(RatingScale.WHOLE_STARS);
        assertThat(data.select(new int[] {1}).scale()).isEqualTo(RatingScale.WHOLE_STARS);
        assertThat(data.before(25).scale()).isEqualTo(RatingScale.WHOLE_STARS);
        assertThat(data.toExamples().scale()).isEqualTo(RatingScale.WHOLE_STARS);
        assertThat(Interactions.builder(movies).add(1, 1, 0.5f, 0).build().scale()).isEqualTo(RatingScale.HALF_STARS);
    }

    @Test
    void aRatingOffTheScaleIsRefusedAndAMissingOneKept() {
        Interactions.Builder b = Interactions.builder(movies, RatingScale.WHOLE_STARS).add(1, 1, Float.NaN, 0);
        assertThatThrownBy(() -> b.add(1, 2, 0.5f, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rating 0.5 of user 1, movie 2 is outside the whole-star scale 1 to 5");
        assertThat(b.size()).isEqualTo(1);
    }

    @Test
    void beforeKeepsTheRowsRatedStrictlyEarlier() {
        Interactions data = Fixtures.interactions(movies, new double[][] {
            {5, 1, 1.0, 30}, {6, 2, 2.0, 10}, {7, 3, 3.0, 20}});

        assertThat(data.before(20).timestamps()).containsExactly(10L); // 20 is not before 20
        assertThat(data.before(31).size()).isEqualTo(3);
        assertThat(data.before(Long.MIN_VALUE).size()).isZero();
    }

    @Test
    void concatAppendsRowsOfOneDatasetAndRefusesOthers() {
        Interactions data = Fixtures.interactions(movies, new double[][] {
            {5, 1, 1.0, 10}, {6, 2, 2.0, 20}, {7, 3, 3.0, 30}});

        Interactions joined = Interactions.concat(data.select(new int[] {2}), data.select(new int[] {0, 1}));

        assertThat(joined.timestamps()).containsExactly(30L, 10L, 20L);
        assertThat(joined.userIndex(0)).isEqualTo(data.userIndex(2));
        Interactions other = Fixtures.interactions(movies, new double[][] {{5, 1, 1.0, 10}});
        assertThatThrownBy(() -> Interactions.concat(data, other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot concatenate interactions of different datasets");
    }

    @Test
    void countsPerMovieAndUserIgnoreRowsWithoutMovie() {
        Interactions data = Fixtures.interactions(movies, new double[][] {
            {1, 1, 1, 0}, {1, 1, 1, 0}, {2, 3, 1, 0}, {2, 9, 1, 0}});

        assertThat(data.countsPerMovie()).containsExactly(2, 0, 1);
        assertThat(data.countsPerUser()).containsExactly(2, 2);
    }
}
