package dev.recsys.data.internal;

import dev.recsys.core.data.RatingScale;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Rows of a delimited file, one at a time, with the fields of the current row as slices of a
 * shared char buffer, so numbers parse without a String per field. Blank lines are not rows.
 */
public abstract class RowCursor implements Closeable {
    private static final int MAX_ID_DIGITS = 10;
    private static final int MAX_TIMESTAMP_DIGITS = 18;
    /** 0000-01-01T00:00:00Z: the first second of a four-digit year. */
    public static final long MIN_TIMESTAMP = -62_167_219_200L;
    /** 9999-12-31T23:59:59Z: the last second of a four-digit year. */
    public static final long MAX_TIMESTAMP = 253_402_300_799L;
    /**
     * The longest field (CSV layouts) or line ({@code ::} layout) a read accepts: Jackson's
     * default {@code StreamReadConstraints.getMaxStringLength()}, kept on purpose (a longer field
     * in a MovieLens file is damage, not data).
     */
    public static final int MAX_CHARS = 20_000_000;

    private final Path file;
    /** Characters the current row's fields point into. */
    protected char[] chars = new char[256];
    protected int[] starts = new int[32];
    protected int[] ends = new int[32];
    protected int fieldCount;
    /** 1-based line where the current row starts. */
    protected long line;

    protected RowCursor(Path file) {
        this.file = file;
    }

    /** Moves to the next row; false at the end of the file. */
    public abstract boolean next() throws IOException;

    public final Path file() {
        return file;
    }

    public final long line() {
        return line;
    }

    public final int fieldCount() {
        return fieldCount;
    }

    /** Records field {@code fieldCount} as {@code chars[start, end)}. */
    protected final void addField(int start, int end) {
        if (fieldCount == starts.length) {
            starts = Arrays.copyOf(starts, fieldCount * 2);
            ends = Arrays.copyOf(ends, fieldCount * 2);
        }
        starts[fieldCount] = start;
        ends[fieldCount] = end;
        fieldCount++;
    }

    public final void expectFields(int expected) throws BadRow {
        if (fieldCount != expected) {
            throw new BadRow("expected " + expected + " fields, found " + fieldCount);
        }
    }

    public final String text(int field) {
        return new String(chars, starts[field], ends[field] - starts[field]);
    }

    public final boolean isEmpty(int field) {
        return starts[field] == ends[field];
    }

    /** The fields of the current row joined by {@code separator}, for messages. */
    public final String joined(char separator) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < fieldCount; i++) {
            s.append(i == 0 ? "" : String.valueOf(separator)).append(chars, starts[i], ends[i] - starts[i]);
        }
        return s.toString();
    }

    /** A non-negative int id, e.g. a user or movie id; {@code what} names it in messages. */
    public final int id(int field, String what) throws BadRow {
        int s = starts[field];
        int e = ends[field];
        if (s == e || e - s > MAX_ID_DIGITS) {
            throw new BadRow("bad " + what + " '" + text(field) + "': expected a non-negative integer");
        }
        long v = 0;
        for (int k = s; k < e; k++) {
            int d = chars[k] - '0';
            if (d < 0 || d > 9) {
                throw new BadRow("bad " + what + " '" + text(field) + "': expected a non-negative integer");
            }
            v = v * 10 + d;
        }
        if (v > Integer.MAX_VALUE) {
            throw new BadRow("bad " + what + " '" + text(field) + "': larger than " + Integer.MAX_VALUE);
        }
        return (int) v;
    }

    /**
     * Whole seconds since 1970-01-01T00:00:00Z, possibly negative, within the four-digit years
     * ({@link #MIN_TIMESTAMP} to {@link #MAX_TIMESTAMP}).
     */
    public final long timestamp(int field) throws BadRow {
        return inYearRange(wholeNumber(field, "whole seconds since 1970"));
    }

    /**
     * Whole milliseconds since 1970-01-01T00:00:00Z, possibly negative, as seconds (rounded down)
     * within the four-digit years ({@link #MIN_TIMESTAMP} to {@link #MAX_TIMESTAMP}).
     */
    public final long epochMillis(int field) throws BadRow {
        return inYearRange(Math.floorDiv(wholeNumber(field, "whole milliseconds since 1970"), 1000));
    }

    /** Whether the field is an optional '-' and one to 18 digits, as epoch times are. */
    public final boolean isWholeNumber(int field) {
        int s = starts[field];
        int e = ends[field];
        int k = s < e && chars[s] == '-' ? s + 1 : s;
        if (k == e || e - k > MAX_TIMESTAMP_DIGITS) {
            return false;
        }
        for (; k < e; k++) {
            if (chars[k] < '0' || chars[k] > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * A timestamp field of an optional '-' and up to 18 digits, as a number; {@code expected} says
     * what it should be in the message of a bad field ("whole seconds since 1970").
     */
    public final long wholeNumber(int field, String expected) throws BadRow {
        if (!isWholeNumber(field)) {
            throw new BadRow("bad timestamp '" + text(field) + "': expected " + expected);
        }
        int s = starts[field];
        int e = ends[field];
        boolean negative = chars[s] == '-';
        long v = 0;
        for (int k = negative ? s + 1 : s; k < e; k++) {
            v = v * 10 + (chars[k] - '0');
        }
        return negative ? -v : v;
    }

    /** {@code seconds} if within the four-digit years. */
    public static long inYearRange(long seconds) throws BadRow {
        if (seconds < MIN_TIMESTAMP || seconds > MAX_TIMESTAMP) {
            throw new BadRow("timestamp " + seconds + " outside the years 0000 to 9999 (" + MIN_TIMESTAMP + " to "
                    + MAX_TIMESTAMP + " seconds)");
        }
        return seconds;
    }

    /**
     * A rating on {@code scale}; an empty field is a missing rating, NaN. Only plain decimals are
     * numbers here: ASCII digits with at most one '.', such as {@code 4}, {@code 3.5},
     * {@code 4.000} or {@code .5}; no sign, exponent, hexadecimal, type suffix or spaces, which
     * Java's own parser would accept.
     */
    public final float rating(int field, RatingScale scale) throws BadRow {
        if (isEmpty(field)) {
            return Float.NaN;
        }
        double v = plainDecimal(starts[field], ends[field]);
        if (Double.isNaN(v)) {
            throw new BadRow("bad rating '" + text(field) + "': expected a decimal number such as 4 or 3.5 on the "
                    + scale);
        }
        if (!scale.contains(v)) {
            throw new BadRow("rating " + text(field) + " outside the " + scale);
        }
        return (float) v;
    }

    /** The value of {@code digits[.digits]} (either part may be empty, not both) in {@code chars[s, e)}, or NaN. */
    private double plainDecimal(int s, int e) {
        long mantissa = 0;
        long scale = 1;
        int digits = 0;
        boolean point = false;
        for (int k = s; k < e; k++) {
            char c = chars[k];
            if (c == '.' && !point) {
                point = true;
            } else if (c >= '0' && c <= '9') {
                if (digits < 15) { // exact in a long and in a double's 53 bits
                    mantissa = mantissa * 10 + (c - '0');
                    scale *= point ? 10 : 1;
                }
                digits++;
            } else {
                return Double.NaN;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        // Longer decimals are rare ("4.000000000000000000"): their syntax is checked, so the JDK's
        // parser, which would also take exponents and suffixes, only sees digits and a point.
        return digits <= 15 ? (double) mantissa / scale : Double.parseDouble(text(s, e));
    }

    private String text(int s, int e) {
        return new String(chars, s, e - s);
    }
}
