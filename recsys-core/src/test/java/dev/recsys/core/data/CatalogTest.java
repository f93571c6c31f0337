package dev.recsys.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Rows, ids and the release years a catalogue reads from its titles. */
class CatalogTest {

    @Test
    void releaseYearsComeFromTheTitlesTrailingParentheses() {
        Catalog catalog = Catalog.of(new int[] {30, 10, 20},
                List.of("Heat (1995)", "Babylon 5 (1994–1998) ", "Hamlet"), List.of(List.of(), List.of(), List.of()));
        assertThat(catalog.year(0)).isEqualTo(1995);
        assertThat(catalog.year(1)).isEqualTo(1994);
        assertThat(catalog.year(2)).isEqualTo(Catalog.NO_YEAR);
        assertThat(Catalog.yearOf("1984 (1956)")).isEqualTo(1956);
        assertThat(Catalog.yearOf("Nocturnal Animals (2016-)")).isEqualTo(2016);
        assertThat(Catalog.yearOf("Seven (a.k.a. Se7en) (1995)")).isEqualTo(1995);
        assertThat(catalog.rowOf(10)).isEqualTo(1);
        assertThat(catalog.rowOf(40)).isEqualTo(-1);
    }

    @Test
    void repeatedIdsAndUnequalColumnsAreRefused() {
        assertThatThrownBy(() -> Catalog.of(new int[] {1, 1}, List.of("a", "b"), List.of(List.of(), List.of())))
                .hasMessage("duplicate movie id in catalog: 1");
        assertThatThrownBy(() -> Catalog.of(new int[] {1}, List.of("a", "b"), List.of(List.of())))
                .hasMessage("column length mismatch: ids 1, titles 2, genres 1");
    }
}
