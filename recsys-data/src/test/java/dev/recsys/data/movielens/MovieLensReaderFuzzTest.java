package dev.recsys.data.movielens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.core.data.RatingScale;
import dev.recsys.data.Interactions;
import dev.recsys.data.MalformedInputException;
import dev.recsys.data.MalformedRowPolicy;
import dev.recsys.data.MovieLensData;
import dev.recsys.data.Movies;
import dev.recsys.data.Tags;
import dev.recsys.data.Users;
import dev.recsys.data.internal.RowCursor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * The reader fuzz suite: small, valid files of every MovieLens layout, mutated (bit flips,
 * deletions, inserted quotes, separators and line breaks, duplicated lines, truncation, numbers
 * only Java reads, fields over the length limit), must either read into data that keeps every
 * documented invariant or fail with a {@link MalformedInputException} naming one of the files
 * and a line that exists. Anything else (a runtime exception, another IOException, an Error)
 * fails the property. Strict and lenient reads of the same files must agree: when the strict one
 * succeeds the lenient one gives the same data and skips nothing; when it fails, the lenient one
 * skips rows or fails no earlier in the files.
 *
 * <p>Seeded, so every run tries the same cases; {@code -Drecsys.fuzz.long=true} raises the tries
 * ({@link FuzzBudget}). jqwik prints the outcomes of each property as statistics.
 */
@AddLifecycleHook(FuzzBudget.Hook.class)
class MovieLensReaderFuzzTest {

    private static final MovieLensReader STRICT = MovieLensReader.builder().build();
    private static final MovieLensReader LENIENT = MovieLensReader.builder().policy(MalformedRowPolicy.LENIENT).build();
    private static final Charset LATIN_1 = StandardCharsets.ISO_8859_1;
    private static final Charset UTF_8 = StandardCharsets.UTF_8;

    /** Inserted bytes: quoting, separators of every layout, line ends, bad UTF-8, a BOM, NUL. */
    private static final List<byte[]> TOKENS = Stream.of("\"", ",", "\n", "\r\n", "\r", "::", ":", "|", "\t", "\"\"",
            ",\"", "\"\n", " ", "-", ".", "é", "\uFEFF", "\u0000", "9999999999", "\n\n")
            .map(t -> t.getBytes(UTF_8)).collect(ArrayList<byte[]>::new, List::add, List::addAll);
    /** Replacement numbers: Java spellings, signs, overflows, the edges of the accepted ranges. */
    private static final List<String> NUMBERS = List.of("5e-1", "0x1p2", "4.0d", "+4", "-0", "", "NaN", "4.", ".5",
            "99999999999999999999", "2147483648", "2147483647", "253402300800", "253402300799", "-62167219201",
            "-62167219200", "0", "00000000001", "4.000000000000000000001", "5.5", "3.25", "1e9", "٣");

    private static Path root;
    private static int caseNumber;

