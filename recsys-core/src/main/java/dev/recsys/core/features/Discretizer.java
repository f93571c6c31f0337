package dev.recsys.core.features;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Objects;

/**
 * Buckets a continuous value (typically an epoch timestamp in seconds) into an index, like Keras
 * {@code Discretization}.
 *
 * <p>With boundaries {@code b[0] <= ... <= b[B-1]} there are {@code B + 1} buckets:
 * {@code v < b[0]} gives 0, {@code b[i-1] <= v < b[i]} gives {@code i}, {@code v >= b[B-1]} gives
 * {@code B}. A value outside the training range is first clamped to it, so it lands in the bucket
 * of the nearest training extreme: that bucket's embedding was trained, while bucket 0 of
 * equal-width boundaries (below the minimum, Keras' behaviour) never is. Hence equal-width
 * boundaries never give bucket 0; the bucket is kept so that {@link #bucketCount()} matches Keras.
 * Every {@code long}, {@code Long.MIN_VALUE} and {@code Long.MAX_VALUE} included, is a valid
 * input. Boundaries are
 * fitted either equally spaced between the training minimum and maximum
 * ({@link #equalWidth(int)}, the reference notebook's {@code np.linspace(min_ts, max_ts, num=1000)})
 * or at quantiles of the training values ({@link #quantiles(int)}). Repeated values can make
 * quantile boundaries coincide; the bucket between them then stays empty, so
 * {@link #bucketCount()} never depends on the data.
 *
 * <p>Lifecycle: a factory gives an unfitted discretizer, {@code fit} a new fitted one. Instances
 * are immutable and thread-safe; Jackson serializes them, and a round trip gives an equal one.
 * JSON without {@code min} and {@code max} (written before the range was kept) still reads, as a
 * discretizer that does not clamp.
 *
 * <pre>{@code
 * Discretizer time = Discretizer.equalWidth(1000).fit(trainTimestamps);
 * int[] buckets = time.encode(batchTimestamps);   // [batch], values in [0, 1001)
 * }</pre>
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public final class Discretizer {

    /** How boundaries are placed. */
    enum Strategy { EQUAL_WIDTH, QUANTILES }

    private final Strategy strategy;
    private final int boundaryCount;
    private final double[] boundaries;
    /** The training range; null in JSON written before it was kept (then nothing is clamped). */
    private final Double min;
    private final Double max;

    @JsonCreator
    private Discretizer(@JsonProperty("strategy") Strategy strategy,
                        @JsonProperty("boundaryCount") int boundaryCount,
                        @JsonProperty("boundaries") double[] boundaries,
                        @JsonProperty("min") Double min,
                        @JsonProperty("max") Double max) {
        Objects.requireNonNull(strategy, "strategy");
        if (boundaryCount < 1) {
            throw new IllegalArgumentException("boundary count must be at least 1, found " + boundaryCount);
        }
        if (boundaries != null) {
            if (boundaries.length != boundaryCount) {
                throw new IllegalArgumentException("expected " + boundaryCount + " boundaries, found "
                        + boundaries.length);
            }
            for (int i = 0; i < boundaries.length; i++) {
                if (!Double.isFinite(boundaries[i]) || (i > 0 && boundaries[i] < boundaries[i - 1])) {
                    throw new IllegalArgumentException("boundaries must be finite and non-decreasing, found "
                            + Arrays.toString(boundaries));
                }
            }
        }
        if ((min == null) != (max == null) || (min != null && boundaries == null)) {
            throw new IllegalArgumentException("min and max must both be set, with the boundaries, or both be absent,"
                    + " found min " + min + ", max " + max);
        }
        if (min != null && !(Double.isFinite(min) && Double.isFinite(max) && min <= max)) {
            throw new IllegalArgumentException("expected a finite min <= max, found min " + min + ", max " + max);
        }
        this.strategy = strategy;
        this.boundaryCount = boundaryCount;
        this.boundaries = boundaries == null ? null : boundaries.clone();
        this.min = min;
        this.max = max;
    }

    /**
     * An unfitted discretizer whose boundaries will be {@code np.linspace(min, max, boundaries)}
     * of the training values: {@code boundaries + 1} buckets.
     *
     * @param boundaries number of boundaries, at least 1 (1 places it at the minimum)
     * @throws IllegalArgumentException if {@code boundaries < 1}
     */
    public static Discretizer equalWidth(int boundaries) {
        return new Discretizer(Strategy.EQUAL_WIDTH, boundaries, null, null, null);
    }

    /**
     * An unfitted discretizer whose boundaries will be the training values' quantiles at
     * {@code i / (boundaries + 1)}, {@code i = 1..boundaries} (linearly interpolated, numpy's
     * default): {@code boundaries + 1} buckets of about equal training mass.
     *
     * @param boundaries number of boundaries, at least 1
     * @throws IllegalArgumentException if {@code boundaries < 1}
     */
    public static Discretizer quantiles(int boundaries) {
        return new Discretizer(Strategy.QUANTILES, boundaries, null, null, null);
    }

    /**
     * Fits the boundaries on epoch seconds (or any long values), ignoring any earlier fit.
     *
     * @param values training values, {@code [n]}, {@code n >= 1}
     * @return a new fitted discretizer with this one's settings
     * @throws IllegalArgumentException if {@code values} is empty
     */
    public Discretizer fit(long[] values) {
        Objects.requireNonNull(values, "values");
        double[] asDouble = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            asDouble[i] = values[i];
        }
        return fitSorted(asDouble);
    }

    /**
     * Fits the boundaries on doubles, ignoring any earlier fit.
     *
     * @param values training values, {@code [n]}, {@code n >= 1}, all finite
     * @return a new fitted discretizer with this one's settings
     * @throws IllegalArgumentException if {@code values} is empty or holds NaN or an infinity
     */
    public Discretizer fit(double[] values) {
        Objects.requireNonNull(values, "values");
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("training value at index " + i
                        + " must be finite, found " + values[i]);
            }
        }
        return fitSorted(values.clone());
    }

    /** Sorts {@code values} in place and places the boundaries. */
    private Discretizer fitSorted(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("cannot fit a Discretizer on no values");
        }
        Arrays.sort(values);
        double[] b = new double[boundaryCount];
        if (strategy == Strategy.EQUAL_WIDTH) {
            double min = values[0];
            double max = values[values.length - 1];
            double step = boundaryCount == 1 ? 0 : (max - min) / (boundaryCount - 1);
            for (int i = 0; i < boundaryCount; i++) {
                b[i] = min + i * step;
            }
            if (boundaryCount > 1) {
                b[boundaryCount - 1] = max; // exactly, as np.linspace does
            }
        } else {
            for (int i = 0; i < boundaryCount; i++) {
                double position = (double) (i + 1) / (boundaryCount + 1) * (values.length - 1);
                int lower = (int) position;
                int upper = Math.min(lower + 1, values.length - 1);
                b[i] = values[lower] + (position - lower) * (values[upper] - values[lower]);
            }
        }
        return new Discretizer(strategy, boundaryCount, b, values[0], values[values.length - 1]);
    }

    /**
     * The bucket of a value, clamped to the training range first.
     *
     * @return the bucket in {@code [0, bucketCount())}; infinities go to the buckets of the
     *     training extremes
     * @throws IllegalArgumentException if {@code value} is NaN
     * @throws IllegalStateException if not fitted
     */
    public int encode(double value) {
        requireFitted();
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("cannot discretize NaN");
        }
        return bucket(value);
    }

    /**
     * The bucket of an epoch second (or any long value), clamped to the training range first.
     *
     * @return the bucket in {@code [0, bucketCount())}
     * @throws IllegalStateException if not fitted
     */
    public int encode(long value) {
        requireFitted();
        return bucket(value);
    }

    /**
     * The buckets of a batch of epoch seconds, each clamped to the training range first.
     *
     * @param values {@code [batch]}
     * @return {@code [batch]}, element {@code i} is {@code encode(values[i])}
     * @throws IllegalStateException if not fitted
     */
    public int[] encode(long[] values) {
        Objects.requireNonNull(values, "values");
        requireFitted();
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = bucket(values[i]);
        }
        return out;
    }

    /**
     * The buckets of a batch of doubles, each clamped to the training range first.
     *
     * @param values {@code [batch]}
     * @return {@code [batch]}, element {@code i} is {@code encode(values[i])}
     * @throws IllegalArgumentException if a value is NaN
     * @throws IllegalStateException if not fitted
     */
    public int[] encode(double[] values) {
        Objects.requireNonNull(values, "values");
        requireFitted();
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                throw new IllegalArgumentException("cannot discretize NaN, found at index " + i);
            }
            out[i] = bucket(values[i]);
        }
        return out;
    }

    /** Number of buckets, boundaries + 1: the row count of an embedding table fed by this encoder. */
    public int bucketCount() {
        return boundaryCount + 1;
    }

    /** Whether {@code fit} produced this discretizer. */
    public boolean isFitted() {
        return boundaries != null;
    }

    /**
     * The fitted boundaries, non-decreasing.
     *
     * @return a copy, {@code [bucketCount() - 1]}
     * @throws IllegalStateException if not fitted
     */
    public double[] boundaries() {
        requireFitted();
        return boundaries.clone();
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

    /** The number of boundaries {@code <= value} once clamped: the first index whose boundary exceeds it. */
    private int bucket(double value) {
        if (min != null) {
            value = Math.min(max, Math.max(min, value));
        }
        int lo = 0;
        int hi = boundaries.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (boundaries[mid] <= value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void requireFitted() {
        if (boundaries == null) {
            throw new IllegalStateException("Discretizer is not fitted: call fit(...) on training data first");
        }
    }

    private void requireRange() {
        requireFitted();
        if (min == null) {
            throw new IllegalStateException("this Discretizer was read from JSON without its training range:"
                    + " fit it again to get one");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Discretizer other
                && strategy == other.strategy
                && boundaryCount == other.boundaryCount
                && Arrays.equals(boundaries, other.boundaries)
                && Objects.equals(min, other.min) && Objects.equals(max, other.max);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(strategy, boundaryCount, min, max) + Arrays.hashCode(boundaries);
    }

    @Override
    public String toString() {
        String fitted = boundaries == null ? "unfitted"
                : "boundaries=[" + boundaries[0] + ", " + boundaries[boundaries.length - 1] + "], range="
                        + (min == null ? "unknown" : "[" + min + ", " + max + "]");
        return "Discretizer{" + strategy + ", buckets=" + bucketCount() + ", " + fitted + "}";
    }
}
