package dev.recsys.models.tower;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.core.data.Catalog;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The age buckets and query columns of {@link MovieAge}, worked out by hand. */
class MovieAgeTest {

    private static final Catalog CATALOG = Catalog.of(new int[] {1, 2, 3},
            List.of("Old (1999)", "New (2001)", "Undated"), List.of(List.of(), List.of(), List.of()));

    @Test
    void bucketsAreTheAgeInEveryQueryYearCappedAtMaxAgeWithOneForUnknownYears() {
        MovieAge age = new MovieAge(2000, 2002, 2); // 3 columns: 2000, 2001, 2002; buckets 0, 1, 2 (2+), 3 unknown
        // row 0, released 1999: ages 1, 2, 3 -> buckets 1, 2, 2 (3 is capped at maxAge 2)
        // row 1, released 2001: ages -1, 0, 1 -> buckets 0 (before release counts as 0), 0, 1
        // row 2, no year in its title, and -1 (not in the catalogue): bucket 3 everywhere
        assertThat(age.buckets(CATALOG, new int[] {0, 1, 2, -1}))
                .containsExactly(1, 2, 2, 0, 0, 1, 3, 3, 3, 3, 3, 3);
        assertThat(age.buckets()).isEqualTo(4);
        assertThat(age.columns()).isEqualTo(3);
    }

    @Test
    void queryColumnsAreTheOneHotYearClampedToTheTrainingPeriod() {
        MovieAge age = new MovieAge(2000, 2002, 2);
        long in2001 = epoch(2001, 6, 1);
        long in1990 = epoch(1990, 1, 1);
        long in2030 = epoch(2030, 1, 1);
        assertThat(age.queryColumns(new long[] {in2001, in1990, in2030}))
                .containsExactly(0, 1, 0, 1, 0, 0, 0, 0, 1);
    }

    @Test
    void fitTakesTheFirstAndLastYearOfTheTimestamps() {
        MovieAge age = MovieAge.fit(new long[] {epoch(2005, 3, 1), epoch(1998, 12, 31), epoch(2001, 1, 1)}, 10);
        assertThat(age).isEqualTo(new MovieAge(1998, 2005, 10));
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new MovieAge(2002, 2000, 5)).hasMessageContaining("found 2002..2000");
        assertThatThrownBy(() -> new MovieAge(1000, 2000, 5)).hasMessageContaining("at most 500 years");
        assertThatThrownBy(() -> new MovieAge(2000, 2002, 0)).hasMessage("movie age maxAge must be in 1..500, found 0");
        assertThatThrownBy(() -> new MovieAge(2000, 2002, Integer.MAX_VALUE)).hasMessageContaining("1..500");
        assertThatThrownBy(() -> MovieAge.fit(new long[0], 5)).hasMessageContaining("found none");
    }

    private static long epoch(int year, int month, int day) {
        return LocalDate.of(year, month, day).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    }
}
