/**
 * Serving: the {@link dev.recsys.models.serve.Recommender} facade (retrieve, re-rank, filter;
 * similar movies) and what it returns.
 */
package dev.recsys.models.serve;
