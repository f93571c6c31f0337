package dev.recsys.data.prep;

import dev.recsys.core.features.TimeField;
import dev.recsys.data.Interactions;
import java.util.Objects;

/**
 * Calendar columns of each row's timestamp in UTC, as the reference notebook derives them: year,
 * month 1–12, weekday 0–6 with Monday = 0, day 1–31, hour 0–23. Each array has one entry per row.
 *
 * @param year calendar year per row
 * @param month month per row
 * @param weekday weekday per row
 * @param day day of month per row
 * @param hour hour per row
 */
public record TimeFeatures(int[] year, int[] month, int[] weekday, int[] day, int[] hour) {
    /** Checks that every column is given. */
    public TimeFeatures {
        Objects.requireNonNull(year, "year");
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(weekday, "weekday");
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(hour, "hour");
    }


    /** The calendar columns of every row of {@code interactions}. */
    public static TimeFeatures of(Interactions interactions) {
        Objects.requireNonNull(interactions, "interactions");
        int n = interactions.size();
        int[] year = new int[n];
        int[] month = new int[n];
        int[] weekday = new int[n];
        int[] day = new int[n];
        int[] hour = new int[n];
        for (int row = 0; row < n; row++) {
            long t = interactions.timestamp(row);
            year[row] = TimeField.YEAR.of(t);
            month[row] = TimeField.MONTH.of(t);
            weekday[row] = TimeField.WEEKDAY.of(t);
            day[row] = TimeField.DAY.of(t);
            hour[row] = TimeField.HOUR.of(t);
        }
        return new TimeFeatures(year, month, weekday, day, hour);
    }
}
