/**
 * Quality metrics for recommenders: rating error ({@link dev.recsys.core.metrics.Metrics#rmse})
 * and ranking quality of a top-k list against a user's held-out items
 * ({@link dev.recsys.core.metrics.Metrics#recall}, {@link dev.recsys.core.metrics.Metrics#ndcg},
 * {@link dev.recsys.core.metrics.Metrics#hitRate}); {@link dev.recsys.core.topk.TopK#select} builds
 * the list from a score row with some items excluded.
 *
 * <pre>{@code
 * int[] ranked = TopK.select(scores, 10, alreadySeen);
 * double ndcg = Metrics.ndcg(ranked, testRows, 10);
 * }</pre>
 */
package dev.recsys.core.metrics;
