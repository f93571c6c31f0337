package dev.recsys.models.serve;

/**
 * A movie close to another one in the retrieval model's candidate space.
 *
 * @param movieId the movie (item) id the model works on
 * @param itemId the original item id (see {@link Recommendation#itemId()})
 * @param title its catalogue title
 * @param similarity cosine of the two candidate embeddings, in {@code [-1, 1]}
 */
public record SimilarMovie(int movieId, String itemId, String title, float similarity) {}
