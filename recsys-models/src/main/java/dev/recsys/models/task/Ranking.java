package dev.recsys.models.task;

import dev.recsys.core.data.RatingScale;
import dev.recsys.core.nn.Ops;
import dev.recsys.core.nn.Tape;
import dev.recsys.core.nn.Variable;
import java.util.Objects;

/**
 * The ranking task (TFRS {@code Ranking} with mean squared error): regresses ratings, reports RMSE,
 * and clips served predictions to the rating scale. Holds settings only.
 */
public final class Ranking {

    private final double minRating;
    private final double maxRating;

    private Ranking(double minRating, double maxRating) {
        this.minRating = minRating;
        this.maxRating = maxRating;
    }

    /**
     * A task for ratings in {@code [minRating, maxRating]}.
     *
     * @throws IllegalArgumentException unless {@code minRating < maxRating}, both finite
     */
    public static Ranking of(double minRating, double maxRating) {
        if (!Double.isFinite(minRating) || !Double.isFinite(maxRating) || !(minRating < maxRating)) {
            throw new IllegalArgumentException("rating scale must be finite with min < max, found ["
                    + minRating + ", " + maxRating + "]");
        }
        return new Ranking(minRating, maxRating);
    }

    /** A task for ratings on {@code scale}, e.g. the training data's {@link dev.recsys.core.data.Examples#scale()}. */
    public static Ranking of(RatingScale scale) {
        Objects.requireNonNull(scale, "scale");
        return new Ranking(scale.min(), scale.max());
    }

    /** The MovieLens half-star scale, 0.5 to 5 stars. */
    public static Ranking movieLens() {
        return of(0.5, 5.0);
    }

    /**
     * Mean squared error of the predictions.
     *
     * @param predictions {@code [B, 1]}
     * @param ratings {@code [B]} true ratings
     * @return scalar
     */
    public Variable loss(Tape tape, Variable predictions, float[] ratings) {
        Variable targets = tape.input(ratings, predictions.value().dataType(), ratings.length, 1);
        return Ops.meanSquaredError(predictions, targets.value());
    }

    /** A prediction clipped to the rating scale. */
    public double clip(double prediction) {
        return Math.max(minRating, Math.min(maxRating, prediction));
    }

    /** Lowest rating. */
    public double minRating() {
        return minRating;
    }

    /** Highest rating. */
    public double maxRating() {
        return maxRating;
    }
}
