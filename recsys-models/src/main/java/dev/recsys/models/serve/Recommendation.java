package dev.recsys.models.serve;

/**
 * One recommended movie.
 *
 * @param movieId the MovieLens id
 * @param title its catalogue title
 * @param retrievalScore the retrieval model's score (dot product of query and candidate embeddings)
 * @param predictedRating the ranking model's rating, clipped to its scale; NaN without a ranking model
 */
public record Recommendation(int movieId, String title, float retrievalScore, double predictedRating) {}
