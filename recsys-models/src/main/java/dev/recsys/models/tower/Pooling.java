package dev.recsys.models.tower;

/** How a title's token embeddings {@code [T, D]} become one vector {@code [D]}. */
public enum Pooling {
    /** Mean of the token embeddings (padding masked out). */
    MEAN,
    /** Final state of a GRU run over the tokens (padding skipped). */
    GRU
}