    /** The files of each layout, in the order the reader reads them, with their valid content. */
    enum Layout {
        CSV(Map.of(
                "movies.csv", utf8("movieId,title,genres\n"
                        + "1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy\n"
                        + "11,\"American President, The (1995)\",Comedy|Drama|Romance\n"
                        + "7789,\"11'09\"\"01 - September 11 (2002)\",Drama\n"
                        + "29,\"City of Lost Children, The (Cité des enfants perdus, La) (1995)\",Adventure|Sci-Fi\n"
                        + "114335,La cravate (1957),(no genres listed)\n"),
                "ratings.csv", utf8("userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,11,3.5,964981247\n"
                        + "2,7789,5.0,1445714994\n2,29,0.5,1445714835\n3,1,,1445715000\n3,999,2.0,1445715001\n"),
                "tags.csv", utf8("userId,movieId,tag,timestamp\n2,29,\"dark, hero\",1445714995\n3,1,pixar,1445715002\n"),
                "links.csv", utf8("movieId,imdbId,tmdbId\n1,0114709,862\n11,0112346,9087\n7789,0328802,\n"
                        + "29,0112682,902\n114335,0050253,\n")),
                "movies.csv", "ratings.csv", "tags.csv", "links.csv"),
        ML_1M(Map.of(
                "movies.dat", latin1("1::Toy Story (1995)::Animation|Children's|Comedy\n"
                        + "73::Misérables, Les (1995)::Drama|Musical\n"
                        + "260::Star Wars: Episode IV - A New Hope (1977)::Action|Adventure|Fantasy|Sci-Fi\n"),
                "ratings.dat", latin1("1::1::5::978824268\n1::73::3::978300760\n2::260::1::978302109\n"
                        + "2::999::4::978302110\n"),
                "users.dat", latin1("1::F::1::10::48067\n2::M::56::16::70072\n")),
                "movies.dat", "ratings.dat", "users.dat"),
        ML_10M(Map.of(
                "movies.dat", utf8("1::Toy Story (1995)::Adventure|Animation\n"
                        + "2::Misérables, Les (1995)::Drama\n3::Jumanji (1995)::(no genres listed)\n"),
                "ratings.dat", utf8("1::1::4.5::838985046\r\n1::2::0.5::838983525\r\n5::3::3::838983421\r\n"),
                "tags.dat", utf8("15::1::excellent!::1215184630\n20::2::ça va::1188263867\n")),
                "movies.dat", "ratings.dat", "tags.dat"),
        ML_100K(Map.of(
                "u.genre", latin1("unknown|0\nAction|1\nComedy|2\n\n"),
                "u.item", latin1("1|Toy Story (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?Toy%20Story|0|0|1\n"
                        + "2|GoldenEye (1995)|01-Jan-1995||http://us.imdb.com/|0|1|0\n"
                        + "3|Misérables, Les (1995)|01-Jan-1995|||1|0|0\n"),
                "u.data", latin1("196\t1\t3\t881250949\n186\t2\t5\t891717742\n196\t3\t1\t878887116\n"),
                "u.user", latin1("186|39|F|executive|00000\n196|49|M|writer|55105\n")),
                "u.genre", "u.item", "u.data", "u.user");

        final Map<String, byte[]> content;
        final List<String> files;

        Layout(Map<String, byte[]> content, String... readOrder) {
            this.content = content;
            this.files = List.of(readOrder);
        }

        /** The rating scale of the layout's ratings file. */
        RatingScale scale() {
            return this == ML_1M || this == ML_100K ? RatingScale.WHOLE_STARS : RatingScale.HALF_STARS;
        }
    }

    /** What a mutation does at a relative position {@code at} of one file. */
    enum Kind { FLIP_BIT, DELETE, INSERT, DUPLICATE_LINE, TRUNCATE, NUMBER }

    /**
     * One edit: {@code at} in [0, 1] places it in the file, {@code n} picks the bit, length,
     * token or number.
     */
    record Mutation(Kind kind, double at, int n) {
        byte[] apply(byte[] file) {
            int pos = (int) Math.min(file.length, Math.floor(at * (file.length + 1)));
            return switch (kind) {
                case FLIP_BIT -> {
                    byte[] out = file.clone();
                    if (out.length > 0) {
                        out[Math.min(pos, out.length - 1)] ^= (byte) (1 << (n % 8));
                    }
                    yield out;
                }
                case DELETE -> splice(file, pos, Math.min(file.length, pos + 1 + n % 6), new byte[0]);
                case INSERT -> splice(file, pos, pos, TOKENS.get(n % TOKENS.size()));
                case DUPLICATE_LINE -> {
                    int start = lineStart(file, pos);
                    int end = lineEnd(file, pos);
                    yield splice(file, end, end, Arrays.copyOfRange(file, start, end));
                }
                case TRUNCATE -> Arrays.copyOf(file, pos);
                case NUMBER -> {
                    // The run of digits, points and signs at or after pos becomes another number.
                    int start = pos;
                    while (start < file.length && !isNumberByte(file[start])) {
                        start++;
                    }
                    int end = start;
                    while (end < file.length && isNumberByte(file[end])) {
                        end++;
                    }
                    yield splice(file, start, end, NUMBERS.get(n % NUMBERS.size()).getBytes(UTF_8));
                }
            };
        }
    }

