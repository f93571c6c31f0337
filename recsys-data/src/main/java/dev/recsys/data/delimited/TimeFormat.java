package dev.recsys.data.delimited;

/**
 * How a timestamp column of a delimited file is written. Every format gives whole seconds since
 * 1970-01-01T00:00:00Z (fractions rounded down) within the four-digit years 0000 to 9999.
 */
public enum TimeFormat {
    /** Whole seconds since 1970, possibly negative: {@code 1529784000}. */
    EPOCH_SECONDS,
    /** Whole milliseconds since 1970, possibly negative: {@code 1529784000000}. */
    EPOCH_MILLIS,
    /**
     * ISO-8601 text: {@code 2018-06-23T20:00:00Z}, with an offset ({@code +02:00}) or fraction of
     * a second, without a zone ({@code 2018-06-23T20:00:00}, read as UTC), with a space instead of
     * the {@code T} ({@code 2018-06-23 20:00:00}), or a date alone ({@code 2018-06-23}, midnight
     * UTC).
     */
    ISO_8601,
    /**
     * Decided per field: text with a {@code T}, a {@code :} or a {@code -} after its first
     * character is {@link #ISO_8601}; a whole number is {@link #EPOCH_MILLIS} when its magnitude is
     * 100,000,000,000 or more (as seconds that would be after the year 5138; as milliseconds it is
     * after March 1973), else {@link #EPOCH_SECONDS}.
     */
    AUTO
}
