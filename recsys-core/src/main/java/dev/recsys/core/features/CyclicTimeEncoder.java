package dev.recsys.core.features;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * Encodes the calendar position of an epoch timestamp (UTC) as points on unit circles, so that
 * December sits next to January and 23:00 next to midnight.
 *
 * <p>Each chosen {@link TimeField} contributes two values, {@code sin(a)} then {@code cos(a)}, with
 * {@code a = 2π · (value − first) / period}: month (1–12, period 12), weekday (0–6 from Monday,
 * period 7), day of month (1–31, period 31), hour (0–23, period 24). January, Monday, the 1st and
 * midnight all encode as {@code (0, 1)}. Output rows are {@code [width()] = [2 · fields]}, fields in
 * the order given.
 *
 * <p>Stateless, so it needs no fitting; immutable, thread-safe, and Jackson-serializable.
 *
 * <pre>{@code
 * CyclicTimeEncoder cyclic = CyclicTimeEncoder.standard();
 * float[] features = cyclic.encode(batchTimestamps);   // [batch, 8] row-major
 * }</pre>
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public final class CyclicTimeEncoder {

    private final List<TimeField> fields;

    /** Per field, sin and cos of every value: {@code [field][2 · value + {0 sin, 1 cos}]}. */
    @JsonIgnore
    private final float[][] table;

    @JsonCreator
    private CyclicTimeEncoder(@JsonProperty("fields") List<TimeField> fields) {
        if (fields == null || fields.isEmpty()) {
            throw new IllegalArgumentException("at least one time field is required, found none");
        }
        EnumSet<TimeField> seen = EnumSet.noneOf(TimeField.class);
        for (TimeField field : fields) {
            Objects.requireNonNull(field, "field");
            if (field.period() == 0) {
                throw new IllegalArgumentException("time field " + field + " is not cyclic; expected one of "
                        + "MONTH, WEEKDAY, DAY, HOUR");
            }
            if (!seen.add(field)) {
                throw new IllegalArgumentException("time field " + field + " given twice in " + fields);
            }
        }
        this.fields = List.copyOf(fields);
        this.table = new float[fields.size()][];
        for (int f = 0; f < table.length; f++) {
            TimeField field = fields.get(f);
            int first = field == TimeField.MONTH || field == TimeField.DAY ? 1 : 0;
            table[f] = new float[2 * (first + field.period())];
            for (int value = first; value < first + field.period(); value++) {
                double angle = 2 * Math.PI * (value - first) / field.period();
                table[f][2 * value] = (float) Math.sin(angle);
                table[f][2 * value + 1] = (float) Math.cos(angle);
            }
        }
    }

    /**
     * An encoder of the given fields, in that order.
     *
     * @param fields distinct cyclic fields (not {@link TimeField#YEAR}), at least one
     * @throws IllegalArgumentException if none, a repeat, or {@code YEAR} is given
     */
    public static CyclicTimeEncoder of(TimeField... fields) {
        Objects.requireNonNull(fields, "fields");
        return new CyclicTimeEncoder(List.of(fields));
    }

    /** The reference notebook's encoder: MONTH, WEEKDAY, DAY, HOUR, width 8. */
    public static CyclicTimeEncoder standard() {
        return of(TimeField.MONTH, TimeField.WEEKDAY, TimeField.DAY, TimeField.HOUR);
    }

    /** The encoded fields, in output order. */
    public List<TimeField> fields() {
        return fields;
    }

    /** Floats per timestamp: {@code 2 · fields().size()}. */
    public int width() {
        return 2 * fields.size();
    }

    /**
     * Encodes one timestamp.
     *
     * @param epochSecond seconds since 1970-01-01T00:00:00Z
     * @return {@code [width()]}: sin, cos of each field in order
     */
    public float[] encode(long epochSecond) {
        float[] out = new float[width()];
        encodeRow(epochSecond, out, 0);
        return out;
    }

    /**
     * Encodes a batch of timestamps.
     *
     * @param epochSeconds {@code [batch]}
     * @return {@code [batch, width()]} row-major
     */
    public float[] encode(long[] epochSeconds) {
        Objects.requireNonNull(epochSeconds, "epochSeconds");
        float[] out = new float[epochSeconds.length * width()];
        encode(epochSeconds, out);
        return out;
    }

    /**
     * Encodes a batch of timestamps into a caller's buffer, to reuse it across batches.
     *
     * @param epochSeconds {@code [batch]}
     * @param out {@code [batch, width()]} row-major; longer buffers are filled from the start
     * @throws IllegalArgumentException if {@code out} is shorter than {@code batch · width()}
     */
    public void encode(long[] epochSeconds, float[] out) {
        Objects.requireNonNull(epochSeconds, "epochSeconds");
        Objects.requireNonNull(out, "out");
        int width = width();
        if (out.length < (long) epochSeconds.length * width) {
            throw new IllegalArgumentException("output buffer too small: need " + epochSeconds.length
                    + " × " + width + " = " + (long) epochSeconds.length * width + " floats, found " + out.length);
        }
        for (int i = 0; i < epochSeconds.length; i++) {
            encodeRow(epochSeconds[i], out, i * width);
        }
    }

    private void encodeRow(long epochSecond, float[] out, int offset) {
        for (int f = 0; f < table.length; f++) {
            int value = fields.get(f).of(epochSecond);
            out[offset + 2 * f] = table[f][2 * value];
            out[offset + 2 * f + 1] = table[f][2 * value + 1];
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CyclicTimeEncoder other && fields.equals(other.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return "CyclicTimeEncoder" + fields;
    }
}
