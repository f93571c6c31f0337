/**
 * MovieLens data in memory: ratings as primitive columns ({@link dev.recsys.data.Interactions}),
 * the movie catalogue, tags and user demographics, whatever layout they were read from.
 */
package dev.recsys.data;
