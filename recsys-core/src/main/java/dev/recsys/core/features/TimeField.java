package dev.recsys.core.features;

/**
 * Calendar fields of an epoch timestamp in UTC, computed with integer arithmetic (no
 * {@code java.time} objects per value, so 25M timestamps cost no garbage).
 *
 * <p>Ranges follow the reference notebook: month 1–12, weekday 0–6 with Monday = 0, day of month
 * 1–31, hour 0–23. {@link #period()} is the length of the cycle the cyclic encoders use.
 */
public enum TimeField {
    /** Calendar year, e.g. 2018; not cyclic. */
    YEAR(0),
    /** Month of year, 1–12. */
    MONTH(12),
    /** Day of week, 0–6, Monday = 0. */
    WEEKDAY(7),
    /** Day of month, 1–31. */
    DAY(31),
    /** Hour of day, 0–23. */
    HOUR(24);

    private static final long SECONDS_PER_DAY = 86_400L;

    private final int period;

    TimeField(int period) {
        this.period = period;
    }

    /** Cycle length used by cyclic encodings; 0 for {@link #YEAR}, which does not repeat. */
    public int period() {
        return period;
    }

    /**
     * This field of an epoch timestamp; every {@code long} is valid.
     *
     * @param epochSecond seconds since 1970-01-01T00:00:00Z (negative values are before 1970)
     * @return the field value in UTC; a {@link #YEAR} beyond the {@code int} range (past about
     *     {@code ±6.78e16} seconds, {@code Long.MIN_VALUE} and {@code Long.MAX_VALUE} included)
     *     saturates at {@link Integer#MIN_VALUE} or {@link Integer#MAX_VALUE}
     */
    public int of(long epochSecond) {
        long days = Math.floorDiv(epochSecond, SECONDS_PER_DAY);
        switch (this) {
            case HOUR:
                return (int) (Math.floorMod(epochSecond, SECONDS_PER_DAY) / 3600);
            case WEEKDAY:
                return (int) Math.floorMod(days + 3, 7L); // 1970-01-01 was a Thursday (3)
            default:
                return civil(days, this);
        }
    }

    /** Year, month or day of the proleptic Gregorian date {@code days} after 1970-01-01. */
    private static int civil(long days, TimeField field) {
        // Days-to-civil conversion by eras of 400 years (H. Hinnant, "chrono-compatible
        // low-level date algorithms"); the year starts in March so leap days fall last.
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long shiftedMonth = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
        int month = (int) (shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
        if (field == YEAR) {
            long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, year));
        }
        return field == MONTH ? month : day;
    }
}
