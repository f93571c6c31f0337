/**
 * Model-facing input types, independent of any file format: {@link dev.recsys.core.data.Examples}
 * (one row per rating: user id, timestamp, movie id, rating) and {@link dev.recsys.core.data.Catalog}
 * (the candidate movies with titles and genres). Readers (recsys-data) convert to these; models
 * (recsys-models) consume them, so the two modules need not know each other.
 */
package dev.recsys.core.data;
