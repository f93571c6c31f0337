package dev.recsys.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MoviesTest {

    @Test
    void parsesTheYearAtTheEndOfTheTitle() {
        assertThat(Movies.parseYear("Heat (1995)")).isEqualTo(1995);
        assertThat(Movies.parseYear("Babylon 5 (1994–1998) ")).isEqualTo(1994);
        assertThat(Movies.parseYear("Nocturnal Animals (2016-)")).isEqualTo(2016);
        assertThat(Movies.parseYear("1984 (1956)")).isEqualTo(1956);
        assertThat(Movies.parseYear("Hamlet")).isEqualTo(Movies.NO_YEAR);
        assertThat(Movies.parseYear("Seven (a.k.a. Se7en) (1995)")).isEqualTo(1995);
    }

    @Test
    void indexesMoviesInInsertionOrder() {
        Movies movies = Movies.builder()
                .add(10, "B (2001)", List.of("Action", "Sci-Fi"))
                .add(3, "A", List.of())
                .build();

        assertThat(movies.size()).isEqualTo(2);
        assertThat(movies.indexOf(3)).isEqualTo(1);
        assertThat(movies.indexOf(4)).isEqualTo(-1);
        assertThat(movies.id(0)).isEqualTo(10);
        assertThat(movies.genres(0)).containsExactly("Action", "Sci-Fi");
        assertThat(movies.genres(1)).isEmpty();
        assertThat(movies.year(0)).isEqualTo(2001);
        assertThat(movies.year(1)).isEqualTo(Movies.NO_YEAR);
        assertThat(movies.distinctGenres()).containsExactly("Action", "Sci-Fi");
    }

    @Test
    void rejectsDuplicateIdsAndReuseAfterBuild() {
        Movies.Builder b = Movies.builder().add(1, "A", List.of());
        assertThatThrownBy(() -> b.add(1, "B", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate movie id 1");
        b.build();
        assertThatThrownBy(() -> b.add(2, "C", List.of())).isInstanceOf(IllegalStateException.class);
    }
}
