package dev.recsys.models;

import dev.recsys.core.data.Catalog;

/**
 * A model that scores every candidate movie for a query (a user at a time), higher is better:
 * what the quality harness needs for top-k metrics. Scores only order candidates for one query;
 * they are not comparable across models.
 */
public interface CandidateScorer {

    /** The candidates, in the column order of {@link #scores}. */
    Catalog candidates();

    /**
     * Scores of every candidate for each query.
     *
     * @param userIds {@code [batch]} MovieLens user ids
     * @param timestamps {@code [batch]} query times, epoch seconds
     * @return {@code [batch][candidates().size()]}
     * @throws IllegalArgumentException if the lengths differ
     */
    float[][] scores(int[] userIds, long[] timestamps);
}
