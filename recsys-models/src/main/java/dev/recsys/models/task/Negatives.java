package dev.recsys.models.task;

/** Which candidates the retrieval loss contrasts each positive with. */
public enum Negatives {
    /**
     * The other positives of the batch (in-batch softmax), with the logQ correction when it is
     * on: cheap whatever the catalogue size, the default.
     */
    IN_BATCH,
    /**
     * Every candidate rated in training (full softmax): exact and without sampling bias, at
     * {@code O(batch × candidates)} per step, so for catalogues up to about 100,000 items.
     */
    ALL_CANDIDATES
}
