package dev.recsys.models.tower;

import dev.recsys.core.features.IdEncoder;
import dev.recsys.core.features.TimeField;

/**
 * The calendar-year feature of a user tower, shared by {@link UserTower} and
 * {@link FrozenUserTower} so that both encode a time alike: the year (UTC) of the timestamp,
 * clamped to the first and last year the encoder knows (a query after the training period
 * counts as its last year), then the encoder's index. Immutable.
 */
final class YearFeature {

    private final IdEncoder years;
    /** The first and last year the year encoder knows; a query's year is clamped to them. */
    private final int firstYear;
    private final int lastYear;

    YearFeature(IdEncoder years) {
        this.years = years;
        int[] known = knownYears(years);
        this.firstYear = known.length == 0 ? Integer.MIN_VALUE : known[0];
        this.lastYear = known.length == 0 ? Integer.MAX_VALUE : known[known.length - 1];
    }

    /** The encoder's indices of the timestamps' clamped years, {@code [batch]}. */
    int[] encode(long[] timestamps) {
        int[] yearOf = new int[timestamps.length];
        for (int i = 0; i < timestamps.length; i++) {
            yearOf[i] = Math.min(lastYear, Math.max(firstYear, TimeField.YEAR.of(timestamps[i])));
        }
        return years.encode(yearOf);
    }

    /** The encoder's vocabulary entries that are years (decimal ints), ascending. */
    private static int[] knownYears(IdEncoder years) {
        return years.vocabulary().stream().filter(id -> id.matches("-?[0-9]{1,10}"))
                .mapToLong(Long::parseLong).filter(y -> y >= Integer.MIN_VALUE && y <= Integer.MAX_VALUE)
                .mapToInt(y -> (int) y).sorted().toArray();
    }
}
