package dev.recsys.data.movielens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.core.data.RatingScale;
import dev.recsys.data.MalformedInputException;
import dev.recsys.data.MalformedRowPolicy;
import dev.recsys.data.MovieLensData;
import dev.recsys.data.Users;
import dev.recsys.data.split.Split;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ml100kLayoutReaderTest {
    private static final MovieLensReader STRICT = MovieLensReader.builder().build();
    private static final MovieLensReader LENIENT = MovieLensReader.builder().policy(MalformedRowPolicy.LENIENT).build();

    /** ml-100k's u.genre, as in the ml-100k README. */
    private static final String U_GENRE = "unknown|0\nAction|1\nAdventure|2\nAnimation|3\nChildren's|4\nComedy|5\n"
            + "Crime|6\nDocumentary|7\nDrama|8\nFantasy|9\nFilm-Noir|10\nHorror|11\nMusical|12\nMystery|13\n"
            + "Romance|14\nSci-Fi|15\nThriller|16\nWar|17\nWestern|18\n\n";

    /** The first lines of ml-100k's u.item: Toy Story is Animation, Children's and Comedy (flags 3, 4, 5). */
    private static final String TOY_STORY = "1|Toy Story (1995)|01-Jan-1995||"
            + "http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n";
    private static final String GOLDENEYE = "2|GoldenEye (1995)|01-Jan-1995||"
            + "http://us.imdb.com/M/title-exact?GoldenEye%20(1995)|0|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0|1|0|0\n";
    /** A title with an ISO-8859-1 byte and a flag for the last genre, Western. */
    private static final String LATIN1 = "3|Misérables, Les (1995)|01-Jan-1995||"
            + "http://us.imdb.com/|0|0|0|0|0|0|0|0|1|0|0|0|0|0|0|0|0|0|1\n";

    @TempDir
    Path dir;

    private void write(String name, String content) throws IOException {
        Files.write(dir.resolve(name), content.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void readsItemsRatingsAndUsers() throws IOException {
        write("u.genre", U_GENRE);
        write("u.item", TOY_STORY + GOLDENEYE + LATIN1);
        write("u.data", "196\t1\t3\t881250949\r\n186\t2\t5\t891717742\r\n196\t3\t1\t878887116\r\n");
        write("u.user", "186|39|F|executive|00000\n196|49|M|writer|55105\n");

        MovieLensData data = STRICT.read(dir);

        assertThat(data.movies().size()).isEqualTo(3);
        assertThat(data.movies().title(0)).isEqualTo("Toy Story (1995)");
        assertThat(data.movies().genres(0)).containsExactly("Animation", "Children's", "Comedy");
        assertThat(data.movies().genres(1)).containsExactly("Action", "Adventure", "Thriller");
        assertThat(data.movies().title(2)).isEqualTo("Misérables, Les (1995)");
        assertThat(data.movies().genres(2)).containsExactly("Drama", "Western");
        assertThat(data.ratings().ratings()).containsExactly(3f, 5f, 1f);
        assertThat(data.ratings().timestamps()).containsExactly(881250949L, 891717742L, 878887116L);
        assertThat(data.ratings().userCount()).isEqualTo(2);
        assertThat(data.ratings().userIdAt(0)).isEqualTo(196);
        assertThat(data.ratings().scale()).isEqualTo(RatingScale.WHOLE_STARS);
        assertThat(data.ratings().toExamples().scale()).isEqualTo(RatingScale.WHOLE_STARS);
        Users users = data.users().orElseThrow();
        assertThat(users.ids()).containsExactly(186, 196);
        assertThat(users.ages()).containsExactly(39, 49);
        assertThat(users.genders()).containsExactly("F", "M");
        assertThat(users.occupations()).containsExactly("executive", "writer");
        assertThat(users.zipCodes()).containsExactly("00000", "55105");
        assertThat(data.tags().size()).isZero();
    }

    @Test
    void withoutUGenreTheGenresAreMl100ksList() throws IOException {
        write("u.item", TOY_STORY + LATIN1);
        write("u.data", "196\t1\t3\t881250949\n");

        MovieLensData data = STRICT.read(dir);

        assertThat(data.movies().genres(0)).containsExactly("Animation", "Children's", "Comedy");
        assertThat(data.movies().genres(1)).containsExactly("Drama", "Western");
        assertThat(data.users()).isEmpty();
    }

    @Test
    void aShorterUGenreChangesTheExpectedFieldCount() throws IOException {
        write("u.genre", "Drama|0\nComedy|1\n");
        write("u.item", "7|Two Flags (1999)|||url|1|1\n" + TOY_STORY);
        write("u.data", "1\t7\t4\t881250949\n");

        assertThatThrownBy(() -> STRICT.read(dir))
                .hasMessage(dir.resolve("u.item") + ":2: expected 7 fields, found 24");
        assertThat(LENIENT.read(dir).movies().genres(0)).containsExactly("Drama", "Comedy");
    }

    @Test
    void badUGenreIsFatal() throws IOException {
        write("u.genre", "unknown|0\nAction|2\n");
        write("u.item", TOY_STORY);
        write("u.data", "");

        assertThatThrownBy(() -> LENIENT.read(dir))
                .isInstanceOf(MalformedInputException.class)
                .hasMessage(dir.resolve("u.genre") + ":2: expected 'name|1', found 'Action|2'");
    }

    @Test
    void malformedRowsNameFileAndLine() throws IOException {
        write("u.item", TOY_STORY + GOLDENEYE.replace("|0|1|1|", "|0|1|yes|"));
        write("u.data", "196\t1\t3\t881250949\n");
        assertThatThrownBy(() -> STRICT.read(dir))
                .hasMessage(dir.resolve("u.item") + ":2: bad flag 'yes' for genre Adventure: expected 0 or 1");

        write("u.item", TOY_STORY);
        write("u.data", "196\t1\t3\t881250949\n196\t1\t0\t881250949\n");
        assertThatThrownBy(() -> STRICT.read(dir))
                .hasMessage(dir.resolve("u.data") + ":2: rating 0 outside the whole-star scale 1 to 5");

        write("u.data", "196 1 3 881250949\n");
        assertThatThrownBy(() -> STRICT.read(dir))
                .hasMessage(dir.resolve("u.data") + ":1: expected 4 fields, found 1");

        write("u.data", "196\t1\t3\t881250949\n");
        write("u.user", "1|24|M|technician|85711\n2|53|F|other\n");
        assertThatThrownBy(() -> STRICT.read(dir))
                .hasMessage(dir.resolve("u.user") + ":2: expected 5 fields, found 4");
    }

    @Test
    void fieldOverTheLengthLimitIsMalformedUnderBothPolicies() throws IOException {
        write("u.item", TOY_STORY + GOLDENEYE.replace("GoldenEye (1995)", "x".repeat(20_000_001)));
        write("u.data", "196\t1\t3\t881250949\n");

        for (MovieLensReader reader : List.of(STRICT, LENIENT)) {
            assertThatThrownBy(() -> reader.read(dir))
                    .isInstanceOfSatisfying(MalformedInputException.class, e -> assertThat(e.line()).isEqualTo(2))
                    .hasMessage(dir.resolve("u.item") + ":2: unreadable CSV: a field longer than 20000000"
                            + " characters, the most a field may hold");
        }
    }

    @Test
    void lenientCountsSkippedRows() throws IOException {
        write("u.item", TOY_STORY + "2|Short row\n" + LATIN1);
        write("u.data", "196\t1\t3\t881250949\n196\t1\t4.5\t881250949\n196\tx\t3\t881250949\n196\t3\t2\t881250949\n");

        MovieLensData data = LENIENT.read(dir);

        assertThat(data.report().skippedRows()).isEqualTo(Map.of("u.item", 1L, "u.data", 2L));
        assertThat(data.movies().size()).isEqualTo(2);
        assertThat(data.ratings().ratings()).containsExactly(3f, 2f);
    }

    @Test
    void readsAFoldIntoTrainAndTestSharingUsersAndCatalogue() throws IOException {
        write("u.genre", U_GENRE);
        write("u.item", TOY_STORY + GOLDENEYE + LATIN1);
        // u1.base: 4 ratings by users 1 and 2; u1.test: 3 ratings, one by user 3 who has none in base
        write("u1.base", "1\t1\t5\t874965758\n1\t2\t3\t876893171\n2\t1\t4\t888550871\n2\t3\t2\t888551234\n");
        write("u1.test", "1\t3\t1\t887431973\n2\t2\t5\t888550900\n3\t1\t4\t889237455\n");
        write("ua.base", "1\t1\t5\t874965758\n");
        write("ua.test", "1\t2\t3\t876893171\n");

        Split fold = STRICT.readFold(dir, Ml100kFold.U1);

        assertThat(fold.train().size()).isEqualTo(4);
        assertThat(fold.test().size()).isEqualTo(3);
        assertThat(fold.hasValidation()).isFalse();
        assertThat(fold.train().ratings()).containsExactly(5f, 3f, 4f, 2f);
        assertThat(fold.test().timestamps()).containsExactly(887431973L, 888550900L, 889237455L);
        assertThat(fold.test().movieIndex(0)).isEqualTo(2); // movie 3, the third row of u.item
        assertThat(fold.test().movies()).isSameAs(fold.train().movies());
        assertThat(fold.train().movies().genres(0)).containsExactly("Animation", "Children's", "Comedy");
        // one user index: users 1, 2 from base, then 3 from test
        assertThat(fold.train().userCount()).isEqualTo(3);
        assertThat(fold.test().userIndex(1)).isEqualTo(fold.train().userIndex(2));
        assertThat(fold.test().userIndexOf(3)).isEqualTo(2);
        assertThat(fold.train().scale()).isEqualTo(RatingScale.WHOLE_STARS);
        assertThat(fold.trainAndValidation().size()).isEqualTo(4);

        Split ua = STRICT.readFold(dir, Ml100kFold.UA);
        assertThat(new int[] {ua.train().size(), ua.test().size()}).containsExactly(1, 1);
    }

    @Test
    void foldRowsFollowTheMalformedRowPolicyNamingTheFoldFileAndLine() throws IOException {
        write("u.item", TOY_STORY + GOLDENEYE);
        write("u2.base", "1\t1\t5\t874965758\n1\t2\t3\t876893171\n");
        write("u2.test", "1\t1\t4\t874965759\n1\t2\t6\t876893172\n1\tx\t3\t876893173\n2\t2\t3\t876893174\n");

        assertThatThrownBy(() -> STRICT.readFold(dir, Ml100kFold.U2))
                .isInstanceOf(MalformedInputException.class)
                .hasMessage(dir.resolve("u2.test") + ":2: rating 6 outside the whole-star scale 1 to 5");

        Split fold = LENIENT.readFold(dir, Ml100kFold.U2);
        assertThat(fold.train().size()).isEqualTo(2);
        assertThat(fold.test().ratings()).containsExactly(4f, 3f); // lines 2 and 3 skipped

        assertThatThrownBy(() -> STRICT.readFold(dir, Ml100kFold.U3))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("u3.base");
    }
}
