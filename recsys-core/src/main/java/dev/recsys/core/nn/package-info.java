/**
 * A small reverse-mode automatic differentiation engine over ND4J arrays, built for two-tower
 * recommenders.
 *
 * <p>A {@link dev.recsys.core.nn.ParameterStore} owns named, seeded parameters: dense
 * {@link dev.recsys.core.nn.DenseParameter}s and {@link dev.recsys.core.nn.EmbeddingTable}s whose
 * gradients stay sparse (touched rows only). A {@link dev.recsys.core.nn.Tape} records one
 * forward pass built from the operations in {@link dev.recsys.core.nn.Ops} and the layers
 * {@link dev.recsys.core.nn.Dense} and {@link dev.recsys.core.nn.Gru}; {@link
 * dev.recsys.core.nn.Tape#backward} accumulates gradients into the parameters and {@link
 * dev.recsys.core.nn.Tape#close} frees every off-heap temporary of the step:
 *
 * <pre>{@code
 * try (Tape tape = new Tape()) {
 *     Variable users = Ops.lookup(tape, userTable, userIds);       // [batch, dim]
 *     Variable hidden = dense.apply(tape, users);                   // [batch, 64]
 *     Variable loss = Ops.softmaxCrossEntropy(Ops.dotScores(q, c), labels);
 *     tape.backward(loss);
 * }
 * optimizer.step(store);
 * }</pre>
 *
 * <p>Operations are data-type generic: training runs in float32, and {@link
 * dev.recsys.core.nn.GradientCheck} runs the same code in float64 to compare analytic gradients
 * with central differences.
 */
package dev.recsys.core.nn;
