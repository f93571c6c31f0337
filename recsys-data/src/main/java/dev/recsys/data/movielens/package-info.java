/**
 * Readers for the official MovieLens layouts, all returning the same in-memory
 * {@link dev.recsys.data.MovieLensData}: the CSV layout (ml-latest-small, ml-latest, ml-25m,
 * ml-32m), the {@code ::} layout (ml-1m, ml-10m) and ml-100k, whose predefined train/test
 * folds ({@link dev.recsys.data.movielens.Ml100kFold}) read into a
 * {@link dev.recsys.data.split.Split}. Start with {@link dev.recsys.data.movielens.MovieLensReader}.
 */
package dev.recsys.data.movielens;
