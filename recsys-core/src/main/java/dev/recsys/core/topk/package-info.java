/**
 * Top-k retrieval over candidate embeddings: the {@link dev.recsys.core.topk.TopKIndex}
 * interface, the exact {@link dev.recsys.core.topk.BruteForceIndex} every other index is tested
 * against, the approximate {@link dev.recsys.core.topk.HnswIndex} for large catalogues (Lucene's
 * HNSW graph used standalone, saved and loaded with a checksum), per-query
 * {@link dev.recsys.core.topk.ItemFilter}s and immutable {@link dev.recsys.core.topk.TopKResult}s.
 *
 * <p>Scoring runs on SIMD kernels ({@code jdk.incubator.vector}) when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}, else on scalar kernels with identical results up to
 * float rounding; one log line at first use says which. The system property
 * {@code -Drecsys.vector=scalar|simd} forces either.
 */
package dev.recsys.core.topk;
