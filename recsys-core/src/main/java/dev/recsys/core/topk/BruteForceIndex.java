package dev.recsys.core.topk;

import dev.recsys.core.topk.internal.BlockScorer;
import dev.recsys.core.topk.internal.Kernels;
import dev.recsys.core.topk.internal.TopKHeap;
import dev.recsys.core.topk.internal.VectorKernels;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.util.FixedBitSet;

/**
 * Exact top-k by scoring the query against every candidate: the reference every other index is
 * tested against, and fast enough to serve catalogues of a few million items.
 *
 * <p>Candidates are stored in one row-major {@code float[size * dim]} array. A single query is
 * scored by the vector kernels in chunks and the best k are kept in a bounded heap, so the
 * catalogue is never sorted. A batch is scored block by block: each block of candidates is
 * read from memory once and scored against up to 64 queries while it sits in cache.
 *
 * <p>Ties: at equal scores the candidate given earlier to the builder ranks first. {@code k}
 * larger than the eligible candidates returns all of them. A score that overflows the float
 * range is -Infinity and ranks last (see {@link TopKIndex}); the single, allow-listed and
 * batched paths and both kernels apply that rule alike. Immutable and safe for concurrent
 * searches.
 *
 * <pre>{@code
 * TopKIndex index = BruteForceIndex.builder(movieIds, movieEmbeddings).build();
 * TopKResult top = index.search(userEmbedding, 10, ItemFilter.excluding(seenMovieIds));
 * }</pre>
 */
public final class BruteForceIndex implements TopKIndex {

    /** Candidates scored per kernel call for one query: the scores stay in L1. */
    private static final int CHUNK = 1024;
    /** Queries scored together by the block kernel. */
    private static final int QUERY_BLOCK = 64;
    /** Floats of candidate data per block of the batched path (128 KB, well inside L2). */
    private static final int BLOCK_FLOATS = 32 * 1024;
    /** Exclusion lists longer than this become a bit set instead of a sorted list of positions. */
    private static final int LONG_EXCLUSIONS = 256;

    private final CandidateSet candidates;
    private final int dim;
    private final int size;
    private final int[] ids;
    private final float[] vectors;
    private final VectorKernels kernels;

    /** An index over validated candidates; {@link HnswIndex} shares them for its exact fallback. */
    BruteForceIndex(CandidateSet candidates) {
        this.candidates = candidates;
        this.dim = candidates.dim;
        this.size = candidates.size;
        this.ids = candidates.ids;
        this.vectors = candidates.vectors;
        this.kernels = Kernels.get();
    }

    /**
     * Starts an index over candidates given as one row-major array.
     *
     * @param ids        {@code [n]} distinct candidate ids; copied
     * @param embeddings {@code [n * dim]}, row i is the embedding of {@code ids[i]}; copied
     * @param dim        embedding dimension, at least 1
     */
    public static Builder builder(int[] ids, float[] embeddings, int dim) {
        return new Builder(ids, Objects.requireNonNull(embeddings, "embeddings"), null, dim);
    }

