package dev.recsys.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MovieLensDataTest {
    private final Movies movies = Movies.builder().add(1, "A (1990)", List.of()).add(2, "B (1991)", List.of()).build();
    private final Interactions ratings = Interactions.builder(movies).add(7, 1, 4f, 10).build();
    private final ReadReport report = new ReadReport(Map.of(), 0);

    @Test
    void fiveArgumentConstructorHasNoLinks() {
        MovieLensData data = new MovieLensData(ratings, movies, Tags.EMPTY, Optional.empty(), report);
        assertThat(data.links()).isEmpty();
    }

    @Test
    void linksMustCoverTheCatalogue() {
        Optional<Links> oneMovie = Optional.of(new Links(new int[] {114709}, new int[] {862}));
        assertThatThrownBy(() -> new MovieLensData(ratings, movies, Tags.EMPTY, Optional.empty(), oneMovie, report))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("links cover 1 movies, the catalogue has 2");
    }

    @Test
    void linksCopyTheirColumns() {
        int[] imdb = {114709, Links.NONE};
        Links links = new Links(imdb, new int[] {862, 8844});
        imdb[0] = 0;
        links.imdbIds()[1] = 5;
        assertThat(links.imdbIds()).containsExactly(114709, Links.NONE);
        assertThatThrownBy(() -> new Links(new int[1], new int[2])).hasMessage("link columns differ in length: imdb 1, tmdb 2");
    }
}
