/**
 * Models on the recsys engine, one package per stage of the pipeline:
 * {@code tower} ({@link dev.recsys.models.tower.UserTower}, {@link dev.recsys.models.tower.MovieTower}),
 * {@code task} (the {@link dev.recsys.models.task.Retrieval} and {@link dev.recsys.models.task.Ranking}
 * tasks and the models joining towers and tasks), {@code train} ({@link dev.recsys.models.train.Trainer}),
 * {@code eval} (ranking and rating evaluation), {@code serve}
 * ({@link dev.recsys.models.serve.Recommender}, frozen inference), {@code io}
 * ({@link dev.recsys.models.io.SavedModel}, {@link dev.recsys.models.io.ModelFile})
 * and {@code baseline}.
 *
 * <p>This package holds the contracts they share: {@link dev.recsys.models.Model} (what the trainer
 * fits), {@link dev.recsys.models.CandidateScorer} and {@link dev.recsys.models.RatingPredictor}
 * (what evaluation measures; every baseline and trained model is one or both).
 *
 * <pre>{@code
 * UserTower users = UserTower.builder(userIds, 32).timeBuckets(buckets, 32).build();
 * MovieTower movies = MovieTower.builder(movieIds, 32).catalog(catalog).title(titles, 32, Pooling.MEAN).build();
 * RetrievalModel model = RetrievalModel.builder(users, movies, catalog).build();
 * TrainingResult result = Trainer.builder().epochs(10).build().fit(model, train, validation);
 * SavedModel.builder().retrieval(model).build().save(path);
 * }</pre>
 */
package dev.recsys.models;