    @BeforeContainer
    static void createRoot() throws IOException {
        root = Files.createTempDirectory("recsys-reader-fuzz");
    }

    @AfterContainer
    static void deleteRoot() throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The unmutated files read strictly, with their known content: the fuzz cases start from valid data. */
    @Example
    void theBaseFilesOfEveryLayoutAreValid() throws IOException {
        for (Layout layout : Layout.values()) {
            MovieLensData data = STRICT.read(write(layout, Map.of()));
            assertInvariants(data, layout);
            assertThat(data.report().totalSkipped()).isZero();
            assertThat(data.movies().size()).as("%s movies", layout).isEqualTo(layout == Layout.CSV ? 5 : 3);
            assertThat(data.ratings().size()).as("%s ratings", layout)
                    .isEqualTo(layout == Layout.CSV ? 6 : layout == Layout.ML_1M ? 4 : 3);
        }
    }

    @Property(tries = 1000, seed = "20261130")
    @FuzzBudget(longTries = 100_000)
    void mutatedFilesReadCorrectlyOrFailNamingFileAndLine(@ForAll Layout layout,
            @ForAll @IntRange(min = 0, max = 3) int file, @ForAll("mutations") List<Mutation> mutations)
            throws IOException {
        String name = layout.files.get(file % layout.files.size());
        byte[] bytes = layout.content.get(name);
        for (Mutation m : mutations) {
            bytes = m.apply(bytes);
        }
        check(layout, write(layout, Map.of(name, bytes)), mutations.get(0).kind());
    }

