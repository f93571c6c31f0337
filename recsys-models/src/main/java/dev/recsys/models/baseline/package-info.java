/**
 * Baselines the two-tower models must beat, behind the same
 * {@link dev.recsys.models.RatingPredictor} and {@link dev.recsys.models.CandidateScorer}
 * interfaces: global rankings ({@link dev.recsys.models.baseline.Popularity},
 * {@link dev.recsys.models.baseline.WeightedRating}, whose {@code m = 0} is the plain mean rating),
 * content-based TF-IDF similarity ({@link dev.recsys.models.baseline.ContentBased}) and
 * collaborative filtering by biased matrix factorization
 * ({@link dev.recsys.models.baseline.BiasedMatrixFactorization}). The implicit-feedback
 * collaborative model is {@link dev.recsys.models.task.RetrievalModel} with id-only towers, and the deep
 * hybrid is a {@link dev.recsys.models.task.RankingModel} whose movie tower adds title tokens and genres.
 *
 * <pre>{@code
 * WeightedRating imdb = WeightedRating.fit(train, catalog, 10);
 * BiasedMatrixFactorization mf = BiasedMatrixFactorization.builder(catalog).factors(50).fit(train);
 * double[] predicted = mf.predict(test);
 * int[] similar = ContentBased.builder(catalog).fit(train).similarMovies(1, 10);
 * }</pre>
 */
package dev.recsys.models.baseline;
