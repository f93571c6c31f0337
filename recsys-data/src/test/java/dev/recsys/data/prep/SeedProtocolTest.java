package dev.recsys.data.prep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.data.Fixtures;
import dev.recsys.data.Interactions;
import dev.recsys.data.MovieLensData;
import dev.recsys.data.movielens.MovieLensReader;
import dev.recsys.data.split.Split;
import dev.recsys.data.split.Splits;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The seed protocol on the real ml-latest-small (skipped without ../shared). Expected counts are
 * the reference notebook's, quoted in DESIGN.md: 66,658 ratings of 1,235 movies by 610 users
 * remain, split 60,000 / 6,658 (54,000 train and 6,000 validation with a validation part).
 */
class SeedProtocolTest {

    /**
     * {@link #fingerprint} of the seed protocol's test part as {@code randomByCount(kept, 60_000, 42)}
     * gave it before splits had a validation part (computed with commit 9beabc2's recsys-data), so
     * figures stay comparable.
     */
    private static final int TEST_FINGERPRINT = 1_668_835_093;

    @Test
    void seedFilterAndSplitMatchTheReferenceCounts() throws IOException {
        MovieLensData data = MovieLensReader.builder().build().read(Fixtures.latestSmallOrSkip());

        Interactions kept = Preprocessing.seedProtocol().run(data.ratings()).interactions();

        assertThat(kept.size()).isEqualTo(66_658);
        assertThat(Arrays.stream(kept.countsPerMovie()).filter(c -> c > 0).count()).isEqualTo(1_235);
        assertThat(Arrays.stream(kept.countsPerUser()).filter(c -> c > 0).count()).isEqualTo(610);

        Split split = Splits.randomByCount(kept, 60_000, 42);
        assertThat(split.train().size()).isEqualTo(60_000);
        assertThat(split.test().size()).isEqualTo(6_658);
        assertThat(fingerprint(split.test())).isEqualTo(TEST_FINGERPRINT);

        // with validation carved out of the 60,000, the test rows stay the same, in the same order
        Split withValidation = Splits.randomByCount(kept, 54_000, 6_000, 42);
        assertThat(withValidation.validation().size()).isEqualTo(6_000);
        assertThat(fingerprint(withValidation.test())).isEqualTo(TEST_FINGERPRINT);
        assertThat(fingerprint(withValidation.trainAndValidation())).isEqualTo(fingerprint(split.train()));
    }

    /** A hash of (user id, movie index, rating, timestamp) row by row, in order. */
    private static int fingerprint(Interactions part) {
        int h = 1;
        for (int row = 0; row < part.size(); row++) {
            h = 31 * h + part.userId(row);
            h = 31 * h + part.movieIndex(row);
            h = 31 * h + Float.floatToIntBits(part.rating(row));
            h = 31 * h + Long.hashCode(part.timestamp(row));
        }
        return h;
    }
}
