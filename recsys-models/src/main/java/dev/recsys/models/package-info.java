/**
 * Two-tower models on the recsys engine: {@link dev.recsys.models.UserTower} and
 * {@link dev.recsys.models.MovieTower} composed from fitted encoders, the
 * {@link dev.recsys.models.Retrieval} and {@link dev.recsys.models.Ranking} tasks, the models that
 * join towers and tasks ({@link dev.recsys.models.RetrievalModel},
 * {@link dev.recsys.models.RankingModel}, {@link dev.recsys.models.MultiTaskModel}), the
 * {@link dev.recsys.models.Trainer} and the {@link dev.recsys.models.FactorizedTopK} metric; for
 * serving, {@link dev.recsys.models.SavedModel} (one checked zip file per trained model) and the
 * {@link dev.recsys.models.Recommender} facade (retrieve, re-rank, filter; similar movies). Every
 * model the quality harness compares is a {@link dev.recsys.models.RatingPredictor}, a
 * {@link dev.recsys.models.CandidateScorer} or both; the baselines are in
 * {@code dev.recsys.models.baseline}.
 *
 * <pre>{@code
 * UserTower users = UserTower.builder(userIds, 32).timeBuckets(buckets, 32).build();
 * MovieTower movies = MovieTower.builder(movieIds, 32).catalog(catalog).title(titles, 32, Pooling.MEAN).build();
 * RetrievalModel model = RetrievalModel.builder(users, movies, catalog).build();
 * TrainingResult result = Trainer.builder().epochs(10).build().fit(model, train, test);
 * SavedModel.builder().retrieval(model).build().save(path);
 * }</pre>
 */
package dev.recsys.models;
