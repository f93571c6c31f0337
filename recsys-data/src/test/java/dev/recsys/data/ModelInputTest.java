package dev.recsys.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Conversions to the models' input types: {@link Interactions#toExamples()}, {@link Movies#toCatalog()}. */
class ModelInputTest {

    private static Movies movies() {
        return Movies.builder()
                .add(10, "Heat (1995)", List.of("Action", "Crime"))
                .add(20, "Toy Story (1995)", List.of("Animation"))
                .add(30, "Hamlet", List.of())
                .build();
    }

    @Test
    void examplesCarryMovieLensIdsNotIndices() {
        Interactions.Builder builder = Interactions.builder(movies());
        builder.add(7, 20, 4.5f, 1_000L);
        builder.add(3, 10, 2.0f, 2_000L);
        builder.add(7, 30, 3.0f, 3_000L);
        Examples examples = builder.build().toExamples();

        assertThat(examples.userIds()).containsExactly(7, 3, 7);
        assertThat(examples.movieIds()).containsExactly(20, 10, 30);
        assertThat(examples.ratings()).containsExactly(4.5f, 2.0f, 3.0f);
        assertThat(examples.timestamps()).containsExactly(1_000L, 2_000L, 3_000L);
    }

    @Test
    void rowsWithoutACatalogueMovieMustBeMergedAwayFirst() {
        Interactions.Builder builder = Interactions.builder(movies());
        builder.add(1, 99, 4f, 0L);
        Interactions unmatched = builder.build();
        assertThatThrownBy(unmatched::toExamples)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("run Steps.mergeWithMovies()");
    }

    @Test
    void theCatalogKeepsFileOrderTitlesAndGenres() {
        Catalog catalog = movies().toCatalog();
        assertThat(catalog.ids()).containsExactly(10, 20, 30);
        assertThat(catalog.rowOf(20)).isEqualTo(1);
        assertThat(catalog.rowOf(99)).isEqualTo(-1);
        assertThat(catalog.titles()).containsExactly("Heat (1995)", "Toy Story (1995)", "Hamlet");
        assertThat(catalog.genres()).containsExactly(List.of("Action", "Crime"), List.of("Animation"), List.of());
    }
}
