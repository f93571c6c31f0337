package dev.recsys.models.serve;

/**
 * One recommended movie.
 *
 * @param movieId the movie (item) id the model works on: the MovieLens id, or the dense id of a
 *     model trained on string ids
 * @param itemId the original item id: the string the data had, for a model saved with
 *     {@link dev.recsys.models.io.OriginalIds}, else {@code movieId} in decimal
 * @param title its catalogue title
 * @param retrievalScore the retrieval model's score (dot product of query and candidate embeddings)
 * @param predictedRating the ranking model's rating, clipped to its scale; NaN without a ranking model
 */
public record Recommendation(int movieId, String itemId, String title, float retrievalScore, double predictedRating) {}
