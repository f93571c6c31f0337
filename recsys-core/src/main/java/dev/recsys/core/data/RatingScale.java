package dev.recsys.core.data;

/**
 * The values a dataset's ratings may take: from {@code min} to {@code max}, in steps of
 * {@code step} above {@code min} ({@code step} 0: any value in the range). Data carries its scale
 * ({@link Examples#scale()}), and rating models clip their predictions to it unless told otherwise.
 *
 * <pre>{@code
 * RatingScale.HALF_STARS             // MovieLens CSV layouts and ml-10m: 0.5, 1.0, ..., 5.0
 * RatingScale.WHOLE_STARS            // ml-1m and ml-100k: 1, 2, ..., 5
 * RatingScale.of(1, 10, 1)           // a 1-10 scale
 * RatingScale.continuous(0, 100)     // e.g. percent watched
 * }</pre>
 *
 * @param min lowest rating, finite
 * @param max highest rating, finite, above {@code min}
 * @param step distance between neighbouring ratings, 0 for a continuous scale
 */
public record RatingScale(double min, double max, double step) {

    /** 0.5 to 5.0 in steps of 0.5: the MovieLens CSV layouts and ml-10m. */
    public static final RatingScale HALF_STARS = new RatingScale(0.5, 5, 0.5);

    /** 1 to 5 in whole stars: ml-1m and ml-100k. */
    public static final RatingScale WHOLE_STARS = new RatingScale(1, 5, 1);

    /**
     * Implicit feedback: 1 for an interaction (a click, a view, a purchase), 0 for a known or
     * sampled non-interaction. A rating model on it regresses a score in {@code [0, 1]}.
     */
    public static final RatingScale IMPLICIT = new RatingScale(0, 1, 1);

    /**
     * Checks the bounds.
     *
     * @throws IllegalArgumentException unless {@code min < max}, both finite, and
     *     {@code 0 <= step <= max - min}
     */
    public RatingScale {
        if (!Double.isFinite(min) || !Double.isFinite(max) || !(min < max)) {
            throw new IllegalArgumentException("rating scale must be finite with min < max, found [" + min + ", "
                    + max + "]");
        }
        if (!(step >= 0 && step <= max - min)) {
            throw new IllegalArgumentException("rating step must be in [0, max - min] = [0, " + (max - min)
                    + "], found " + step);
        }
    }

    /** A scale of the values {@code min, min + step, ...} up to {@code max}; see the constructor for the checks. */
    public static RatingScale of(double min, double max, double step) {
        return new RatingScale(min, max, step);
    }

    /** Any value from {@code min} to {@code max} (step 0). */
    public static RatingScale continuous(double min, double max) {
        return new RatingScale(min, max, 0);
    }

    /** Whether {@code value} lies in {@code [min, max]}, whatever the step (false for NaN). */
    public boolean inRange(double value) {
        return value >= min && value <= max;
    }

    /**
     * Whether {@code value} is on the scale: in range and a whole number of steps above
     * {@code min}, exactly (false for NaN). Exact comparison suits the binary fractions of
     * {@link #HALF_STARS} and {@link #WHOLE_STARS}; a step such as 0.1 has no exact binary value,
     * so check such scales with {@link #inRange} instead.
     */
    public boolean contains(double value) {
        if (!inRange(value)) {
            return false;
        }
        if (step == 0) {
            return true;
        }
        double steps = (value - min) / step;
        return steps == Math.rint(steps);
    }

    /** {@code value} limited to {@code [min, max]}. */
    public double clip(double value) {
        return Math.max(min, Math.min(max, value));
    }

    /**
     * For messages: "half-star scale 0.5 to 5.0", "whole-star scale 1 to 5", "implicit-feedback
     * scale 0 to 1", otherwise e.g. "scale 1 to 10 in steps of 1" or "scale 0 to 100 (continuous)".
     */
    @Override
    public String toString() {
        if (equals(HALF_STARS)) {
            return "half-star scale 0.5 to 5.0";
        }
        if (equals(WHOLE_STARS)) {
            return "whole-star scale 1 to 5";
        }
        if (equals(IMPLICIT)) {
            return "implicit-feedback scale 0 to 1";
        }
        return "scale " + number(min) + " to " + number(max)
                + (step == 0 ? " (continuous)" : " in steps of " + number(step));
    }

    /** A whole number without ".0", anything else as Java prints it. */
    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
