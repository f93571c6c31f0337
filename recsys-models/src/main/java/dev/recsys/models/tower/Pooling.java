package dev.recsys.models.tower;

/**
 * How a sequence of embeddings {@code [T, D]} (a title's tokens, a user's history) becomes one
 * vector {@code [D]}.
 */
public enum Pooling {
    /** Mean of the embeddings (padding masked out; a history may weight them). */
    MEAN,
    /** Final state of a GRU run over the sequence, oldest to newest (padding skipped). */
    GRU,
    /**
     * The newest position of a causal self-attention encoder in the SASRec shape
     * ({@link dev.recsys.core.nn.CausalSelfAttention}); user histories only.
     */
    ATTENTION
}
