package dev.recsys.models.serve;

/**
 * A movie close to another one in the retrieval model's candidate space.
 *
 * @param movieId the MovieLens id
 * @param title its catalogue title
 * @param similarity cosine of the two candidate embeddings, in {@code [-1, 1]}
 */
public record SimilarMovie(int movieId, String title, float similarity) {}
