package dev.recsys.core.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** TimeField against java.time.ZonedDateTime in UTC, the independent reference. */
class TimeFieldTest {

    private static final long YEAR_1 = -62_135_596_800L;       // 0001-01-01T00:00:00Z
    private static final long YEAR_9999_END = 253_402_300_799L; // 9999-12-31T23:59:59Z

    @Property(tries = 3000)
    void matchesZonedDateTimeOverYears1To9999(@ForAll @LongRange(min = YEAR_1, max = YEAR_9999_END) long t) {
        assertMatchesJavaTime(t);
    }

    @Property(tries = 3000)
    void matchesZonedDateTimeAroundTheEpoch(@ForAll @LongRange(min = -4_000_000_000L, max = 4_000_000_000L) long t) {
        assertMatchesJavaTime(t);
    }

    @Property(tries = 2000)
    void matchesZonedDateTimeAroundLeapDays(@ForAll("nearFebruaryEnd") long t) {
        assertMatchesJavaTime(t);
    }

    /** Any second of Feb 28, Feb 29 (when it exists) or Mar 1 of a year in 1..9999. */
    @Provide
    Arbitrary<Long> nearFebruaryEnd() {
        return Combinators.combine(
                Arbitraries.integers().between(1, 9999),
                Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 86_399))
            .as((year, dayOffset, second) -> LocalDate.of(year, 2, 28).plusDays(dayOffset)
                    .atStartOfDay(ZoneOffset.UTC).toEpochSecond() + second);
    }

    @Test
    void handPickedInstants() {
        // 1969-12-31T23:59:59Z, a Wednesday (weekday 2 with Monday = 0).
        assertThat(fields(-1)).containsExactly(1969, 12, 2, 31, 23);
        // 1970-01-01T00:00:00Z, a Thursday.
        assertThat(fields(0)).containsExactly(1970, 1, 3, 1, 0);
        // 2000-02-29T12:00:00Z (2000 is a leap year though divisible by 100), a Tuesday.
        assertThat(fields(951_825_600L)).containsExactly(2000, 2, 1, 29, 12);
        // 1900-03-01T00:00:00Z (1900 has no Feb 29), a Thursday.
        assertThat(fields(-2_203_891_200L)).containsExactly(1900, 3, 3, 1, 0);
    }

    /**
     * Every long is a valid time: the year of Long.MAX_VALUE (about 292 billion) does not fit an
     * int and saturates instead of wrapping around to some ordinary year; the cyclic fields stay
     * in their ranges.
     */
    @Test
    void extremeTimesGiveSaturatedYearsAndValidCalendarFields() {
        assertThat(TimeField.YEAR.of(Long.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
        assertThat(TimeField.YEAR.of(Long.MIN_VALUE)).isEqualTo(Integer.MIN_VALUE);
        // The first seconds of the years 2^31 - 1 and 2^31 (days-from-civil, as in TimeField, in
        // long arithmetic): the year just before saturation is exact, the one after saturates.
        assertThat(TimeField.YEAR.of(67_767_976_201_996_799L)).isEqualTo(Integer.MAX_VALUE - 1);
        assertThat(TimeField.YEAR.of(67_767_976_201_996_800L)).isEqualTo(Integer.MAX_VALUE);
        assertThat(TimeField.YEAR.of(67_767_976_233_532_800L)).isEqualTo(Integer.MAX_VALUE);
        // ... and the first seconds of the years -2^31 + 1 and -2^31.
        assertThat(TimeField.YEAR.of(-67_768_100_536_348_800L)).isEqualTo(Integer.MIN_VALUE + 1);
        assertThat(TimeField.YEAR.of(-67_768_100_536_348_801L)).isEqualTo(Integer.MIN_VALUE);
        assertThat(TimeField.YEAR.of(-67_768_100_567_971_201L)).isEqualTo(Integer.MIN_VALUE);
        for (long t : new long[] {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, Long.MAX_VALUE - 1, Long.MAX_VALUE}) {
            assertThat(TimeField.MONTH.of(t)).isBetween(1, 12);
            assertThat(TimeField.DAY.of(t)).isBetween(1, 31);
            assertThat(TimeField.WEEKDAY.of(t)).isBetween(0, 6);
            assertThat(TimeField.HOUR.of(t)).isBetween(0, 23);
        }
    }

    @Test
    void periodsAreTheCycleLengths() {
        assertThat(TimeField.MONTH.period()).isEqualTo(12);
        assertThat(TimeField.WEEKDAY.period()).isEqualTo(7);
        assertThat(TimeField.DAY.period()).isEqualTo(31);
        assertThat(TimeField.HOUR.period()).isEqualTo(24);
        assertThat(TimeField.YEAR.period()).isZero();
    }

    private static int[] fields(long t) {
        return new int[] {TimeField.YEAR.of(t), TimeField.MONTH.of(t), TimeField.WEEKDAY.of(t),
                          TimeField.DAY.of(t), TimeField.HOUR.of(t)};
    }

    private static void assertMatchesJavaTime(long t) {
        ZonedDateTime z = Instant.ofEpochSecond(t).atZone(ZoneOffset.UTC);
        assertThat(fields(t)).as("fields of %d (%s)", t, z).containsExactly(
                z.getYear(), z.getMonthValue(), z.getDayOfWeek().getValue() - 1, z.getDayOfMonth(), z.getHour());
    }
}
