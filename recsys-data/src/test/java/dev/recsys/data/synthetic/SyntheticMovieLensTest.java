package dev.recsys.data.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.recsys.data.Interactions;
import dev.recsys.data.MovieLensData;
import dev.recsys.data.Movies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticMovieLensTest {

    @TempDir
    Path tmp;

    @Test
    void theSameSeedGivesTheSameDataAndBytes() throws IOException {
        SyntheticMovieLens generator = small(5).build();
        assertSameData(generator.generate(), small(5).build().generate());

        generator.writeCsv(tmp.resolve("a"));
        small(5).build().writeCsv(tmp.resolve("b"));
        for (String file : List.of("movies.csv", "ratings.csv")) {
            assertThat(Files.readAllBytes(tmp.resolve("a").resolve(file)))
                    .as(file).isEqualTo(Files.readAllBytes(tmp.resolve("b").resolve(file)));
        }
    }

    @Test
    void anotherSeedGivesOtherData() {
        Interactions a = small(5).build().generate().ratings();
        Interactions b = small(6).build().generate().ratings();

        assertThat(a.ratings()).isNotEqualTo(b.ratings());
        assertThat(a.timestamps()).isNotEqualTo(b.timestamps());
        assertThat(small(5).build().generate().movies().title(0))
                .isNotEqualTo(small(6).build().generate().movies().title(0));
    }

    @Property(tries = 60)
    void everyDatasetKeepsTheMovieLensInvariants(@ForAll long seed, @ForAll @IntRange(min = 1, max = 25) int users,
            @ForAll @IntRange(min = 1, max = 40) int movies, @ForAll @IntRange(min = 0, max = 1000) int extra) {
        int ratings = users + extra % (users * (movies - 1) + 1); // anywhere in [users, users * movies]
        Instant from = Instant.parse("2001-02-03T04:05:06Z");
        Instant to = Instant.parse("2003-01-01T00:00:00Z");
        MovieLensData data = SyntheticMovieLens.builder(seed).users(users).movies(movies).ratings(ratings)
                .timeSpan(from, to).build().generate();
        Interactions rows = data.ratings();
        Movies catalogue = data.movies();

        assertThat(rows.size()).isEqualTo(ratings);
        assertThat(rows.userCount()).isEqualTo(users);
        assertThat(catalogue.size()).isEqualTo(movies);
        Set<Long> pairs = new HashSet<>();
        for (int row = 0; row < rows.size(); row++) {
            assertThat(rows.userId(row)).isBetween(1, users);
            assertThat(rows.movieIndex(row)).isBetween(0, movies - 1);
            float r = rows.rating(row);
            assertThat(r).isBetween(0.5f, 5.0f);
            assertThat(r * 2).isEqualTo((float) Math.rint(r * 2));
            assertThat(rows.timestamp(row)).isBetween(from.getEpochSecond(), to.getEpochSecond() - 1);
            assertThat(pairs.add((long) rows.userId(row) << 32 | rows.movieIndex(row))).as("repeated pair").isTrue();
            if (row > 0 && rows.userId(row) == rows.userId(row - 1)) {
                assertThat(catalogue.id(rows.movieIndex(row))).isGreaterThan(catalogue.id(rows.movieIndex(row - 1)));
            } else if (row > 0) {
                assertThat(rows.userId(row)).isEqualTo(rows.userId(row - 1) + 1);
            }
        }
        for (int m = 0; m < movies; m++) {
            assertThat(catalogue.year(m)).isBetween(1902, 2003);
            List<String> genres = catalogue.genres(m);
            assertThat(genres).isNotEmpty().doesNotHaveDuplicates();
            if (!genres.equals(List.of(SyntheticMovieLens.NO_GENRES))) {
                assertThat(SyntheticMovieLens.GENRES).containsAll(genres);
                assertThat(genres).isSorted();
            }
        }
    }

    @Test
    void everyUserRatesAtLeastTwentyMoviesOrAnEvenShare() {
        int[] counts = SyntheticMovieLens.builder(1).users(200).movies(500).ratings(30_000).build().generate()
                .ratings().countsPerUser();
        assertThat(Arrays.stream(counts).min().getAsInt()).isGreaterThanOrEqualTo(20);

        // 500 ratings over 50 users: a floor of 500 / 50 = 10 each, nothing left to share.
        int[] even = SyntheticMovieLens.builder(1).users(50).movies(500).ratings(500).build().generate()
                .ratings().countsPerUser();
        assertThat(even).containsOnly(10);
    }

    @Test
    void withoutActivitySkewRatingsAreSharedEvenly() {
        // Equal weights: 10,007 ratings over 100 users give every user 100 or 101.
        int[] counts = SyntheticMovieLens.builder(2).users(100).movies(300).ratings(10_007).activitySkew(0).build()
                .generate().ratings().countsPerUser();
        assertThat(counts).containsOnly(100, 101);
        assertThat(Arrays.stream(counts).sum()).isEqualTo(10_007);
    }

    @Test
    void activitySkewGivesAFewUsersManyRatings() {
        // With log-normal weights of sigma 1.2, the largest of 500 weights is near exp(1.2 * 2.9) = 32 times the
        // median, far above the 3 asserted here; the floor of 20 only narrows the gap.
        int[] counts = SyntheticMovieLens.builder(3).users(500).movies(5000).ratings(60_000).build().generate()
                .ratings().countsPerUser();
        Arrays.sort(counts);
        assertThat(counts[counts.length - 1]).isGreaterThan(3 * counts[counts.length / 2]);
    }

    @Test
    void usersWhoRateTheWholeCatalogueGetEveryMovieOnce() {
        MovieLensData data = SyntheticMovieLens.builder(4).users(3).movies(40).ratings(118).activitySkew(4).build()
                .generate();
        // 118 = 3 * 40 - 2: at most two (user, movie) pairs are missing, so at least one user rated all 40.
        int[] counts = data.ratings().countsPerUser();
        assertThat(Arrays.stream(counts).max().getAsInt()).isEqualTo(40);
        int[] perMovie = data.ratings().countsPerMovie();
        assertThat(Arrays.stream(perMovie).min().getAsInt()).isGreaterThanOrEqualTo(1);
        assertThat(Arrays.stream(perMovie).max().getAsInt()).isLessThanOrEqualTo(3);
    }

    @Test
    void popularMoviesTakeAtLeastTheShareZipfImplies() {
        int users = 500;
        int movies = 2000;
        int ratings = 40_000;
        MovieLensData data = SyntheticMovieLens.builder(7).users(users).movies(movies).ratings(ratings)
                .popularityExponent(1.0).build().generate();

        // Zipf masses by rank, prefix[j] = mass of the j most popular movies.
        double[] prefix = new double[movies + 1];
        for (int k = 1; k <= movies; k++) {
            prefix[k] = prefix[k - 1] + 1.0 / k;
        }
        for (int k = 0; k <= movies; k++) {
            prefix[k] /= prefix[movies];
        }
        int top = movies / 10;
        double topMass = prefix[top];
        // A user drawing without replacement who already holds j movies has removed at most the j most popular,
        // so the next draw lands in the true top 10% with probability >= (T - M_j) / (1 - M_j).
        double bound = 0;
        for (int n : data.ratings().countsPerUser()) {
            for (int j = 0; j < Math.min(n, top); j++) {
                bound += (topMass - prefix[j]) / (1 - prefix[j]);
            }
        }
        bound /= ratings;
        // The most rated 10% hold at least what the true top 10% hold. The count has sd <= sqrt(40000 / 4) / 40000
        // = 0.0025 of the share, so 0.02 is 8 sd of slack.
        assertThat(bound).isGreaterThan(0.3);
        assertThat(topShare(data, top)).isGreaterThan(bound - 0.02);

        // Without skew, counts are near Poisson(20): the top decile averages about 20 + 1.755 * sqrt(20) = 27.8,
        // a share of 0.139.
        MovieLensData flat = SyntheticMovieLens.builder(7).users(users).movies(movies).ratings(ratings)
                .popularityExponent(0).build().generate();
        assertThat(topShare(flat, top)).isLessThan(0.16);
    }

    @Test
    void ratingsCarryUserAndMovieBiases() {
        MovieLensData data = SyntheticMovieLens.builder(11).users(300).movies(200).ratings(30_000).build().generate();
        Interactions rows = data.ratings();
        // Rating variance before rounding and clipping: 0.35^2 (user) + 0.35^2 (movie) + 0.8^2 (factors)
        // + 0.5^2 (noise) = 1.135, of which the biases explain 0.245: predicting with user and movie offsets
        // should cut the RMSE of the global mean by about 1 - sqrt(0.89 / 1.135) = 11%; assert 5%.
        int users = rows.userCount();
        int movies = data.movies().size();
        double mean = 0;
        int train = 0;
        for (int row = 0; row < rows.size(); row++) {
            if (row % 5 != 0) {
                mean += rows.rating(row);
                train++;
            }
        }
        mean /= train;
        double[] userOffset = new double[users];
        int[] userRows = new int[users];
        for (int row = 0; row < rows.size(); row++) {
            if (row % 5 != 0) {
                userOffset[rows.userIndex(row)] += rows.rating(row) - mean;
                userRows[rows.userIndex(row)]++;
            }
        }
        for (int u = 0; u < users; u++) {
            userOffset[u] /= Math.max(1, userRows[u]);
        }
        double[] movieOffset = new double[movies];
        int[] movieRows = new int[movies];
        for (int row = 0; row < rows.size(); row++) {
            if (row % 5 != 0) {
                movieOffset[rows.movieIndex(row)] += rows.rating(row) - mean - userOffset[rows.userIndex(row)];
                movieRows[rows.movieIndex(row)]++;
            }
        }
        double globalError = 0;
        double biasError = 0;
        int test = 0;
        for (int row = 0; row < rows.size(); row += 5) {
            int m = rows.movieIndex(row);
            double predicted = mean + userOffset[rows.userIndex(row)] + movieOffset[m] / Math.max(1, movieRows[m]);
            globalError += Math.pow(rows.rating(row) - mean, 2);
            biasError += Math.pow(rows.rating(row) - predicted, 2);
            test++;
        }
        assertThat(Math.sqrt(biasError / test)).isLessThan(0.95 * Math.sqrt(globalError / test));
    }

    @Test
    void csvFilesFollowTheMlLatestLayoutAndHoldTheGeneratedRows() throws IOException {
        SyntheticMovieLens generator = small(9).build();
        MovieLensData data = generator.generate();
        generator.writeCsv(tmp);

        String movieText = Files.readString(tmp.resolve("movies.csv"));
        String ratingText = Files.readString(tmp.resolve("ratings.csv"));
        assertThat(movieText).startsWith("movieId,title,genres\r\n").endsWith("\r\n");
        assertThat(ratingText).startsWith("userId,movieId,rating,timestamp\r\n").endsWith("\r\n");
        assertThat(ratingText.lines().skip(1)).allMatch(line -> line.matches("\\d+,\\d+,[0-5]\\.[05],\\d+"));

        // Parsed back with Jackson's RFC 4180 reader, an implementation independent of the writer.
        List<String[]> movieRows = readCsv(tmp.resolve("movies.csv"));
        Movies movies = data.movies();
        assertThat(movieRows).hasSize(movies.size() + 1);
        boolean comma = false;
        boolean quote = false;
        for (int m = 0; m < movies.size(); m++) {
            String[] row = movieRows.get(m + 1);
            assertThat(row).containsExactly(String.valueOf(movies.id(m)), movies.title(m),
                    String.join("|", movies.genres(m)));
            comma |= movies.title(m).contains(",");
            quote |= movies.title(m).contains("\"");
        }
        assertThat(comma).as("some title needs quoting for a comma").isTrue();
        assertThat(quote).as("some title needs quoting for a quote").isTrue();

        List<String[]> ratingRows = readCsv(tmp.resolve("ratings.csv"));
        Interactions rows = data.ratings();
        assertThat(ratingRows).hasSize(rows.size() + 1);
        for (int row = 0; row < rows.size(); row++) {
            String[] fields = ratingRows.get(row + 1);
            assertThat(Integer.parseInt(fields[0])).isEqualTo(rows.userId(row));
            assertThat(Integer.parseInt(fields[1])).isEqualTo(movies.id(rows.movieIndex(row)));
            assertThat(Float.parseFloat(fields[2])).isEqualTo(rows.rating(row));
            assertThat(Long.parseLong(fields[3])).isEqualTo(rows.timestamp(row));
        }
    }

    @Test
    void buildRejectsImpossibleSettings() {
        assertThatThrownBy(() -> SyntheticMovieLens.builder(1).users(10).movies(5).ratings(51).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ratings must be between users (10) and users * movies (50), found 51");
        assertThatThrownBy(() -> SyntheticMovieLens.builder(1).users(10).ratings(9).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("found 9");
        assertThatThrownBy(() -> SyntheticMovieLens.builder(1).latentDim(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("latentDim must be at least 1, found 0");
        assertThatThrownBy(() -> SyntheticMovieLens.builder(1).popularityExponent(Double.NaN).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("popularityExponent");
        Instant t = Instant.parse("2000-01-01T00:00:00Z");
        assertThatThrownBy(() -> SyntheticMovieLens.builder(1).timeSpan(t, t).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("time span must end after it starts");
    }

    private static SyntheticMovieLens.Builder small(long seed) {
        return SyntheticMovieLens.builder(seed).users(120).movies(400).ratings(6_000);
    }

    private static double topShare(MovieLensData data, int top) {
        int[] counts = data.ratings().countsPerMovie();
        Arrays.sort(counts);
        long sum = 0;
        for (int i = 0; i < top; i++) {
            sum += counts[counts.length - 1 - i];
        }
        return sum / (double) data.ratings().size();
    }

    private static void assertSameData(MovieLensData a, MovieLensData b) {
        Interactions x = a.ratings();
        Interactions y = b.ratings();
        assertThat(x.size()).isEqualTo(y.size());
        for (int row = 0; row < x.size(); row++) {
            assertThat(x.userId(row)).isEqualTo(y.userId(row));
            assertThat(x.movieIndex(row)).isEqualTo(y.movieIndex(row));
        }
        assertThat(x.ratings()).isEqualTo(y.ratings());
        assertThat(x.timestamps()).isEqualTo(y.timestamps());
        for (int m = 0; m < a.movies().size(); m++) {
            assertThat(a.movies().id(m)).isEqualTo(b.movies().id(m));
            assertThat(a.movies().title(m)).isEqualTo(b.movies().title(m));
            assertThat(a.movies().genres(m)).isEqualTo(b.movies().genres(m));
        }
    }

    private static List<String[]> readCsv(Path file) throws IOException {
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<String[]> rows = new ArrayList<>();
        try (MappingIterator<String[]> it = mapper.readerFor(String[].class).readValues(file.toFile())) {
            while (it.hasNext()) {
                rows.add(it.next());
            }
        }
        return rows;
    }
}
