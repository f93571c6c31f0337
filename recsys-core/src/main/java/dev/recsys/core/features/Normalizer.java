package dev.recsys.core.features;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * Z-score normalization of a continuous value (e.g. a timestamp): {@code (v − mean) / std} with
 * the mean and population standard deviation of the training values, computed in double.
 *
 * <p>A constant training column has {@code std == 0}; every value then encodes as 0 rather than
 * NaN or an infinity.
 *
 * <p>Lifecycle: {@link #create()} gives an unfitted normalizer, {@code fit} a new fitted one.
 * Instances are immutable and thread-safe; Jackson serializes them, and a round trip gives an
 * equal normalizer.
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

    @JsonCreator
    private Normalizer(@JsonProperty("mean") Double mean, @JsonProperty("std") Double std) {
        if ((mean == null) != (std == null)) {
            throw new IllegalArgumentException("mean and std must both be set or both be absent, found mean "
                    + mean + ", std " + std);
        }
        if (mean != null && (!Double.isFinite(mean) || !Double.isFinite(std) || std < 0)) {
            throw new IllegalArgumentException("expected a finite mean and a finite std >= 0, found mean "
                    + mean + ", std " + std);
        }
        this.mean = mean;
        this.std = std;
    }

    /** An unfitted normalizer. */
    public static Normalizer create() {
        return new Normalizer(null, null);
    }

    /**
     * Fits mean and standard deviation on doubles, ignoring any earlier fit.
     *
     * @param values training values, {@code [n]}, {@code n >= 1}, all finite
     * @return a new fitted normalizer
     * @throws IllegalArgumentException if {@code values} is empty or holds NaN or an infinity
     */
    public Normalizer fit(double[] values) {
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
        for (double v : values) {
            double y = v - compensation;
            double t = sum + y;
            compensation = (t - sum) - y;
            sum = t;
        }
        double m = sum / values.length;
        double squares = 0;
        double deviations = 0;
        for (double v : values) {
            double d = v - m;
            squares += d * d;
            deviations += d;
        }
        double variance = (squares - deviations * deviations / values.length) / values.length;
        return new Normalizer(m, Math.sqrt(Math.max(0, variance)));
    }

    /**
     * Fits mean and standard deviation on epoch seconds (or any long values), ignoring any earlier
     * fit.
     *
     * @param values training values, {@code [n]}, {@code n >= 1}
     * @return a new fitted normalizer
     * @throws IllegalArgumentException if {@code values} is empty
     */
    public Normalizer fit(long[] values) {
        double[] asDouble = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            asDouble[i] = values[i];
        }
        return fit(asDouble);
    }

    /**
     * The z-score of a value.
     *
     * @return {@code (value − mean) / std}, or 0 when {@code std == 0}
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
     * The z-scores of a batch of doubles.
     *
     * @param values {@code [batch]}
     * @return {@code [batch]}, element {@code i} is {@code encode(values[i])}
     * @throws IllegalArgumentException if a value is NaN or infinite
     * @throws IllegalStateException if not fitted
     */
    public float[] encode(double[] values) {
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
     * The z-scores of a batch of epoch seconds (or any long values).
     *
     * @param values {@code [batch]}
     * @return {@code [batch]}
     * @throws IllegalStateException if not fitted
     */
    public float[] encode(long[] values) {
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

    private float z(double value) {
        return std == 0 ? 0f : (float) ((value - mean) / std);
    }

    private void requireFitted() {
        if (mean == null) {
            throw new IllegalStateException("Normalizer is not fitted: call fit(...) on training data first");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalizer other && Objects.equals(mean, other.mean) && Objects.equals(std, other.std);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mean, std);
    }

    @Override
    public String toString() {
        return mean == null ? "Normalizer{unfitted}" : "Normalizer{mean=" + mean + ", std=" + std + "}";
    }
}
