/**
 * Interaction data in memory: ratings or other interactions as primitive columns
 * ({@link dev.recsys.data.Interactions}), the item catalogue ({@link dev.recsys.data.Movies}),
 * and the datasets read from files: {@link dev.recsys.data.MovieLensData} (with tags, user
 * demographics and IMDb/TMDb links, whatever MovieLens layout they came from) and
 * {@link dev.recsys.data.InteractionData} (your own delimited files, with the dictionaries of
 * their original ids).
 */
package dev.recsys.data;
