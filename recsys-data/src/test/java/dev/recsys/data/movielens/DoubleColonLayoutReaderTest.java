package dev.recsys.data.movielens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.core.data.RatingScale;
import dev.recsys.data.Interactions;
import dev.recsys.data.MalformedInputException;
import dev.recsys.data.MalformedRowPolicy;
import dev.recsys.data.MovieLensData;
import dev.recsys.data.Users;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoubleColonLayoutReaderTest {
    private static final MovieLensReader STRICT = MovieLensReader.builder().build();
    private static final MovieLensReader LENIENT = MovieLensReader.builder().policy(MalformedRowPolicy.LENIENT).build();

    @TempDir
    Path dir;

    private void write(String name, String content, Charset charset) throws IOException {
        Files.write(dir.resolve(name), content.getBytes(charset));
    }

    /** Rows as in ml-1m's files (checked against the ml-1m README's formats). */
    private void writeMl1m(String ratings) throws IOException {
        write("movies.dat", "1::Toy Story (1995)::Animation|Children's|Comedy\n"
                + "73::Misérables, Les (1995)::Drama|Musical\n"
                + "260::Star Wars: Episode IV - A New Hope (1977)::Action|Adventure|Fantasy|Sci-Fi\n",
                StandardCharsets.ISO_8859_1);
        write("ratings.dat", ratings, StandardCharsets.ISO_8859_1);
        write("users.dat", "1::F::1::10::48067\n2::M::56::16::70072\n", StandardCharsets.ISO_8859_1);
    }

    @Test
    void readsMl1mWithIsoLatin1TitlesAndUsers() throws IOException {
        writeMl1m("1::1::5::978824268\n1::73::3::978300760\n2::260::1::978302109\n2::999::4::978302110\n");

        MovieLensData data = STRICT.read(dir);

        assertThat(data.movies().title(1)).isEqualTo("Misérables, Les (1995)");
        assertThat(data.movies().title(2)).isEqualTo("Star Wars: Episode IV - A New Hope (1977)");
        assertThat(data.movies().year(2)).isEqualTo(1977);
        assertThat(data.movies().genres(0)).containsExactly("Animation", "Children's", "Comedy");
        Interactions r = data.ratings();
        assertThat(r.ratings()).containsExactly(5f, 3f, 1f, 4f);
        assertThat(r.timestamps()).containsExactly(978824268L, 978300760L, 978302109L, 978302110L);
        assertThat(r.movieIndex(2)).isEqualTo(2);
        assertThat(r.movieIndex(3)).isEqualTo(-1);
        assertThat(data.report().unmatchedMovieRatings()).isEqualTo(1);
        Users users = data.users().orElseThrow();
        assertThat(users.ids()).containsExactly(1, 2);
        assertThat(users.genders()).containsExactly("F", "M");
        assertThat(users.ages()).containsExactly(1, 56);
        assertThat(users.occupations()).containsExactly("10", "16");
        assertThat(users.zipCodes()).containsExactly("48067", "70072");
        assertThat(data.tags().size()).isZero();
        assertThat(data.ratings().scale()).isEqualTo(RatingScale.WHOLE_STARS);
    }

    @Test
    void ml1mRatingsAreWholeStars() throws IOException {
        writeMl1m("1::1::5::978824268\n1::73::3.5::978300760\n");

        assertThatThrownBy(() -> STRICT.read(dir))
                .isInstanceOf(MalformedInputException.class)
                .hasMessage(dir.resolve("ratings.dat") + ":2: rating 3.5 outside the whole-star scale 1 to 5");
    }

    @Test
    void readsMl10mWithUtf8TitlesTagsHalfStarsAndCrlf() throws IOException {
        write("movies.dat", ("4973::Amélie (Fabuleux destin d'Amélie Poulain, Le) (2001)::Comedy|Romance\r\n"
                + "1::Toy Story (1995)::Adventure|Animation\r\n"), StandardCharsets.UTF_8);
        write("ratings.dat", "1::4973::4.5::838985046\r\n1::1::0.5::838983525\r\n", StandardCharsets.UTF_8);
        write("tags.dat", "15::4973::whimsical: sweet::1215184630\r\n20::7::excellent!::1188263867\r\n",
                StandardCharsets.UTF_8);

        MovieLensData data = STRICT.read(dir);

        assertThat(data.movies().title(0)).isEqualTo("Amélie (Fabuleux destin d'Amélie Poulain, Le) (2001)");
        assertThat(data.movies().genres(1)).containsExactly("Adventure", "Animation");
        assertThat(data.ratings().ratings()).containsExactly(4.5f, 0.5f);
        assertThat(data.ratings().scale()).isEqualTo(RatingScale.HALF_STARS);
        assertThat(data.tags().texts()).containsExactly("whimsical: sweet", "excellent!");
        assertThat(data.tags().movieIndices()).containsExactly(0, -1);
        assertThat(data.tags().userIds()).containsExactly(15, 20);
        assertThat(data.tags().timestamps()).containsExactly(1215184630L, 1188263867L);
        assertThat(data.users()).isEmpty();
    }

    @Test
    void ml10mRatingsAreHalfStars() throws IOException {
        write("movies.dat", "1::Toy Story (1995)::Animation\n", StandardCharsets.UTF_8);
        write("ratings.dat", "1::1::5.0::838985046\n1::1::5.5::838985046\n", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> STRICT.read(dir))
                .hasMessage(dir.resolve("ratings.dat") + ":2: rating 5.5 outside the half-star scale 0.5 to 5.0");
    }

    @Test
    void malformedRowsNameFileAndLine() throws IOException {
        writeMl1m("1::1::5::978824268\n1::73::3\n");
        assertThatThrownBy(() -> STRICT.read(dir))
                .hasMessage(dir.resolve("ratings.dat") + ":2: expected 4 fields, found 3");

        writeMl1m("1::1::5::978824268\n\n1::73::3::97830O760\n");
        assertThatThrownBy(() -> STRICT.read(dir))
                .hasMessage(dir.resolve("ratings.dat") + ":3: bad timestamp '97830O760': expected whole seconds since 1970");

        writeMl1m("1::1::5::978824268\n");
        write("users.dat", "1::F::1::10::48067\n2::X::56::16::70072\n", StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> STRICT.read(dir))
                .hasMessage(dir.resolve("users.dat") + ":2: bad gender 'X': expected M or F");

        write("users.dat", "1::F::1::10::48067\n1::M::56::16::70072\n", StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> STRICT.read(dir))
                .hasMessage(dir.resolve("users.dat") + ":2: duplicate user id 1");

        write("users.dat", "1::F::1::10::48067\n", StandardCharsets.ISO_8859_1);
        write("movies.dat", "1::Toy Story (1995)::Animation\n2::Jumanji: Part 1::Part 2 (1995)::Adventure\n",
                StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> STRICT.read(dir))
                .hasMessage(dir.resolve("movies.dat") + ":2: expected 3 fields, found 4");
    }

    /** The same limit as the CSV layouts' field limit, on a whole line: fatal under both policies. */
    @Test
    void lineOverTheLengthLimitIsMalformedUnderBothPolicies() throws IOException {
        writeMl1m("1::1::5::978824268\n");
        write("movies.dat", "1::Toy Story (1995)::Animation\n2::" + "x".repeat(20_000_001) + "::Drama\n3::C::Drama\n",
                StandardCharsets.ISO_8859_1);

        for (MovieLensReader reader : List.of(STRICT, LENIENT)) {
            assertThatThrownBy(() -> reader.read(dir))
                    .isInstanceOfSatisfying(MalformedInputException.class, e -> assertThat(e.line()).isEqualTo(2))
                    .hasMessage(dir.resolve("movies.dat") + ":2: a line longer than 20000000 characters,"
                            + " the most a line may hold");
        }
    }

    @Test
    void numbersOnlyJavaReadsAreMalformed() throws IOException {
        for (String rating : new String[] {"5e0", "0x1p2", "4d"}) {
            writeMl1m("1::1::" + rating + "::978824268\n");
            assertThatThrownBy(() -> STRICT.read(dir)).hasMessage(dir.resolve("ratings.dat") + ":1: bad rating '"
                    + rating + "': expected a decimal number such as 4 or 3.5 on the whole-star scale 1 to 5");
        }
        writeMl1m("1::1::5::1000000000000000000\n");
        assertThatThrownBy(() -> STRICT.read(dir)).hasMessage(dir.resolve("ratings.dat")
                + ":1: bad timestamp '1000000000000000000': expected whole seconds since 1970");
        writeMl1m("1::1::5::100000000000000000\n");
        assertThatThrownBy(() -> STRICT.read(dir)).hasMessage(dir.resolve("ratings.dat")
                + ":1: timestamp 100000000000000000 outside the years 0000 to 9999 (-62167219200 to 253402300799 seconds)");
    }

    @Test
    void lenientCountsSkippedRowsPerFile() throws IOException {
        writeMl1m("1::1::5::978824268\n1::73::6::978300760\nx::1::5::978824268\n2::260::2::978302109\n");
        write("users.dat", "1::F::1::10::48067\n2::M::old::16::70072\n", StandardCharsets.ISO_8859_1);

        MovieLensData data = LENIENT.read(dir);

        assertThat(data.report().skippedRows()).isEqualTo(Map.of("ratings.dat", 2L, "users.dat", 1L));
        assertThat(data.ratings().ratings()).containsExactly(5f, 2f);
        assertThat(data.users().orElseThrow().ids()).containsExactly(1);
    }

    @Test
    void utf8ByteOrderMarkIsDropped() throws IOException {
        write("movies.dat", "\uFEFF1::Toy Story (1995)::Animation\n", StandardCharsets.UTF_8);
        write("ratings.dat", "\uFEFF1::1::4.0::838985046\n", StandardCharsets.UTF_8);

        MovieLensData data = STRICT.read(dir);

        assertThat(data.movies().id(0)).isEqualTo(1);
        assertThat(data.ratings().ratings()).containsExactly(4f);
    }
}
