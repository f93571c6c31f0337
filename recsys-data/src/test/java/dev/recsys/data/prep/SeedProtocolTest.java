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
 * remain, split 60,000 / 6,658.
 */
class SeedProtocolTest {

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
    }
}
