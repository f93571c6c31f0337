/**
 * Scoring kernels behind the TopK index; not a public API, it may change in any release.
 *
 * <p>The shape follows Lucene's {@code VectorUtil} / {@code VectorizationProvider}:
 * {@link dev.recsys.core.topk.internal.Kernels} picks one {@link
 * dev.recsys.core.topk.internal.VectorKernels} implementation once per JVM: a SIMD one on
 * {@code jdk.incubator.vector} when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}, a plain scalar one otherwise. The classes are public
 * only so that the benchmarks in another module can call both kernels directly.
 */
package dev.recsys.core.topk.internal;
