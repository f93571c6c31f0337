package dev.recsys.core.topk;

import dev.recsys.core.topk.internal.BlockScorer;
import dev.recsys.core.topk.internal.Kernels;
import dev.recsys.core.topk.internal.VectorKernels;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

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

    private final int dim;
    private final int size;
    private final Similarity similarity;
    private final int[] ids;
    private final float[] vectors;
    /** {@code (id << 32) | position}, sorted: maps ids to positions by binary search. */
    private final long[] idPositions;
    private final VectorKernels kernels;

    private BruteForceIndex(int dim, Similarity similarity, int[] ids, float[] vectors, long[] idPositions) {
        this.dim = dim;
        this.size = ids.length;
        this.similarity = similarity;
        this.ids = ids;
        this.vectors = vectors;
        this.idPositions = idPositions;
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
        return new Builder(ids, null, embeddings, embeddings.length == 0 ? 0 : rowLength(embeddings, 0));
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
        return similarity;
    }

    /** Always true: every candidate is scored. */
    @Override
    public boolean isExact() {
        return true;
    }

    @Override
    public TopKResult search(float[] query, int k, ItemFilter filter) {
        float[] q = prepare(query, "query");
        checkK(k);
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
        Objects.requireNonNull(queries, "queries");
        Objects.requireNonNull(filters, "filters");
        if (filters.size() != queries.length) {
            throw new IllegalArgumentException("filters: expected one per query (" + queries.length
                    + "), found " + filters.size());
        }
        checkK(k);
        float[][] prepared = new float[queries.length][];
        for (int i = 0; i < queries.length; i++) {
            prepared[i] = prepare(queries[i], "queries[" + i + "]");
            Objects.requireNonNull(filters.get(i), "filters[" + i + "]");
        }
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

    private TopKResult searchPrepared(float[] query, int k, ItemFilter filter) {
        Exclusions exclusions = new Exclusions(positionsOf(filter.excludedIds()));
        if (filter.hasAllowList()) {
            int[] allowed = positionsOf(filter.allowedIds());
            TopKSelector selector = new TopKSelector(Math.max(1, Math.min(k, allowed.length)));
            for (int position : allowed) {
                float score = kernels.dot(query, 0, vectors, position * dim, dim);
                if (selector.accepts(score) && !exclusions.contains(position)) {
                    selector.push(score, position);
                }
            }
            return selector.toResult(ids);
        }
        TopKSelector selector = new TopKSelector(Math.min(k, size));
        float[] scores = new float[Math.min(CHUNK, size)];
        for (int first = 0; first < size; first += CHUNK) {
            int count = Math.min(CHUNK, size - first);
            kernels.dotRows(query, vectors, dim, first, count, scores);
            select(scores, 0, count, first, selector, exclusions);
        }
        return selector.toResult(ids);
    }

    /** Scores a group of unrestricted queries block by block against the whole catalogue. */
    private void searchBlock(int[] queryIndexes, float[][] prepared, int k, List<ItemFilter> filters,
            TopKResult[] results) {
        int nq = queryIndexes.length;
        float[] queries = new float[nq * dim];
        TopKSelector[] selectors = new TopKSelector[nq];
        Exclusions[] exclusions = new Exclusions[nq];
        for (int q = 0; q < nq; q++) {
            int i = queryIndexes[q];
            System.arraycopy(prepared[i], 0, queries, q * dim, dim);
            selectors[q] = new TopKSelector(Math.min(k, size));
            exclusions[q] = new Exclusions(positionsOf(filters.get(i).excludedIds()));
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
            results[queryIndexes[q]] = selectors[q].toResult(ids);
        }
    }

    /** Offers {@code scores[offset, offset + count)}, for positions from {@code first} on. */
    private void select(float[] scores, int offset, int count, int first, TopKSelector selector,
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

    /** Positions of the ids this index holds, ascending, without duplicates. */
    private int[] positionsOf(int[] sortedIds) {
        int[] positions = new int[sortedIds.length];
        int n = 0;
        for (int i = 0; i < sortedIds.length; i++) {
            if (i > 0 && sortedIds[i] == sortedIds[i - 1]) {
                continue;
            }
            int position = positionOf(sortedIds[i]);
            if (position >= 0) {
                positions[n++] = position;
            }
        }
        int[] result = Arrays.copyOf(positions, n);
        Arrays.sort(result);
        return result;
    }

    /** Position of an id, or -1 when the index does not hold it. */
    private int positionOf(int id) {
        int lo = 0;
        int hi = idPositions.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int midId = (int) (idPositions[mid] >> 32);
            if (midId < id) {
                lo = mid + 1;
            } else if (midId > id) {
                hi = mid - 1;
            } else {
                return (int) idPositions[mid];
            }
        }
        return -1;
    }

    /** Checks a query once and returns the vector to score: the query, or its unit copy for cosine. */
    private float[] prepare(float[] query, String name) {
        Objects.requireNonNull(query, name);
        if (query.length != dim) {
            throw new IllegalArgumentException(name + " dim mismatch: index " + dim + ", query " + query.length);
        }
        for (int d = 0; d < dim; d++) {
            if (!Float.isFinite(query[d])) {
                throw new IllegalArgumentException(name + "[" + d + "] is " + query[d] + ": queries must be finite");
            }
        }
        if (similarity == Similarity.COSINE) {
            return unit(query, 0, dim, name);
        }
        return query;
    }

    private static void checkK(int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be at least 1, found " + k);
        }
    }

    /** {@code v[offset, offset + dim)} divided by its norm (computed in double). */
    private static float[] unit(float[] v, int offset, int dim, String name) {
        double squares = 0;
        for (int d = 0; d < dim; d++) {
            squares += (double) v[offset + d] * v[offset + d];
        }
        if (squares == 0) {
            throw new IllegalArgumentException(name + " is the zero vector: cosine similarity is undefined");
        }
        double inverse = 1.0 / Math.sqrt(squares);
        float[] u = new float[dim];
        for (int d = 0; d < dim; d++) {
            u[d] = (float) (v[offset + d] * inverse);
        }
        return u;
    }

    private static int rowLength(float[][] rows, int i) {
        return Objects.requireNonNull(rows[i], "embeddings[" + i + "]").length;
    }

    /** Sorted excluded positions, tested with a cursor because positions are offered in order. */
    private static final class Exclusions {
        private final int[] positions;
        private int cursor;

        Exclusions(int[] sortedPositions) {
            this.positions = sortedPositions;
        }

        /** Whether {@code position} is excluded; calls must come with non-decreasing positions. */
        boolean contains(int position) {
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
            int n = ids.length;
            if (n == 0) {
                throw new IllegalArgumentException("index needs at least one candidate, found 0 ids");
            }
            if (dim < 1) {
                throw new IllegalArgumentException("dim must be at least 1, found " + dim);
            }
            if ((long) n * dim > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("too many candidate floats for one array: " + n + " x " + dim);
            }
            float[] vectors = copyRows(n);
            for (int i = 0; i < vectors.length; i++) {
                if (!Float.isFinite(vectors[i])) {
                    throw new IllegalArgumentException("embedding of id " + ids[i / dim] + " has component "
                            + (i % dim) + " = " + vectors[i] + ": candidates must be finite");
                }
            }
            if (similarity == Similarity.COSINE) {
                for (int i = 0; i < n; i++) {
                    System.arraycopy(unit(vectors, i * dim, dim, "embedding of id " + ids[i]), 0, vectors, i * dim, dim);
                }
            }
            long[] idPositions = new long[n];
            for (int i = 0; i < n; i++) {
                idPositions[i] = ((long) ids[i] << 32) | i;
            }
            Arrays.sort(idPositions);
            for (int i = 1; i < n; i++) {
                if ((int) (idPositions[i] >> 32) == (int) (idPositions[i - 1] >> 32)) {
                    throw new IllegalArgumentException("duplicate candidate id " + (int) (idPositions[i] >> 32)
                            + " at positions " + (int) idPositions[i - 1] + " and " + (int) idPositions[i]);
                }
            }
            return new BruteForceIndex(dim, similarity, ids.clone(), vectors, idPositions);
        }

        private float[] copyRows(int n) {
            if (flat != null) {
                if (flat.length != (long) n * dim) {
                    throw new IllegalArgumentException("embeddings: expected " + n + " ids x " + dim + " dim = "
                            + (long) n * dim + " floats, found " + flat.length);
                }
                return flat.clone();
            }
            if (rows.length != n) {
                throw new IllegalArgumentException("embeddings: expected one row per id (" + n + "), found "
                        + rows.length);
            }
            float[] vectors = new float[n * dim];
            for (int i = 0; i < n; i++) {
                if (rowLength(rows, i) != dim) {
                    throw new IllegalArgumentException("embeddings[" + i + "] has " + rows[i].length
                            + " components, expected " + dim + " like row 0");
                }
                System.arraycopy(rows[i], 0, vectors, i * dim, dim);
            }
            return vectors;
        }
    }
}
