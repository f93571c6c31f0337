package dev.recsys.core.features;

import static dev.recsys.core.features.GenreEncoder.NO_GENRES;
import static dev.recsys.core.features.GenreEncoder.NoGenresHandling.AS_VALUE;
import static dev.recsys.core.features.GenreEncoder.NoGenresHandling.EMPTY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class GenreEncoderTest {

    private static final List<List<String>> TRAINING = List.of(
            List.of("Comedy", "Action"),
            List.of("Drama"),
            List.of(NO_GENRES),
            List.of("Action", "Drama", "Comedy"));

    private static final GenreEncoder DEFAULT = GenreEncoder.builder().build();

    @Test
    void encodingBeforeFittingSaysWhatToCall() {
        assertThat(DEFAULT.isFitted()).isFalse();
        assertThatThrownBy(() -> DEFAULT.encode("Action"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GenreEncoder is not fitted")
                .hasMessageContaining("fit(");
        assertThatThrownBy(() -> DEFAULT.multiHot(List.of(List.of("Action")))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> DEFAULT.indices(List.of(List.of("Action")))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(DEFAULT::size).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void genresAreIndexedAlphabeticallyWithNoGenresAsItsOwnValueByDefault() {
        GenreEncoder g = DEFAULT.fit(TRAINING);
        assertThat(g.noGenresHandling()).isEqualTo(AS_VALUE);
        // '(' sorts before letters.
        assertThat(g.genres()).containsExactly(NO_GENRES, "Action", "Comedy", "Drama");
        assertThat(g.size()).isEqualTo(4);
        assertThat(g.width()).isEqualTo(3);
        assertThat(g.encode("Drama|Action")).containsExactly(1, 3);
        assertThat(g.encode(NO_GENRES)).containsExactly(0);
    }

    @Test
    void noGenresCanMeanTheEmptySet() {
        GenreEncoder g = GenreEncoder.builder().noGenres(EMPTY).build().fit(TRAINING);
        assertThat(g.genres()).containsExactly("Action", "Comedy", "Drama");
        assertThat(g.encode(NO_GENRES)).isEmpty();
        assertThat(g.multiHot(List.of(List.of(NO_GENRES)))).containsExactly(0, 0, 0);
    }

    @Test
    void unknownGenresAreIgnored() {
        GenreEncoder g = DEFAULT.fit(TRAINING);
        assertThat(g.encode("Action|Western|Comedy")).containsExactly(1, 2);
        assertThat(g.encode("Western")).isEmpty();
        MaskedIndices onlyUnknown = g.indices(List.of(List.of("Western", "Noir")));
        assertThat(onlyUnknown.mask()).containsOnly(0f);
    }

    @Test
    void namesAreTrimmedDeduplicatedAndEmptiesSkipped() {
        GenreEncoder g = DEFAULT.fit(TRAINING);
        assertThat(g.encode(" Action |Action||Drama ")).containsExactly(1, 3);
        assertThat(g.encode("")).isEmpty();
        assertThat(GenreEncoder.split("Action|Adventure|Sci-Fi")).containsExactly("Action", "Adventure", "Sci-Fi");
    }

    @Test
    void multiHotIsRowMajorBatchByGenre() {
        GenreEncoder g = DEFAULT.fit(TRAINING);
        // Columns: (no genres listed), Action, Comedy, Drama.
        float[] hot = g.multiHot(List.of(List.of("Drama", "Action"), List.of(NO_GENRES), List.of()));
        assertThat(hot).containsExactly(
                0, 1, 0, 1,
                1, 0, 0, 0,
                0, 0, 0, 0);
    }

    @Test
    void indexListsAreAscendingThenPaddedWithMaskedZeros() {
        GenreEncoder g = DEFAULT.fit(TRAINING);
        MaskedIndices batch = g.indices(List.of(List.of("Drama", "Comedy"), List.of("Action", "Drama", "Comedy"),
                List.of()));
        assertThat(batch.rows()).isEqualTo(3);
        assertThat(batch.width()).isEqualTo(3);
        assertThat(batch.indices()).containsExactly(2, 3, 0, 1, 2, 3, 0, 0, 0);
        assertThat(batch.mask()).containsExactly(1, 1, 0, 1, 1, 1, 0, 0, 0);
    }

    @Test
    void aSetWidthTruncatesToTheLowestIndices() {
        GenreEncoder g = GenreEncoder.builder().maxGenres(2).build().fit(TRAINING);
        assertThat(g.width()).isEqualTo(2);
        MaskedIndices batch = g.indices(List.of(List.of("Drama", "Comedy", "Action")));
        assertThat(batch.indices()).containsExactly(1, 2);
        assertThat(batch.mask()).containsExactly(1, 1);
        GenreEncoder wide = GenreEncoder.builder().maxGenres(5).build().fit(TRAINING);
        assertThat(wide.width()).isEqualTo(5);
    }

    @Test
    void badSettingsAndNullsAreRejected() {
        assertThatThrownBy(() -> GenreEncoder.builder().maxGenres(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxGenres").hasMessageContaining("0");
        assertThatThrownBy(() -> DEFAULT.fit(List.of(Arrays.asList("Action", null))))
                .isInstanceOf(NullPointerException.class).hasMessage("a genre name in genresPerMovie is null: [Action, null]");
        GenreEncoder g = DEFAULT.fit(TRAINING);
        assertThatThrownBy(() -> g.encode((List<String>) null)).isInstanceOf(NullPointerException.class).hasMessage("genres");
        assertThatThrownBy(() -> g.encode((String) null)).isInstanceOf(NullPointerException.class)
                .hasMessage("pipeSeparated");
    }

    @Property(tries = 300)
    void multiHotAndIndexListsDescribeTheSameSet(
            @ForAll @Size(max = 20) List<@Size(max = 6) List<@IntRange(min = 0, max = 12) Integer>> training,
            @ForAll @Size(max = 20) List<@Size(max = 6) List<@IntRange(min = 0, max = 15) Integer>> batch) {
        GenreEncoder g = DEFAULT.fit(training.stream().map(GenreEncoderTest::names).toList());
        List<List<String>> movies = batch.stream().map(GenreEncoderTest::names).toList();
        float[] hot = g.multiHot(movies);
        MaskedIndices lists = g.indices(movies);
        int[] indices = lists.indices();
        float[] mask = lists.mask();
        for (int row = 0; row < movies.size(); row++) {
            Set<Integer> fromHot = new TreeSet<>();
            for (int c = 0; c < g.size(); c++) {
                if (hot[row * g.size() + c] == 1f) {
                    fromHot.add(c);
                }
            }
            Set<Integer> fromList = new TreeSet<>();
            for (int i = 0; i < g.width(); i++) {
                if (mask[row * g.width() + i] == 1f) {
                    fromList.add(indices[row * g.width() + i]);
                }
            }
            Set<Integer> expected = new TreeSet<>();
            for (String name : movies.get(row)) {
                int position = g.genres().indexOf(name);
                if (position >= 0) {
                    expected.add(position);
                }
            }
            assertThat(fromHot).isEqualTo(expected);
            // Unknown names are ignored and training movies are at most width() wide, but the
            // batch may hold wider movies, which keep their lowest indices.
            assertThat(fromList).isEqualTo(expected.stream().limit(g.width()).collect(Collectors.toSet()));
        }
    }

    private static List<String> names(List<Integer> genreNumbers) {
        return genreNumbers.stream().map(n -> "G" + n).toList();
    }

    @Test
    void movieLensGenres() {
        // Independent reference: Python's csv module over movies.csv finds 19 genres plus
        // "(no genres listed)" (34 movies) and at most 10 genres per movie.
        MovieLensMovies movies = MovieLensMovies.readOrSkip();
        List<List<String>> genres = movies.genres().stream().map(GenreEncoder::split).toList();
        GenreEncoder asValue = DEFAULT.fit(genres);
        assertThat(asValue.size()).isEqualTo(20);
        assertThat(asValue.width()).isEqualTo(10);
        assertThat(asValue.genres()).contains("Sci-Fi", "Film-Noir", "IMAX", NO_GENRES);
        GenreEncoder empty = GenreEncoder.builder().noGenres(EMPTY).build().fit(genres);
        assertThat(empty.size()).isEqualTo(19);
        float[] hot = empty.multiHot(genres);
        int emptyRows = 0;
        for (int row = 0; row < genres.size(); row++) {
            float sum = 0;
            for (int c = 0; c < 19; c++) {
                sum += hot[row * 19 + c];
            }
            emptyRows += sum == 0 ? 1 : 0;
        }
        assertThat(emptyRows).isEqualTo(34);
    }

    @Test
    void jacksonRoundTripGivesAnEqualEncoderThatEncodesIdentically() {
        for (GenreEncoder original : List.of(DEFAULT.fit(TRAINING),
                GenreEncoder.builder().noGenres(EMPTY).maxGenres(2).build().fit(TRAINING),
                GenreEncoder.builder().maxGenres(4).build())) {
            GenreEncoder copy = Json.roundTrip(original);
            assertThat(copy).isEqualTo(original).hasSameHashCodeAs(original).hasToString(original.toString());
            if (original.isFitted()) {
                List<List<String>> probe = List.of(List.of("Drama", "Action", "Comedy"), List.of(NO_GENRES),
                        List.of("Western"));
                assertThat(copy.multiHot(probe)).containsExactly(original.multiHot(probe));
                assertThat(copy.indices(probe)).isEqualTo(original.indices(probe));
            }
        }
    }
}
