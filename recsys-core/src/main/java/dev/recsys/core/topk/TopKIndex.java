package dev.recsys.core.topk;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Finds the k candidates that score highest against a query embedding.
 *
 * <p>Implementations are safe for concurrent searches once built. Every search checks its
 * arguments once and throws {@link IllegalArgumentException} for a query of the wrong length, a
 * query with NaN or infinite components, or {@code k <= 0}. A {@code k} larger than the number
 * of eligible candidates is not an error: the result then holds all of them, best first.
 *
 * <p>Finite queries and candidates can still produce a score that does not fit in a float (a dot
 * product of large components overflows to an infinity, or to NaN when infinities of both signs
 * meet). Such a score is the worst possible: it is reported as {@link Float#NEGATIVE_INFINITY}
 * and ranks after every finite score, so an overflow never hides a candidate with a real score.
 * Keep {@code |query| · |candidate|} below {@code Float.MAX_VALUE} (about 3.4e38) to score every
 * pair; cosine similarity never overflows.
 */
public interface TopKIndex {

    /** Number of candidates. */
    int size();

    /** Embedding dimension of candidates and queries. */
    int dim();

    /** How queries and candidates are scored. */
    Similarity similarity();

    /** Whether results are exact (true for brute force; false for approximate indexes). */
    boolean isExact();

    /**
     * The best {@code k} candidates for one query, all candidates eligible.
     *
     * @param query {@code [dim]}
     * @param k     number of results wanted, at least 1
     * @return {@code min(k, size())} results, best first
     */
    default TopKResult search(float[] query, int k) {
        return search(query, k, ItemFilter.none());
    }

    /**
     * The best {@code k} candidates for one query among those the filter lets through.
     *
     * @param query  {@code [dim]}
     * @param k      number of results wanted, at least 1
     * @param filter allow-list and exclusions for this query
     * @return {@code min(k, eligible)} results, best first
     */
    TopKResult search(float[] query, int k, ItemFilter filter);

    /**
     * The best {@code k} candidates for each of several queries, all candidates eligible.
     * Results are the same as searching one query at a time, but cheaper per query.
     *
     * @param queries {@code [batch, dim]}
     * @param k       number of results wanted per query, at least 1
     * @return {@code [batch]} results, in query order
     */
    default List<TopKResult> searchBatch(float[][] queries, int k) {
        Objects.requireNonNull(queries, "queries");
        return searchBatch(queries, k, Collections.nCopies(queries.length, ItemFilter.none()));
    }

    /**
     * The best {@code k} candidates for each of several queries, each with its own filter.
     *
     * @param queries {@code [batch, dim]}
     * @param k       number of results wanted per query, at least 1
     * @param filters {@code [batch]} filters, one per query in the same order
     * @return {@code [batch]} results, in query order
     */
    List<TopKResult> searchBatch(float[][] queries, int k, List<ItemFilter> filters);
}
