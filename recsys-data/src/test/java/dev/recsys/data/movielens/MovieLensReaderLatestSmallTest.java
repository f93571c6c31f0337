package dev.recsys.data.movielens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.recsys.data.Interactions;
import dev.recsys.data.Links;
import dev.recsys.data.MovieLensData;
import dev.recsys.data.Movies;
import dev.recsys.data.Tags;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads the real ml-latest-small. The expected values come from the files themselves: counts
 * from the MovieLens README and {@code wc -l}, rows from {@code grep -n} and {@code awk}, as noted
 * at each assertion.
 */
class MovieLensReaderLatestSmallTest {
    private static final Path DIR = Path.of("../../shared/datasets/ml-latest-small");

    private static MovieLensData data;

    @BeforeAll
    static void read() throws IOException {
        assumeTrue(Files.isDirectory(DIR), "ml-latest-small not found at " + DIR.toAbsolutePath() + ": skipping");
        data = MovieLensReader.builder().build().read(DIR);
    }

    @Test
    void countsMatchTheReadme() {
        Interactions ratings = data.ratings();
        assertThat(ratings.size()).isEqualTo(100_836);
        assertThat(ratings.userCount()).isEqualTo(610);
        assertThat(data.movies().size()).isEqualTo(9_742);
        assertThat(Arrays.stream(ratings.countsPerMovie()).filter(c -> c > 0).count()).isEqualTo(9_724);
        assertThat(data.tags().size()).isEqualTo(3_683);
        assertThat(data.report().unmatchedMovieRatings()).isZero();
        assertThat(data.report().totalSkipped()).isZero();
        assertThat(data.users()).isEmpty();
    }

    @Test
    void firstAndLastRatings() {
        Interactions r = data.ratings();
        // head -2 ratings.csv: 1,1,4.0,964982703
        assertThat(r.userId(0)).isEqualTo(1);
        assertThat(r.movies().id(r.movieIndex(0))).isEqualTo(1);
        assertThat(r.rating(0)).isEqualTo(4.0f);
        assertThat(r.timestamp(0)).isEqualTo(964_982_703L);
        // tail -1 ratings.csv: 610,170875,3.0,1493846415
        int last = r.size() - 1;
        assertThat(r.userId(last)).isEqualTo(610);
        assertThat(r.movies().id(r.movieIndex(last))).isEqualTo(170_875);
        assertThat(r.rating(last)).isEqualTo(3.0f);
        assertThat(r.timestamp(last)).isEqualTo(1_493_846_415L);
    }

    @Test
    void perUserAndPerValueTotals() {
        Interactions r = data.ratings();
        // grep -c '^1,' ratings.csv: 232; grep '^414,' | awk: 2698 ratings summing to 9151.5
        assertThat(r.countsPerUser()[r.userIndexOf(1)]).isEqualTo(232);
        int user414 = r.userIndexOf(414);
        int[] rows414 = IntStream.range(0, r.size()).filter(i -> r.userIndex(i) == user414).toArray();
        assertThat(rows414).hasSize(2_698);
        assertThat(Arrays.stream(rows414).mapToDouble(r::rating).sum()).isEqualTo(9_151.5);
        // awk -F, '$3=="0.5"' ratings.csv | wc -l: 1370
        assertThat(IntStream.range(0, r.size()).filter(i -> r.rating(i) == 0.5f).count()).isEqualTo(1_370);
    }

    @Test
    void titlesWithCommasQuotesAndAccents() {
        Movies m = data.movies();
        // grep '^11,' movies.csv: 11,"American President, The (1995)",Comedy|Drama|Romance
        int i = m.indexOf(11);
        assertThat(m.title(i)).isEqualTo("American President, The (1995)");
        assertThat(m.genres(i)).containsExactly("Comedy", "Drama", "Romance");
        assertThat(m.year(i)).isEqualTo(1995);
        // grep '^7789,' movies.csv: 7789,"11'09""01 - September 11 (2002)",Drama
        assertThat(m.title(m.indexOf(7789))).isEqualTo("11'09\"01 - September 11 (2002)");
        assertThat(m.year(m.indexOf(7789))).isEqualTo(2002);
        // grep '^29,' movies.csv, UTF-8 é
        assertThat(m.title(m.indexOf(29))).isEqualTo("City of Lost Children, The (Cité des enfants perdus, La) (1995)");
        // grep -n '^4552,' movies.csv: line 3356, so index 3354
        assertThat(m.id(3_354)).isEqualTo(4552);
        assertThat(m.title(3_354)).isEqualTo("Tetsuo, the Ironman (Tetsuo) (1988)");
        // tail -1 movies.csv
        assertThat(m.id(m.size() - 1)).isEqualTo(193_609);
        assertThat(m.title(m.size() - 1)).isEqualTo("Andrew Dice Clay: Dice Rules (1991)");
        // grep -c '(no genres listed)' movies.csv: 34
        assertThat(IntStream.range(0, m.size()).filter(k -> m.genres(k).equals(List.of("(no genres listed)")))
                .count()).isEqualTo(34);
    }

    @Test
    void links() {
        Links links = data.links().orElseThrow();
        Movies m = data.movies();
        // head -2 links.csv: 1,0114709,862; tail -1: 193609,0101726,37891
        assertThat(links.imdbId(m.indexOf(1))).isEqualTo(114_709);
        assertThat(links.tmdbId(m.indexOf(1))).isEqualTo(862);
        assertThat(links.imdbId(m.indexOf(193_609))).isEqualTo(101_726);
        assertThat(links.tmdbId(m.indexOf(193_609))).isEqualTo(37_891);
        // grep $',\r$' links.csv: 8 movies have no TMDb id, among them 791,0113610,
        assertThat(links.tmdbId(m.indexOf(791))).isEqualTo(Links.NONE);
        assertThat(links.imdbId(m.indexOf(791))).isEqualTo(113_610);
        assertThat(Arrays.stream(links.tmdbIds()).filter(id -> id == Links.NONE).count()).isEqualTo(8);
        assertThat(Arrays.stream(links.imdbIds()).filter(id -> id == Links.NONE).count()).isZero();
    }

    @Test
    void tags() {
        Tags t = data.tags();
        // head -2 tags.csv: 2,60756,funny,1445714994 (60756 is Step Brothers (2008))
        assertThat(t.userIds()[0]).isEqualTo(2);
        assertThat(data.movies().title(t.movieIndices()[0])).isEqualTo("Step Brothers (2008)");
        assertThat(t.texts().get(0)).isEqualTo("funny");
        assertThat(t.timestamps()[0]).isEqualTo(1_445_714_994L);
        // grep -n '"""artsy"""' tags.csv: line 3007, so index 3005: 567,4552,"""artsy""",1525285878
        assertThat(t.texts().get(3_005)).isEqualTo("\"artsy\"");
        assertThat(t.userIds()[3_005]).isEqualTo(567);
        assertThat(data.movies().id(t.movieIndices()[3_005])).isEqualTo(4552);
        // cut -d, -f1 tags.csv | sort -u: 58 users besides the header
        assertThat(Arrays.stream(t.userIds()).distinct().count()).isEqualTo(58);
    }
}
