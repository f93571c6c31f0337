package dev.recsys.core.features;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * Z-score normalization of a continuous value (e.g. a timestamp): {@code (v − mean) / std} with
 * the mean and population standard deviation of the training values, computed in double.
 *
 * <p>Values outside the training range are clamped to it first: a value below the training
 * minimum encodes exactly as the minimum, one above the maximum as the maximum, so the encoding
 * never leaves the interval seen in training. This matters for timestamps, where serving happens
 * after training: without it, a request at time 0 or {@code Long.MAX_VALUE} would feed a model a
 * z-score of about -170 or 1e12. Every {@code long} is a valid input.
 *
 * <p>A constant training column has {@code std == 0}; every value then encodes as 0 rather than
 * NaN or an infinity.
 *
 * <p>Lifecycle: {@link #create()} gives an unfitted normalizer, {@code fit} a new fitted one.
 * Instances are immutable and thread-safe; Jackson serializes them, and a round trip gives an
 * equal normalizer. JSON without {@code min} and {@code max} (written before the range was kept)
 * still reads, as a normalizer that does not clamp.
 *
 * <pre>{@code
 * Normalizer time = Normalizer.create().fit(trainTimestamps);
 * float[] z = time.encode(batchTimestamps);   // [batch]
 * }</pre>
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public final class Normalizer {

    private final Double mean;
    private final Double std;
    /** The training range; null in JSON written before it was kept (then nothing is clamped). */
    private final Double min;
    private final Double max;

    @JsonCreator
    private Normalizer(@JsonProperty("mean") Double mean, @JsonProperty("std") Double std,
                       @JsonProperty("min") Double min, @JsonProperty("max") Double max) {
        if ((mean == null) != (std == null)) {
            throw new IllegalArgumentException("mean and std must both be set or both be absent, found mean "
                    + mean + ", std " + std);
        }
        if (mean != null && (!Double.isFinite(mean) || !Double.isFinite(std) || std < 0)) {
            throw new IllegalArgumentException("expected a finite mean and a finite std >= 0, found mean "
                    + mean + ", std " + std);
        }
        if ((min == null) != (max == null) || (min != null && mean == null)) {
            throw new IllegalArgumentException("min and max must both be set, with mean and std, or both be absent,"
                    + " found min " + min + ", max " + max + ", mean " + mean);
        }
        if (min != null && !(Double.isFinite(min) && Double.isFinite(max) && min <= mean && mean <= max)) {
            throw new IllegalArgumentException("expected finite min <= mean <= max, found min " + min + ", mean "
                    + mean + ", max " + max);
        }
        this.mean = mean;
        this.std = std;
        this.min = min;
        this.max = max;
    }

    /** An unfitted normalizer. */
    public static Normalizer create() {
        return new Normalizer(null, null, null, null);
    }

    /**
     * Fits mean, standard deviation and range on doubles, ignoring any earlier fit.
     *
     * @param values training values, {@code [n]}, {@code n >= 1}, all finite
     * @return a new fitted normalizer
     * @throws IllegalArgumentException if {@code values} is empty or holds NaN or an infinity
     */
    public Normalizer fit(double[] values) {
        Objects.requireNonNull(values, "values");
        if (values.length == 0) {
            throw new IllegalArgumentException("cannot fit a Normalizer on no values");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("training value at index " + i
                        + " must be finite, found " + values[i]);
            }
        }
        // Kahan-summed mean, then the corrected two-pass variance (Chan, Golub & LeVeque):
        // accurate even for timestamps near 1.5e9 whose squares lose digits in a one-pass formula.
        double sum = 0;
        double compensation = 0;
        double lowest = values[0];
        double highest = values[0];
        for (double v : values) {
            lowest = Math.min(lowest, v);
            highest = Math.max(highest, v);
            double y = v - compensation;
            double t = sum + y;
            compensation = (t - sum) - y;
            sum = t;
        }
        // The mean of values that are all equal can round off their value: keep it in range.
        double m = Math.min(highest, Math.max(lowest, sum / values.length));
        double squares = 0;
        double deviations = 0;
        for (double v : values) {
            double d = v - m;
            squares += d * d;
            deviations += d;
        }
        double variance = (squares - deviations * deviations / values.length) / values.length;
        return new Normalizer(m, Math.sqrt(Math.max(0, variance)), lowest, highest);
    }

    /**
     * Fits mean, standard deviation and range on epoch seconds (or any long values), ignoring any
     * earlier fit.
     *
     * @param values training values, {@code [n]}, {@code n >= 1}
     * @return a new fitted normalizer
     * @throws IllegalArgumentException if {@code values} is empty
     */
    public Normalizer fit(long[] values) {
        Objects.requireNonNull(values, "values");
        double[] asDouble = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            asDouble[i] = values[i];
        }
        return fit(asDouble);
    }

    /**
     * The z-score of a value, clamped to the training range first.
     *
     * @return {@code (clamp(value, min, max) − mean) / std}, or 0 when {@code std == 0}
     * @throws IllegalArgumentException if {@code value} is NaN or infinite
     * @throws IllegalStateException if not fitted
     */
    public float encode(double value) {
        requireFitted();
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("cannot normalize a non-finite value, found " + value);
        }
        return z(value);
    }

    /**
     * The z-scores of a batch of doubles, each clamped to the training range first.
     *
     * @param values {@code [batch]}
     * @return {@code [batch]}, element {@code i} is {@code encode(values[i])}
     * @throws IllegalArgumentException if a value is NaN or infinite
     * @throws IllegalStateException if not fitted
     */
    public float[] encode(double[] values) {
        Objects.requireNonNull(values, "values");
        requireFitted();
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("cannot normalize a non-finite value, found "
                        + values[i] + " at index " + i);
            }
            out[i] = z(values[i]);
        }
        return out;
    }

    /**
     * The z-scores of a batch of epoch seconds (or any long values), each clamped to the training
     * range first; any {@code long}, {@code Long.MIN_VALUE} and {@code Long.MAX_VALUE} included.
     *
     * @param values {@code [batch]}
     * @return {@code [batch]}
     * @throws IllegalStateException if not fitted
     */
    public float[] encode(long[] values) {
        Objects.requireNonNull(values, "values");
        requireFitted();
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = z(values[i]);
        }
        return out;
    }

    /** Whether {@code fit} produced this normalizer. */
    public boolean isFitted() {
        return mean != null;
    }

    /**
     * The training mean.
     *
     * @throws IllegalStateException if not fitted
     */
    public double mean() {
        requireFitted();
        return mean;
    }

    /**
     * The training population standard deviation, {@code >= 0}.
     *
     * @throws IllegalStateException if not fitted
     */
    public double std() {
        requireFitted();
        return std;
    }

    /**
     * The training minimum.
     *
     * @throws IllegalStateException if not fitted, or read from JSON without the range
     */
    public double min() {
        requireRange();
        return min;
    }

    /**
     * The training maximum.
     *
     * @throws IllegalStateException if not fitted, or read from JSON without the range
     */
    public double max() {
        requireRange();
        return max;
    }

    private float z(double value) {
        double clamped = min == null ? value : Math.min(max, Math.max(min, value));
        return std == 0 ? 0f : (float) ((clamped - mean) / std);
    }

    private void requireRange() {
        requireFitted();
        if (min == null) {
            throw new IllegalStateException("this Normalizer was read from JSON without its training range:"
                    + " fit it again to get one");
        }
    }

    private void requireFitted() {
        if (mean == null) {
            throw new IllegalStateException("Normalizer is not fitted: call fit(...) on training data first");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalizer other && Objects.equals(mean, other.mean) && Objects.equals(std, other.std)
                && Objects.equals(min, other.min) && Objects.equals(max, other.max);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mean, std, min, max);
    }

    @Override
    public String toString() {
        return mean == null ? "Normalizer{unfitted}" : "Normalizer{mean=" + mean + ", std=" + std + ", range="
                + (min == null ? "unknown" : "[" + min + ", " + max + "]") + "}";
    }
}
