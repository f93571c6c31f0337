package dev.recsys.data.movielens;

import dev.recsys.data.Interactions;
import dev.recsys.data.MalformedInputException;
import dev.recsys.data.MalformedRowPolicy;
import dev.recsys.data.MovieLensData;
import dev.recsys.data.internal.Tally;
import dev.recsys.data.split.Split;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a MovieLens folder in any of the official layouts ({@link MovieLensLayout}) into one
 * in-memory model:
 *
 * <pre>{@code
 * MovieLensData data = MovieLensReader.builder().build().read(Path.of("ml-latest-small"));
 * Split fold = MovieLensReader.builder().build().readFold(Path.of("ml-100k"), Ml100kFold.U1);
 * }</pre>
 *
 * <p>Ratings stream through a CSV parser token by token into primitive columns, so ml-25m
 * (25M ratings) fits a 2 GB heap. A rating whose movie the catalogue lacks is kept with movie index
 * -1 and counted in {@link dev.recsys.data.ReadReport#unmatchedMovieRatings()}; an empty rating
 * field is kept as a missing rating (NaN). Blank lines are ignored.
 *
 * <p>Numbers: ids are unsigned decimal integers up to {@link Integer#MAX_VALUE}; ratings are plain
 * decimals ({@code 4}, {@code 3.5}, {@code 4.000}, {@code .5}: ASCII digits and at most one point,
 * no sign, exponent, hexadecimal or type suffix) on the layout's scale; timestamps are whole
 * seconds, possibly negative, within the four-digit years 0000 to 9999 ({@code -62167219200} to
 * {@code 253402300799}).
 *
 * <p>A row that cannot be parsed (wrong field count, a number outside those rules, rating off the
 * layout's scale, duplicate movie or user id) fails the read with a
 * {@link MalformedInputException} naming the file and line, or, under
 * {@link MalformedRowPolicy#LENIENT}, is skipped and counted in
 * {@link dev.recsys.data.ReadReport#skippedRows()} and in a warning. A wrong CSV header, an
 * unclosed quote, undecodable bytes, and a field (in the {@code ::} layout, a line) longer than
 * 20,000,000 characters are fatal under either policy, again as a {@link MalformedInputException}
 * naming file and line. Each read logs one summary line at INFO. Instances are immutable and
 * thread-safe.
 */
public final class MovieLensReader {
    private static final Logger LOG = LoggerFactory.getLogger(MovieLensReader.class);

    private final MalformedRowPolicy policy;

    private MovieLensReader(MalformedRowPolicy policy) {
        this.policy = policy;
    }

    /** A builder with the default settings. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the MovieLens dataset in {@code dir}, detecting its layout with
     * {@link MovieLensLayout#detect(Path)}.
     *
     * @throws java.nio.file.NoSuchFileException when {@code dir} or a required file is missing
     * @throws MalformedInputException on a malformed row under {@link MalformedRowPolicy#STRICT},
     *     or a structural error (header, quoting, encoding) under any policy
     * @throws IOException when the layout is unknown or reading fails
     */
    public MovieLensData read(Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir");
        long start = System.nanoTime();
        MovieLensLayout layout = MovieLensLayout.detect(dir);
        Tally tally = new Tally(policy);
        MovieLensData data = switch (layout) {
            case CSV -> CsvLayoutReader.read(dir, tally);
            case DOUBLE_COLON -> DoubleColonLayoutReader.read(dir, tally);
            case ML_100K -> Ml100kLayoutReader.read(dir, tally);
        };
        long millis = (System.nanoTime() - start) / 1_000_000;
        LOG.info("read {} ({} layout) in {} ms: {} ratings, {} users, {} movies, {} tags; {} ratings of movies"
                        + " missing from the catalogue, {} missing ratings, {} malformed rows skipped",
                dir, layout, millis, data.ratings().size(), data.ratings().userCount(), data.movies().size(),
                data.tags().size(), data.report().unmatchedMovieRatings(), tally.missingRatings(),
                data.report().totalSkipped());
        if (!tally.skipped().isEmpty()) {
            LOG.warn("skipped malformed rows in {}: {}", dir, tally.skipSummary());
        }
        return data;
    }

    /**
     * Reads one of ml-100k's predefined splits: the ratings of {@code fold.baseFile()} (e.g.
     * {@code u1.base}) are train, those of {@code fold.testFile()} test, validation is empty. Both
     * parts point into the u.item catalogue (genres named by u.genre when present), share one user
     * index and are on {@link dev.recsys.core.data.RatingScale#WHOLE_STARS}; rows keep file order.
     * Malformed rows are handled as by {@link #read}, with errors naming the fold file and line.
     * To choose settings on a validation part, carve it out of train and keep the fold's test:
     *
     * <pre>{@code
     * Split fold = reader.readFold(dir, Ml100kFold.U1);
     * Split inner = Splits.randomByRatio(fold.train(), 0.9, seed);
     * Split withValidation = new Split(inner.train(), inner.test(), fold.test());
     * }</pre>
     *
     * @throws java.nio.file.NoSuchFileException when {@code dir}, u.item or a fold file is missing
     * @throws MalformedInputException on a malformed row under {@link MalformedRowPolicy#STRICT},
     *     or a structural error (encoding, u.genre) under any policy
     * @throws IOException when reading fails
     */
    public Split readFold(Path dir, Ml100kFold fold) throws IOException {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(fold, "fold");
        long start = System.nanoTime();
        Tally tally = new Tally(policy);
        Split split = Ml100kLayoutReader.readFold(dir, fold, tally);
        long millis = (System.nanoTime() - start) / 1_000_000;
        LOG.info("read ml-100k fold {} of {} in {} ms: {} train and {} test ratings, {} movies; {} ratings of movies"
                        + " missing from the catalogue, {} missing ratings, {} malformed rows skipped",
                fold, dir, millis, split.train().size(), split.test().size(), split.train().movies().size(),
                unmatched(split.train()) + unmatched(split.test()), tally.missingRatings(),
                tally.skipped().values().stream().mapToLong(Long::longValue).sum());
        if (!tally.skipped().isEmpty()) {
            LOG.warn("skipped malformed rows in {}: {}", dir, tally.skipSummary());
        }
        return split;
    }

    private static long unmatched(Interactions ratings) {
        long n = 0;
        for (int row = 0; row < ratings.size(); row++) {
            if (ratings.movieIndex(row) < 0) {
                n++;
            }
        }
        return n;
    }

    /** Settings of a {@link MovieLensReader}. */
    public static final class Builder {
        private MalformedRowPolicy policy = MalformedRowPolicy.STRICT;

        private Builder() {
        }

        /** What to do with a row that cannot be parsed; default {@link MalformedRowPolicy#STRICT}. */
        public Builder policy(MalformedRowPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The reader. */
        public MovieLensReader build() {
            return new MovieLensReader(policy);
        }
    }
}
