/**
 * Serving: the {@link dev.recsys.models.serve.Recommender} (retrieve, re-rank, filter; similar
 * movies; batches for offline jobs) and what it returns. A recommender is frozen inference:
 * towers, ranking head and candidate embeddings as immutable float arrays on the Java heap, run
 * in plain Java on the vector kernels, with no tape, ND4J array or native memory on the request
 * path. {@link dev.recsys.models.serve.Recommender#load(java.nio.file.Path)} builds one from a
 * model file without ND4J; it needs no closing and survives whatever happens to the training
 * objects it was made from, so a new model is deployed by swapping a reference.
 */
package dev.recsys.models.serve;