    /**
     * A field (in the {@code ::} layout, a line) over 20,000,000 chars, anywhere in any file:
     * always a MalformedInputException naming the limit and the line of the insertion or, when
     * the field is a quoted one that started earlier, an earlier line. Each case writes 20 MB,
     * hence few tries.
     */
    @Property(tries = 4, seed = "20261130")
    @FuzzBudget(longTries = 40)
    void fieldsOverTheLengthLimitFailNamingFileLineAndLimit(@ForAll Layout layout,
            @ForAll @IntRange(min = 0, max = 3) int file, @ForAll @DoubleRange(min = 0, max = 1) double at,
            @ForAll @IntRange(min = 1, max = 1000) int extra) throws IOException {
        String name = layout.files.get(file % layout.files.size());
        byte[] original = layout.content.get(name);
        int pos = (int) Math.min(original.length, Math.floor(at * (original.length + 1)));
        byte[] huge = new byte[RowCursor.MAX_CHARS + extra];
        Arrays.fill(huge, (byte) 'x');
        Path dir = write(layout, Map.of(name, splice(original, pos, pos, huge)));
        long insertionLine = lines(Arrays.copyOf(original, pos));
        for (MovieLensReader reader : List.of(STRICT, LENIENT)) {
            MalformedInputException e = readExpectingFailure(reader, dir);
            Statistics.label("outcome").collect(e.file().getFileName().toString());
            assertThat(e.getMessage()).contains("longer than 20000000 characters");
            assertThat(e.file()).isEqualTo(dir.resolve(name));
            assertThat(e.line()).isBetween(1L, insertionLine);
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Mutation> one = Combinators.combine(Arbitraries.of(Kind.class),
                Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(0, 10_000)).as(Mutation::new);
        return one.list().ofMinSize(1).ofMaxSize(3);
    }

    /** Reads strictly and leniently and checks the outcomes and how they relate. */
    private static void check(Layout layout, Path dir, Kind firstKind) {
        Object strict = read(STRICT, dir, layout);
        Object lenient = read(LENIENT, dir, layout);
        String strictOutcome = strict instanceof MovieLensData ? "read" : "malformed";
        String lenientOutcome = lenient instanceof MovieLensData d
                ? d.report().totalSkipped() == 0 ? "read" : "read, rows skipped" : "malformed";
        Statistics.label("strict").collect(strictOutcome);
        Statistics.label("lenient").collect(lenientOutcome);
        Statistics.label("layout, first mutation").collect(layout, firstKind);
        if (strict instanceof MovieLensData s) {
            assertThat(lenient).as("lenient read of files the strict read accepts").isInstanceOf(MovieLensData.class);
            MovieLensData l = (MovieLensData) lenient;
            assertThat(l.report().totalSkipped()).isZero();
            assertThat(summary(l)).isEqualTo(summary(s));
        } else if (lenient instanceof MalformedInputException l) {
            MalformedInputException s = (MalformedInputException) strict;
            assertThat(layout.files.indexOf(fileName(l)) * (1L << 40) + l.line())
                    .as("the lenient read fails no earlier than the strict one: %s vs %s", l.getMessage(), s.getMessage())
                    .isGreaterThanOrEqualTo(layout.files.indexOf(fileName(s)) * (1L << 40) + s.line());
        } else {
            assertThat(((MovieLensData) lenient).report().totalSkipped()).as("rows the strict read refused").isPositive();
        }
    }

    /** The data, or the MalformedInputException, after checking whichever it is. */
    private static Object read(MovieLensReader reader, Path dir, Layout layout) {
        try {
            MovieLensData data = reader.read(dir);
            assertInvariants(data, layout);
            return data;
        } catch (MalformedInputException e) {
            assertNamesFileAndLine(e, dir, layout);
            return e;
        } catch (IOException e) {
            throw new AssertionError("undocumented IOException", e);
        }
    }

    private static MalformedInputException readExpectingFailure(MovieLensReader reader, Path dir) {
        try {
            reader.read(dir);
            throw new AssertionError("a field over the limit was read");
        } catch (MalformedInputException e) {
            return e;
        } catch (IOException e) {
            throw new AssertionError("undocumented IOException", e);
        }
    }

    private static void assertNamesFileAndLine(MalformedInputException e, Path dir, Layout layout) {
        assertThat(layout.files).contains(fileName(e));
        assertThat(e.file()).isEqualTo(dir.resolve(fileName(e)));
        assertThat(e.getMessage()).startsWith(e.file() + ":" + e.line() + ": ");
        try {
            assertThat(e.line()).as(e.getMessage()).isBetween(1L, lines(Files.readAllBytes(e.file())));
        } catch (IOException io) {
            throw new UncheckedIOException(io);
        }
    }

    /** What the readers promise of any data they return. */
    private static void assertInvariants(MovieLensData data, Layout layout) {
        Movies movies = data.movies();
        Set<Integer> movieIds = new HashSet<>();
        for (int i = 0; i < movies.size(); i++) {
            assertThat(movies.id(i)).isNotNegative();
            assertThat(movieIds.add(movies.id(i))).as("movie id %d once", movies.id(i)).isTrue();
            assertThat(movies.title(i)).isNotNull();
            assertThat(movies.genres(i)).doesNotContainNull();
        }
        Interactions ratings = data.ratings();
        long unmatched = 0;
        for (int r = 0; r < ratings.size(); r++) {
            float rating = ratings.rating(r);
            assertThat(Float.isNaN(rating) || layout.scale().contains(rating)).as("rating %s", rating).isTrue();
            assertThat(ratings.timestamp(r)).isBetween(RowCursor.MIN_TIMESTAMP, RowCursor.MAX_TIMESTAMP);
            assertThat(ratings.userId(r)).isNotNegative();
            assertThat(ratings.movieIndex(r)).isBetween(-1, movies.size() - 1);
            unmatched += ratings.movieIndex(r) < 0 ? 1 : 0;
        }
        assertThat(data.report().unmatchedMovieRatings()).isEqualTo(unmatched);
        Tags tags = data.tags();
        for (int t = 0; t < tags.size(); t++) {
            assertThat(tags.movieIndices()[t]).isBetween(-1, movies.size() - 1);
            assertThat(tags.timestamps()[t]).isBetween(RowCursor.MIN_TIMESTAMP, RowCursor.MAX_TIMESTAMP);
            assertThat(tags.userIds()[t]).isNotNegative();
        }
        data.users().ifPresent(users -> assertUsers(users));
        data.links().ifPresent(links -> assertThat(links.size()).isEqualTo(movies.size()));
        assertThat(data.report().skippedRows().keySet()).isSubsetOf(layout.files);
    }

    private static void assertUsers(Users users) {
        Set<Integer> ids = new HashSet<>();
        for (int u = 0; u < users.size(); u++) {
            assertThat(ids.add(users.ids()[u])).isTrue();
            assertThat(users.genders().get(u)).isIn("M", "F");
            assertThat(users.ages()[u]).isNotNegative();
        }
    }

    /** Everything a read returns, as comparable text. */
    private static String summary(MovieLensData data) {
        StringBuilder s = new StringBuilder();
        Movies movies = data.movies();
        for (int i = 0; i < movies.size(); i++) {
            s.append(movies.id(i)).append('|').append(movies.title(i)).append('|').append(movies.genres(i)).append('\n');
        }
        Interactions r = data.ratings();
        for (int i = 0; i < r.size(); i++) {
            s.append(r.userId(i)).append(',').append(r.movieIndex(i)).append(',').append(r.rating(i)).append(',')
                    .append(r.timestamp(i)).append('\n');
        }
        Tags t = data.tags();
        s.append(Arrays.toString(t.userIds())).append(Arrays.toString(t.movieIndices())).append(t.texts())
                .append(Arrays.toString(t.timestamps())).append('\n');
        data.users().ifPresent(u -> s.append(Arrays.toString(u.ids())).append(u.genders())
                .append(Arrays.toString(u.ages())).append(u.occupations()).append(u.zipCodes()).append('\n'));
        data.links().ifPresent(l -> s.append(Arrays.toString(l.imdbIds())).append(Arrays.toString(l.tmdbIds())));
        return s.append(data.report()).toString();
    }

    /** A fresh folder holding the layout's files, with {@code replaced} contents where given. */
    private static Path write(Layout layout, Map<String, byte[]> replaced) throws IOException {
        Path dir = Files.createDirectories(root.resolve("case-" + (caseNumber++ % 4)));
        try (Stream<Path> old = Files.list(dir)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        Map<String, byte[]> files = new LinkedHashMap<>(layout.content);
        files.putAll(replaced);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Files.write(dir.resolve(f.getKey()), f.getValue());
        }
        return dir;
    }

    private static String fileName(MalformedInputException e) {
        return e.file().getFileName().toString();
    }

    private static byte[] splice(byte[] bytes, int from, int to, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + insert.length);
        out.write(bytes, 0, from);
        out.write(insert, 0, insert.length);
        out.write(bytes, to, bytes.length - to);
        return out.toByteArray();
    }

    private static int lineStart(byte[] bytes, int pos) {
        int i = Math.min(pos, bytes.length);
        while (i > 0 && bytes[i - 1] != '\n') {
            i--;
        }
        return i;
    }

    private static int lineEnd(byte[] bytes, int pos) {
        int i = pos;
        while (i < bytes.length && bytes[i] != '\n') {
            i++;
        }
        return Math.min(bytes.length, i + 1);
    }

    private static boolean isNumberByte(byte b) {
        return (b >= '0' && b <= '9') || b == '.' || b == '-';
    }

    /**
     * Lines of a file, counting LF, CRLF and a lone CR as line ends: Jackson's CSV parser ends a
     * line at a lone CR too (the {@code ::} layout keeps it inside the line, so its count is
     * never higher).
     */
    private static long lines(byte[] bytes) {
        long n = 1;
        for (int i = 0; i < bytes.length; i++) {
            n += bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 == bytes.length || bytes[i + 1] != '\n')) ? 1 : 0;
        }
        return n;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(UTF_8);
    }

    private static byte[] latin1(String s) {
        return s.getBytes(LATIN_1);
    }
}
