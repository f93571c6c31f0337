/**
 * Synthetic MovieLens-like data for tests and scale benchmarks: {@link dev.recsys.data.synthetic.SyntheticMovieLens}
 * draws users, a movie catalogue and ratings from a hidden latent-factor model, seeded, and writes
 * them in the ml-latest CSV layout.
 */
package dev.recsys.data.synthetic;
