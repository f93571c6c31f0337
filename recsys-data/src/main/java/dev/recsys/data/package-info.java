/**
 * MovieLens data in memory: ratings as primitive columns ({@link dev.recsys.data.Interactions}),
 * the movie catalogue, tags, user demographics and IMDb/TMDb links, whatever layout they were read
 * from.
 */
package dev.recsys.data;
