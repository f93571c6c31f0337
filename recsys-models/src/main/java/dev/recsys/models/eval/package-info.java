/**
 * Evaluation, one path for every model: an {@link dev.recsys.models.eval.Evaluator} ranks the
 * candidates of any {@link dev.recsys.models.CandidateScorer} and checks the predictions of any
 * {@link dev.recsys.models.RatingPredictor}, per test row (the reference notebook's protocol) or
 * per user with seen movies excluded, and returns a {@link dev.recsys.models.eval.Report}:
 * factorized top-k accuracy, Recall@k, NDCG@k, HitRate@k, MRR, coverage, RMSE and MAE. Non-finite
 * scores are misses and are counted.
 */
package dev.recsys.models.eval;
