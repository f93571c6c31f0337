/**
 * Optimizers that apply the gradients accumulated in a {@link dev.recsys.core.nn.ParameterStore}:
 * {@link dev.recsys.core.optim.Sgd}, {@link dev.recsys.core.optim.Adagrad} and {@link
 * dev.recsys.core.optim.Adam}.
 *
 * <p>Dense parameters are updated in full; embedding tables row-wise, touching only the rows
 * looked up in the step (row-wise Adagrad, lazy Adam). Every optimizer optionally adds an L2
 * penalty and clips gradients by their global norm. Updates run in plain Java over the
 * parameters' buffers, so a step makes no ND4J calls and allocates no native memory.
 */
package dev.recsys.core.optim;
