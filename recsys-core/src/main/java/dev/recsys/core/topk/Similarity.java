package dev.recsys.core.topk;

/** How a query and a candidate embedding are scored; higher is better. */
public enum Similarity {
    /** Dot product {@code q · c}. */
    DOT_PRODUCT,
    /**
     * Cosine {@code q · c / (|q| |c|)}: candidates are normalized once when the index is built,
     * the query once per search; zero vectors are rejected.
     */
    COSINE
}
