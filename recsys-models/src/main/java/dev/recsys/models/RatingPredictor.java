package dev.recsys.models;

import dev.recsys.core.data.Examples;

/** A model that predicts ratings: what the quality harness needs to measure RMSE. */
public interface RatingPredictor {

    /**
     * Predicted ratings.
     *
     * @param examples the (user, timestamp, movie) triples; ratings are ignored
     * @return {@code [examples.size()]}
     */
    double[] predict(Examples examples);
}
