package dev.recsys.data.movielens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.core.data.RatingScale;
import dev.recsys.data.Interactions;
import dev.recsys.data.Links;
import dev.recsys.data.MalformedInputException;
import dev.recsys.data.MalformedRowPolicy;
import dev.recsys.data.MovieLensData;
import dev.recsys.data.Movies;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvLayoutReaderTest {
    private static final String MOVIES_HEADER = "movieId,title,genres\n";
    private static final String RATINGS_HEADER = "userId,movieId,rating,timestamp\n";
    private static final String TAGS_HEADER = "userId,movieId,tag,timestamp\n";

    @TempDir
    Path dir;

    private static final MovieLensReader STRICT = MovieLensReader.builder().build();
    private static final MovieLensReader LENIENT = MovieLensReader.builder().policy(MalformedRowPolicy.LENIENT).build();

    private void write(String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private void writeWithBom(String name, String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        bytes.write(content.getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve(name), bytes.toByteArray());
    }

    @Test
    void readsQuotedTitlesWithCommasAndQuotesBomAndCrlf() throws IOException {
        writeWithBom("movies.csv", (MOVIES_HEADER
                + "11,\"American President, The (1995)\",Comedy|Drama|Romance\n"
                + "7789,\"11'09\"\"01 - September 11 (2002)\",Drama\n"
                + "29,\"City of Lost Children, The (Cité des enfants perdus, La) (1995)\",Adventure|Sci-Fi\n"
                + "114335,La cravate (1957),(no genres listed)\n"
                + "5,Untitled,\n").replace("\n", "\r\n"));
        write("ratings.csv", RATINGS_HEADER + "1,11,4.0,964982703\n");

        Movies movies = STRICT.read(dir).movies();

        assertThat(movies.size()).isEqualTo(5);
        assertThat(movies.id(0)).isEqualTo(11);
        assertThat(movies.title(0)).isEqualTo("American President, The (1995)");
        assertThat(movies.genres(0)).containsExactly("Comedy", "Drama", "Romance");
        assertThat(movies.title(1)).isEqualTo("11'09\"01 - September 11 (2002)");
        assertThat(movies.year(1)).isEqualTo(2002);
        assertThat(movies.title(2)).isEqualTo("City of Lost Children, The (Cité des enfants perdus, La) (1995)");
        assertThat(movies.genres(3)).containsExactly("(no genres listed)");
        assertThat(movies.genres(4)).isEmpty();
        assertThat(movies.year(4)).isEqualTo(Movies.NO_YEAR);
    }

    @Test
    void readsRatingsIntoColumnsKeepingUnmatchedMoviesAndMissingRatings() throws IOException {
        write("movies.csv", MOVIES_HEADER + "1,Toy Story (1995),Animation\n2,Jumanji (1995),Children\n");
        writeWithBom("ratings.csv", (RATINGS_HEADER
                + "7,2,0.5,964982703\n"
                + "7,1,5.0,964982224\n"
                + "3,99,3.5,1445714994\n"
                + "3,1,,1445714995\n"
                + "3,2,4,-5\n").replace("\n", "\r\n"));

        MovieLensData data = STRICT.read(dir);
        Interactions r = data.ratings();

        assertThat(r.size()).isEqualTo(5);
        assertThat(r.userCount()).isEqualTo(2);
        assertThat(r.userId(0)).isEqualTo(7);
        assertThat(r.userId(2)).isEqualTo(3);
        assertThat(r.movieIndex(0)).isEqualTo(1);
        assertThat(r.movieIndex(1)).isEqualTo(0);
        assertThat(r.movieIndex(2)).isEqualTo(-1); // movie 99 is not in movies.csv
        assertThat(r.ratings()).containsExactly(0.5f, 5.0f, 3.5f, Float.NaN, 4.0f);
        assertThat(r.timestamps()).containsExactly(964982703L, 964982224L, 1445714994L, 1445714995L, -5L);
        assertThat(r.scale()).isEqualTo(RatingScale.HALF_STARS);
        assertThat(data.report().unmatchedMovieRatings()).isEqualTo(1);
        assertThat(data.report().skippedRows()).isEmpty();
        assertThat(data.users()).isEmpty();
        assertThat(data.tags().size()).isZero();
    }

    @Test
    void readsTagsWithQuotesAndUnknownMovies() throws IOException {
        write("movies.csv", MOVIES_HEADER + "4552,Tetsuo (1989),Horror\n");
        write("ratings.csv", RATINGS_HEADER);
        write("tags.csv", TAGS_HEADER
                + "567,4552,\"\"\"artsy\"\"\",1525285878\n"
                + "2,60756,\"funny, really\",1445714994\n");

        MovieLensData data = STRICT.read(dir);

        assertThat(data.ratings().size()).isZero();
        assertThat(data.tags().texts()).containsExactly("\"artsy\"", "funny, really");
        assertThat(data.tags().userIds()).containsExactly(567, 2);
        assertThat(data.tags().movieIndices()).containsExactly(0, -1);
        assertThat(data.tags().timestamps()).containsExactly(1525285878L, 1445714994L);
    }

    @Test
    void blankLinesAndQuotedLineBreaksKeepPhysicalLineNumbers() throws IOException {
        write("movies.csv", MOVIES_HEADER + "1,\"Two\nLines (2001)\",Drama\n\n2,Fine (2002),Drama\n3,Broken,Drama,extra\n");
        write("ratings.csv", RATINGS_HEADER);

        // line 1 header, lines 2-3 the quoted title, line 4 blank, line 5 movie 2, line 6 the bad row
        assertThatThrownBy(() -> STRICT.read(dir))
                .isInstanceOfSatisfying(MalformedInputException.class, e -> {
                    assertThat(e.line()).isEqualTo(6);
                    assertThat(e.file()).isEqualTo(dir.resolve("movies.csv"));
                })
                .hasMessageEndingWith("movies.csv:6: expected 3 fields, found 4");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "'1,1,4.0'                  | expected 4 fields, found 3",
        "'1,1,4.0,964982703,x'      | expected 4 fields, found 5",
        "'x1,1,4.0,964982703'       | bad user id 'x1': expected a non-negative integer",
        "'1,-1,4.0,964982703'       | bad movie id '-1': expected a non-negative integer",
        "'1,1,4.0,9649827x3'        | bad timestamp '9649827x3': expected whole seconds since 1970",
        "'1,1,4.0,2024-01-01'       | bad timestamp '2024-01-01': expected whole seconds since 1970",
        "'1,1,5.5,964982703'        | rating 5.5 outside the half-star scale 0.5 to 5.0",
        "'1,1,0,964982703'          | rating 0 outside the half-star scale 0.5 to 5.0",
        "'1,1,3.25,964982703'       | rating 3.25 outside the half-star scale 0.5 to 5.0",
        "'1,1,good,964982703'       | bad rating 'good': expected a decimal number such as 4 or 3.5 on the half-star scale 0.5 to 5.0",
    })
    void malformedRatingNamesFileAndLine(String row, String problem) throws IOException {
        write("movies.csv", MOVIES_HEADER + "1,Toy Story (1995),Animation\n");
        write("ratings.csv", RATINGS_HEADER + "1,1,4.0,964982703\n\n" + row + "\n1,1,3.0,964982703\n");

        assertThatThrownBy(() -> STRICT.read(dir))
                .isInstanceOf(MalformedInputException.class)
                .hasMessage(dir.resolve("ratings.csv") + ":4: " + problem);
    }

    /** Ratings that only Java's number syntax reads, and timestamps past the year 9999. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "'1,1,5e-1,964982703'       | bad rating '5e-1': expected a decimal number such as 4 or 3.5 on the half-star scale 0.5 to 5.0",
        "'1,1,0x1p2,964982703'      | bad rating '0x1p2': expected a decimal number such as 4 or 3.5 on the half-star scale 0.5 to 5.0",
        "'1,1,4.0d,964982703'       | bad rating '4.0d': expected a decimal number such as 4 or 3.5 on the half-star scale 0.5 to 5.0",
        "'1,1,+4,964982703'         | bad rating '+4': expected a decimal number such as 4 or 3.5 on the half-star scale 0.5 to 5.0",
        "'1,1,NaN,964982703'        | bad rating 'NaN': expected a decimal number such as 4 or 3.5 on the half-star scale 0.5 to 5.0",
        "'1,1,4.0,253402300800'     | timestamp 253402300800 outside the years 0000 to 9999 (-62167219200 to 253402300799 seconds)",
        "'1,1,4.0,999999999999999999' | timestamp 999999999999999999 outside the years 0000 to 9999 (-62167219200 to 253402300799 seconds)",
        "'1,1,4.0,-62167219201'     | timestamp -62167219201 outside the years 0000 to 9999 (-62167219200 to 253402300799 seconds)",
    })
    void numbersOnlyJavaReadsAreMalformed(String row, String problem) throws IOException {
        malformedRatingNamesFileAndLine(row, problem);
    }

    @Test
    void plainDecimalsOfAnyLengthAndTheYearRangeEdgesAreRead() throws IOException {
        write("movies.csv", MOVIES_HEADER + "1,Toy Story (1995),Animation\n");
        write("ratings.csv", RATINGS_HEADER + "1,1,4.000000000000000000000,253402300799\n"
                + "1,1,.5,-62167219200\n1,1,3.,0\n");

        Interactions ratings = STRICT.read(dir).ratings();

        assertThat(ratings.ratings()).containsExactly(4f, 0.5f, 3f);
        assertThat(ratings.timestamps()).containsExactly(253_402_300_799L, -62_167_219_200L, 0L);
    }

    /** Jackson refuses a field longer than 20,000,000 chars; that must be a malformed file, under both policies. */
    @Test
    void fieldOverTheLengthLimitIsMalformedUnderBothPolicies() throws IOException {
        write("movies.csv", MOVIES_HEADER + "1,A (1990),Drama\n2,\"" + "x".repeat(20_000_001) + "\",Drama\n");
        write("ratings.csv", RATINGS_HEADER);

        for (MovieLensReader reader : List.of(STRICT, LENIENT)) {
            assertThatThrownBy(() -> reader.read(dir))
                    .isInstanceOfSatisfying(MalformedInputException.class, e -> assertThat(e.line()).isEqualTo(3))
                    .hasMessage(dir.resolve("movies.csv") + ":3: unreadable CSV: a field longer than 20000000"
                            + " characters, the most a field may hold");
        }
    }

    @Test
    void lenientSkipsAndCountsMalformedRowsPerFile() throws IOException {
        write("movies.csv", MOVIES_HEADER + "1,A (1990),Drama\none,B (1991),Drama\n1,Duplicate (1992),Drama\n2,C (1993),Drama\n");
        write("ratings.csv", RATINGS_HEADER + "1,1,4.0,10\n1,2,9.0,11\n1,2\n2,2,2.5,12\n2,2,2.5,later\n");
        write("tags.csv", TAGS_HEADER + "1,1,fine,5\n1,1,bad time,x\n");

        MovieLensData data = LENIENT.read(dir);

        assertThat(data.report().skippedRows())
                .isEqualTo(Map.of("movies.csv", 2L, "ratings.csv", 3L, "tags.csv", 1L));
        assertThat(data.report().totalSkipped()).isEqualTo(6);
        assertThat(data.movies().size()).isEqualTo(2);
        assertThat(data.movies().title(0)).isEqualTo("A (1990)"); // the first of a duplicated id wins
        assertThat(data.ratings().ratings()).containsExactly(4.0f, 2.5f);
        assertThat(data.tags().texts()).containsExactly("fine");
    }

    @Test
    void strictIsTheDefault() throws IOException {
        write("movies.csv", MOVIES_HEADER + "1,A (1990),Drama\n1,Duplicate (1992),Drama\n");
        write("ratings.csv", RATINGS_HEADER);

        assertThatThrownBy(() -> STRICT.read(dir))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageEndingWith("movies.csv:3: duplicate movie id 1");
    }

    @Test
    void wrongHeaderIsFatalEvenWhenLenient() throws IOException {
        write("movies.csv", MOVIES_HEADER + "1,A (1990),Drama\n");
        write("ratings.csv", "userId,movieId,timestamp,rating\n1,1,10,4.0\n");

        assertThatThrownBy(() -> LENIENT.read(dir))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageEndingWith("ratings.csv:1: expected header userId,movieId,rating,timestamp,"
                        + " found userId,movieId,timestamp,rating");
    }

    @Test
    void emptyFileIsFatal() throws IOException {
        write("movies.csv", "");
        write("ratings.csv", RATINGS_HEADER);

        assertThatThrownBy(() -> LENIENT.read(dir))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageEndingWith("movies.csv:1: empty file: expected header movieId,title,genres");
    }

    @Test
    void unclosedQuoteIsFatalEvenWhenLenientAndNamesTheRowsLine() throws IOException {
        write("movies.csv", MOVIES_HEADER + "1,A (1990),Drama\n2,\"Open, quote (1991),Drama\n3,C (1992),Drama\n");
        write("ratings.csv", RATINGS_HEADER);

        assertThatThrownBy(() -> LENIENT.read(dir))
                .isInstanceOfSatisfying(MalformedInputException.class, e -> assertThat(e.line()).isEqualTo(3))
                .hasMessageContaining("movies.csv:3: unreadable CSV")
                .hasMessageContaining("quote");
    }

    @Test
    void invalidUtf8IsFatal() throws IOException {
        byte[] head = (MOVIES_HEADER + "1,Mis").getBytes(StandardCharsets.UTF_8);
        byte[] tail = "rables (1995),Drama\n".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(head);
        bytes.write(0xE9); // 'é' in ISO-8859-1, not valid UTF-8 here
        bytes.write(tail);
        Files.write(dir.resolve("movies.csv"), bytes.toByteArray());
        write("ratings.csv", RATINGS_HEADER);

        assertThatThrownBy(() -> STRICT.read(dir))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("movies.csv:2: unreadable CSV");
    }

    @Test
    void readsLargerFilesAcrossParserBuffers() throws IOException {
        StringBuilder movies = new StringBuilder(MOVIES_HEADER);
        for (int m = 1; m <= 50; m++) {
            movies.append(m).append(",\"Movie ").append(m).append(", The (1999)\",Drama\n");
        }
        write("movies.csv", movies.toString());
        StringBuilder ratings = new StringBuilder(RATINGS_HEADER);
        int rows = 30_000;
        for (int i = 0; i < rows; i++) {
            ratings.append(1 + i / 100).append(',').append(1 + i % 50).append(',')
                    .append((1 + i % 10) / 2).append((1 + i % 10) % 2 == 0 ? ".0" : ".5").append(',')
                    .append(1_000_000_000L + i).append('\n');
        }
        write("ratings.csv", ratings.toString());

        Interactions r = STRICT.read(dir).ratings();

        // the generator gives rating (1 + i % 10) / 2 to row i, i.e. 0.5, 1.0, ..., 5.0 repeating
        assertThat(r.size()).isEqualTo(rows);
        assertThat(r.userCount()).isEqualTo(rows / 100);
        for (int i = 0; i < rows; i += 997) {
            assertThat(r.rating(i)).isEqualTo((1 + i % 10) / 2f);
            assertThat(r.userId(i)).isEqualTo(1 + i / 100);
            assertThat(r.movies().id(r.movieIndex(i))).isEqualTo(1 + i % 50);
            assertThat(r.timestamp(i)).isEqualTo(1_000_000_000L + i);
        }
        assertThat(r.countsPerMovie()).containsOnly(rows / 50);
    }

    @Test
    void readsLinksWithLeadingZerosAndMissingTmdbIds() throws IOException {
        write("movies.csv", MOVIES_HEADER + "1,Toy Story (1995),Animation\n791,Unlinked (1994),Drama\n3,No row (1995),Drama\n");
        write("ratings.csv", RATINGS_HEADER);
        write("links.csv", "movieId,imdbId,tmdbId\r\n1,0114709,862\r\n791,0113610,\r\n");

        Links links = STRICT.read(dir).links().orElseThrow();

        assertThat(links.size()).isEqualTo(3);
        assertThat(links.imdbIds()).containsExactly(114709, 113610, Links.NONE);
        assertThat(links.tmdbIds()).containsExactly(862, Links.NONE, Links.NONE);
    }

    @Test
    void linksOfUnknownOrRepeatedMoviesAreMalformed() throws IOException {
        write("movies.csv", MOVIES_HEADER + "1,Toy Story (1995),Animation\n");
        write("ratings.csv", RATINGS_HEADER);
        write("links.csv", "movieId,imdbId,tmdbId\n1,0114709,862\n2,0113497,8844\n1,0114709,862\n1,tt0114709,862\n");

        assertThatThrownBy(() -> STRICT.read(dir))
                .hasMessage(dir.resolve("links.csv") + ":3: movie id 2 is not in the catalogue");
        MovieLensData data = LENIENT.read(dir);
        assertThat(data.report().skippedRows()).isEqualTo(Map.of("links.csv", 3L));
        assertThat(data.links().orElseThrow().imdbIds()).containsExactly(114709);
    }

    @Test
    void readsWithoutTagsAndLinksFiles() throws IOException {
        write("movies.csv", MOVIES_HEADER + "1,A (1990),Drama\n");
        write("ratings.csv", RATINGS_HEADER + "1,1,4.0,10\n");

        MovieLensData data = STRICT.read(dir);
        assertThat(data.tags().size()).isZero();
        assertThat(data.links()).isEmpty();
        assertThat(List.of(MovieLensLayout.detect(dir))).containsExactly(MovieLensLayout.CSV);
    }
}