    /**
     * Starts an index over candidates given one row each.
     *
     * @param ids        {@code [n]} distinct candidate ids; copied
     * @param embeddings {@code [n][dim]}, row i is the embedding of {@code ids[i]}; copied
     */
    public static Builder builder(int[] ids, float[][] embeddings) {
        Objects.requireNonNull(embeddings, "embeddings");
        return new Builder(ids, null, embeddings,
                embeddings.length == 0 ? 0 : CandidateSet.rowLength(embeddings, 0));
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public Similarity similarity() {
        return candidates.similarity;
    }

    /** Always true: every candidate is scored. */
    @Override
    public boolean isExact() {
        return true;
    }

    @Override
    public TopKResult search(float[] query, int k, ItemFilter filter) {
        float[] q = candidates.prepare(query, "query");
        CandidateSet.checkK(k);
        return searchPrepared(q, k, Objects.requireNonNull(filter, "filter"));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The batched kernel adds the products in another order than the single-query one, so a
     * score may differ from {@link #search} in its last bits, and candidates whose scores lie
     * within that rounding may swap ranks; with exactly representable sums both agree exactly.
     * Queries with an allow-list are searched one by one.
     */
    @Override
    public List<TopKResult> searchBatch(float[][] queries, int k, List<ItemFilter> filters) {
        float[][] prepared = candidates.prepareBatch(queries, k, filters);
        TopKResult[] results = new TopKResult[queries.length];
        int[] blocked = new int[queries.length];
        int blockedCount = 0;
        for (int i = 0; i < queries.length; i++) {
            if (filters.get(i).hasAllowList()) {
                results[i] = searchPrepared(prepared[i], k, filters.get(i));
            } else {
                blocked[blockedCount++] = i;
            }
        }
        for (int from = 0; from < blockedCount; from += QUERY_BLOCK) {
            int to = Math.min(blockedCount, from + QUERY_BLOCK);
            if (to - from == 1) {
                int i = blocked[from];
                results[i] = searchPrepared(prepared[i], k, filters.get(i));
            } else {
                searchBlock(Arrays.copyOfRange(blocked, from, to), prepared, k, filters, results);
            }
        }
        return Collections.unmodifiableList(Arrays.asList(results));
    }

    /** Search with a query already checked (and normalized for cosine) and a valid k. */
    TopKResult searchPrepared(float[] query, int k, ItemFilter filter) {
        Exclusions exclusions = exclusions(filter);
        if (filter.hasAllowList()) {
            int[] allowed = candidates.positionsOf(filter.allowedIds());
            TopKHeap selector = new TopKHeap(Math.max(1, Math.min(k, allowed.length)));
            for (int position : allowed) {
                float score = kernels.dot(query, 0, vectors, position * dim, dim);
                if (selector.accepts(score) && !exclusions.contains(position)) {
                    selector.push(score, position);
                }
            }
            return result(selector);
        }
        TopKHeap selector = new TopKHeap(Math.min(k, size));
        float[] scores = new float[Math.min(CHUNK, size)];
        for (int first = 0; first < size; first += CHUNK) {
            int count = Math.min(CHUNK, size - first);
            kernels.dotRows(query, vectors, dim, first, count, scores);
            select(scores, 0, count, first, selector, exclusions);
        }
        return result(selector);
    }

    /** Scores a group of unrestricted queries block by block against the whole catalogue. */
    private void searchBlock(int[] queryIndexes, float[][] prepared, int k, List<ItemFilter> filters,
            TopKResult[] results) {
        int nq = queryIndexes.length;
        float[] queries = new float[nq * dim];
        TopKHeap[] selectors = new TopKHeap[nq];
        Exclusions[] exclusions = new Exclusions[nq];
        for (int q = 0; q < nq; q++) {
            int i = queryIndexes[q];
            System.arraycopy(prepared[i], 0, queries, q * dim, dim);
            selectors[q] = new TopKHeap(Math.min(k, size));
            exclusions[q] = exclusions(filters.get(i));
        }
        int block = Math.min(size, Math.max(64, BLOCK_FLOATS / dim / 64 * 64));
        float[] scores = new float[nq * block];
        BlockScorer scorer = kernels.blockScorer(dim, block);
        for (int first = 0; first < size; first += block) {
            int count = Math.min(block, size - first);
            scorer.score(queries, nq, vectors, first, count, scores);
            for (int q = 0; q < nq; q++) {
                select(scores, q * count, count, first, selectors[q], exclusions[q]);
            }
        }
        for (int q = 0; q < nq; q++) {
            results[queryIndexes[q]] = result(selectors[q]);
        }
    }

    /** The heap's pairs as a result, best first, positions mapped to ids. */
    private TopKResult result(TopKHeap heap) {
        int[] positions = new int[heap.size()];
        float[] scores = new float[heap.size()];
        heap.drain(positions, scores);
        for (int r = 0; r < positions.length; r++) {
            positions[r] = ids[positions[r]];
        }
        return new TopKResult(positions, scores);
    }

    /** Offers {@code scores[offset, offset + count)}, for positions from {@code first} on. */
    private void select(float[] scores, int offset, int count, int first, TopKHeap selector,
            Exclusions exclusions) {
        int end = offset + count;
        int i = offset;
        for (; i < end && !selector.isFull(); i++) {
            if (!exclusions.contains(first + i - offset)) {
                selector.push(scores[i], first + i - offset);
            }
        }
        // Once the heap is full nearly every score fails "> worst": the kernel skips those
        // a vector at a time and stops only at candidates that would enter.
        while ((i = kernels.indexAbove(scores, i, end, selector.worst())) < end) {
            if (!exclusions.contains(first + i - offset)) {
                selector.push(scores[i], first + i - offset);
            }
            i++;
        }
    }

    /** The filter's excluded positions: a sorted list walked by a cursor when short, else bits. */
    private Exclusions exclusions(ItemFilter filter) {
        int[] excludedIds = filter.excludedIds();
        if (excludedIds.length > LONG_EXCLUSIONS) {
            return new Exclusions(null, filter.excludedBits(candidates));
        }
        return new Exclusions(candidates.positionsOf(excludedIds), null);
    }

    /**
     * Excluded positions. A short list is sorted and tested with a cursor, because positions are
     * offered in order; a long one (a user's whole history, a deny-list) is a bit set, which needs
     * no sort.
     */
    private static final class Exclusions {
        private final int[] positions;
        private final FixedBitSet bits;
        private int cursor;

        Exclusions(int[] sortedPositions, FixedBitSet bits) {
            this.positions = sortedPositions;
            this.bits = bits;
        }

        /** Whether {@code position} is excluded; calls must come with non-decreasing positions. */
        boolean contains(int position) {
            if (bits != null) {
                return bits.get(position);
            }
            while (cursor < positions.length && positions[cursor] < position) {
                cursor++;
            }
            return cursor < positions.length && positions[cursor] == position;
        }
    }

    /**
     * Collects the settings of a {@link BruteForceIndex}; {@link #build()} validates them and
     * copies the candidates.
     */
    public static final class Builder {
        private final int[] ids;
        private final float[] flat;
        private final float[][] rows;
        private final int dim;
        private Similarity similarity = Similarity.DOT_PRODUCT;

        private Builder(int[] ids, float[] flat, float[][] rows, int dim) {
            this.ids = Objects.requireNonNull(ids, "ids");
            this.flat = flat;
            this.rows = rows;
            this.dim = dim;
        }

        /**
         * How queries are scored against candidates.
         *
         * @param similarity default {@link Similarity#DOT_PRODUCT}
         */
        public Builder similarity(Similarity similarity) {
            this.similarity = Objects.requireNonNull(similarity, "similarity");
            return this;
        }

        /**
         * Validates and builds the index.
         *
         * @throws IllegalArgumentException when there are no candidates, {@code dim < 1}, the
         *     embeddings do not have {@code ids.length} rows of {@code dim} components, an id
         *     repeats, a component is NaN or infinite, or (cosine) a candidate is the zero vector
         */
        public BruteForceIndex build() {
            return new BruteForceIndex(CandidateSet.copyOf(ids, flat, rows, dim, similarity));
        }
    }
}
