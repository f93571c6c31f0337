package dev.recsys.core.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntToLongFunction;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class CyclicTimeEncoderTest {

    private static final CyclicTimeEncoder STANDARD = CyclicTimeEncoder.standard();
    private static final long DAY = 86_400L;

    @Test
    void standardEncodesMonthWeekdayDayHourInThatOrder() {
        assertThat(STANDARD.fields()).containsExactly(TimeField.MONTH, TimeField.WEEKDAY, TimeField.DAY, TimeField.HOUR);
        assertThat(STANDARD.width()).isEqualTo(8);
    }

    @Test
    void handComputedAngles() {
        // 2021-07-04T18:00:00Z, a Sunday: month 7 -> 2π·6/12 = π; weekday 6 -> 2π·6/7;
        // day 4 -> 2π·3/31; hour 18 -> 2π·18/24 = 3π/2.
        long t = ZonedDateTime.of(2021, 7, 4, 18, 0, 0, 0, ZoneOffset.UTC).toEpochSecond();
        float[] e = STANDARD.encode(t);
        double weekday = 2 * Math.PI * 6 / 7;
        double day = 2 * Math.PI * 3 / 31;
        assertThat(e[0]).isCloseTo(0f, within(1e-6f));
        assertThat(e[1]).isCloseTo(-1f, within(1e-6f));
        assertThat(e[2]).isCloseTo((float) Math.sin(weekday), within(1e-6f));
        assertThat(e[3]).isCloseTo((float) Math.cos(weekday), within(1e-6f));
        assertThat(e[4]).isCloseTo((float) Math.sin(day), within(1e-6f));
        assertThat(e[5]).isCloseTo((float) Math.cos(day), within(1e-6f));
        assertThat(e[6]).isCloseTo(-1f, within(1e-6f));
        assertThat(e[7]).isCloseTo(0f, within(1e-6f));
    }

    @Test
    void firstValueOfEachFieldIsAngleZero() {
        // 2024-01-01T00:00:00Z was a Monday: January, Monday, the 1st, midnight.
        long t = ZonedDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toEpochSecond();
        assertThat(STANDARD.encode(t)).containsExactly(0, 1, 0, 1, 0, 1, 0, 1);
    }

    @Test
    void chosenFieldsOnlyInTheGivenOrder() {
        // 1970-01-01T06:00:00Z: hour 6 -> angle π/2 -> (1, 0); month 1 -> (0, 1).
        CyclicTimeEncoder hourMonth = CyclicTimeEncoder.of(TimeField.HOUR, TimeField.MONTH);
        assertThat(hourMonth.width()).isEqualTo(4);
        float[] e = hourMonth.encode(6 * 3600L);
        assertThat(e[0]).isCloseTo(1f, within(1e-6f));
        assertThat(e[1]).isCloseTo(0f, within(1e-6f));
        assertThat(e[2]).isEqualTo(0f);
        assertThat(e[3]).isEqualTo(1f);
    }

    @Property(tries = 1000)
    void everyFieldIsAUnitVector(@ForAll @LongRange(min = -5_000_000_000L, max = 5_000_000_000L) long t) {
        float[] e = STANDARD.encode(t);
        for (int f = 0; f < 4; f++) {
            double norm = Math.hypot(e[2 * f], e[2 * f + 1]);
            assertThat(norm).as("field %d of %d", f, t).isCloseTo(1.0, within(1e-6));
        }
    }

    @Property(tries = 500)
    void encodingsArePeriodic(@ForAll @LongRange(min = -3_000_000_000L, max = 3_000_000_000L) long t,
                              @ForAll @IntRange(min = -50, max = 50) int k) {
        ZonedDateTime z = Instant.ofEpochSecond(t).atZone(ZoneOffset.UTC);
        float[] e = STANDARD.encode(t);
        // Hour repeats every day, weekday every week, month every year, day of month every
        // month (while the day exists in both months).
        assertThat(pair(STANDARD.encode(t + k * DAY), 3)).containsExactly(pair(e, 3));
        assertThat(pair(STANDARD.encode(t + 7 * k * DAY), 1)).containsExactly(pair(e, 1));
        assertThat(pair(STANDARD.encode(z.plusYears(k).toEpochSecond()), 0)).containsExactly(pair(e, 0));
        if (z.getDayOfMonth() <= 28) {
            assertThat(pair(STANDARD.encode(z.plusMonths(k).toEpochSecond()), 2)).containsExactly(pair(e, 2));
        }
    }

    @Test
    void distinctValuesWithinAPeriodGiveDistinctPoints() {
        // A wrong period would fold two values onto one point (e.g. period 12 for hours).
        ZonedDateTime start = ZonedDateTime.of(2023, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        long t0 = start.toEpochSecond();
        assertDistinct(TimeField.HOUR, 24, i -> t0 + i * 3600L);
        assertDistinct(TimeField.WEEKDAY, 7, i -> t0 + i * DAY);
        assertDistinct(TimeField.DAY, 31, i -> t0 + i * DAY);
        assertDistinct(TimeField.MONTH, 12, i -> start.plusMonths(i).toEpochSecond());
    }

    private static void assertDistinct(TimeField field, int count, IntToLongFunction time) {
        CyclicTimeEncoder encoder = CyclicTimeEncoder.of(field);
        Set<List<Float>> points = new HashSet<>();
        Set<Integer> values = new HashSet<>();
        for (int i = 0; i < count; i++) {
            long t = time.applyAsLong(i);
            values.add(field.of(t));
            float[] e = encoder.encode(t);
            points.add(List.of(Math.round(e[0] * 1e4f) / 1e4f, Math.round(e[1] * 1e4f) / 1e4f));
        }
        assertThat(values).as("test covers every %s value", field).hasSize(count);
        assertThat(points).as("%s points", field).hasSize(count);
    }

    @Test
    void batchEncodingFillsRowsInOrder() {
        long[] times = {-1, 0, 951_825_600L, 1_537_799_250L, -2_203_891_200L};
        float[] batch = STANDARD.encode(times);
        assertThat(batch).hasSize(times.length * 8);
        float[] buffer = new float[times.length * 8 + 3];
        STANDARD.encode(times, buffer);
        for (int row = 0; row < times.length; row++) {
            float[] single = STANDARD.encode(times[row]);
            for (int c = 0; c < 8; c++) {
                assertThat(batch[row * 8 + c]).isEqualTo(single[c]);
                assertThat(buffer[row * 8 + c]).isEqualTo(single[c]);
            }
        }
        assertThatThrownBy(() -> STANDARD.encode(times, new float[39]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("40").hasMessageContaining("39");
    }

    @Test
    void invalidFieldChoicesAreRejected() {
        assertThatThrownBy(() -> CyclicTimeEncoder.of(TimeField.YEAR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("YEAR");
        assertThatThrownBy(() -> CyclicTimeEncoder.of(TimeField.HOUR, TimeField.HOUR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(CyclicTimeEncoder::of).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jacksonRoundTripGivesAnEqualEncoder() {
        for (CyclicTimeEncoder original : List.of(STANDARD, CyclicTimeEncoder.of(TimeField.HOUR, TimeField.MONTH))) {
            CyclicTimeEncoder copy = Json.roundTrip(original);
            assertThat(copy).isEqualTo(original).hasSameHashCodeAs(original);
            long[] probe = {-1, 0, 1_537_799_250L};
            assertThat(copy.encode(probe)).containsExactly(original.encode(probe));
        }
        assertThat(CyclicTimeEncoder.of(TimeField.HOUR, TimeField.MONTH))
                .isNotEqualTo(CyclicTimeEncoder.of(TimeField.MONTH, TimeField.HOUR));
    }

    private static float[] pair(float[] encoded, int field) {
        return new float[] {encoded[2 * field], encoded[2 * field + 1]};
    }
}
