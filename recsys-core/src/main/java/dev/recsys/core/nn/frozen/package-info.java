/**
 * Frozen inference: the layers of {@link dev.recsys.core.nn} as immutable objects over float
 * arrays on the Java heap, for serving. No tape, no ND4J array, no native memory: a forward pass
 * is plain Java on the vector kernels chosen for the JVM (SIMD on {@code jdk.incubator.vector}
 * when readable, scalar otherwise), and a JVM that only serves never loads ND4J.
 *
 * <p>{@link dev.recsys.core.nn.frozen.Weights} holds named values, from a trained
 * {@link dev.recsys.core.nn.ParameterStore#weights()} or a model file; the training layers
 * freeze into {@link dev.recsys.core.nn.frozen.FrozenDense} ({@link dev.recsys.core.nn.Dense#frozen}),
 * {@link dev.recsys.core.nn.frozen.FrozenMlp} ({@link dev.recsys.core.nn.Mlp#frozen}) and
 * {@link dev.recsys.core.nn.frozen.FrozenGru} ({@link dev.recsys.core.nn.Gru#frozen}), which know
 * their parameter names; {@link dev.recsys.core.nn.frozen.FrozenEmbedding} looks rows up and
 * {@link dev.recsys.core.nn.frozen.SplitMlp} precomputes one side of a head over two inputs.
 * Outputs equal the training forward pass up to float rounding (another summation order).
 *
 * <pre>{@code
 * Weights weights = store.weights();                                      // or read from a file
 * FrozenMlp top = Mlp.frozen(weights, "user", 64, new int[] {64}, 32);   // [64] -> [32]
 * float[] y = top.apply(x);
 * }</pre>
 */
package dev.recsys.core.nn.frozen;
