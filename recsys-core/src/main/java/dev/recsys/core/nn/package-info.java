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
 * dev.recsys.core.nn.Tape#close} frees every off-heap temporary of the step (an {@link
 * dev.recsys.core.nn.ArrayPool} shared by the tapes of a run recycles the large {@code [B, B]}
 * arrays instead):
 *
 * <pre>{@code
 * try (ArrayPool pool = new ArrayPool()) {
 *     for (Batch batch : batches) {
 *         try (Tape tape = new Tape(pool)) {
 *             Variable query = queryDense.apply(tape, Ops.lookup(tape, userTable, batch.userIds()));   // [B, D]
 *             Variable candidate = Ops.lookup(tape, movieTable, batch.movieIds());                    // [B, D]
 *             Variable scores = Ops.dotScores(Ops.scale(query, 1 / temperature), candidate);         // [B, B]
 *             Variable loss = Ops.softmaxCrossEntropy(scores, diagonal, logQ, batch.movieIds());
 *             tape.backward(loss);
 *         }
 *         optimizer.step(store);
 *     }
 * }
 * }</pre>
 *
 * <p>For serving, {@link dev.recsys.core.nn.ParameterStore#weights()} copies the trained values to
 * the Java heap and the layers' {@code frozen} factories build their immutable counterparts in
 * {@link dev.recsys.core.nn.frozen}, which run without the tape or ND4J.
 *
 * <p>Operations are data-type generic: training runs in float32, and {@link
 * dev.recsys.core.nn.GradientCheck} runs the same code in float64 to compare analytic gradients
 * with central differences.
 */
package dev.recsys.core.nn;
