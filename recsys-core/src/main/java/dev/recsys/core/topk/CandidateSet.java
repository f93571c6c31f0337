package dev.recsys.core.topk;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.util.FixedBitSet;

/**
 * The validated candidates every index holds: distinct ids, their embeddings in one row-major
 * array (unit length for cosine), and an id-to-position map. Immutable; shared by an
 * approximate index and the exact index it falls back to.
 */
final class CandidateSet {

    final int dim;
    final int size;
    final Similarity similarity;
    final int[] ids;
    /** {@code [size * dim]} row-major; rows are unit vectors for cosine. */
    final float[] vectors;
    /** {@code (id << 32) | position}, sorted: maps ids to positions by binary search. */
    private final long[] idPositions;

    private CandidateSet(int dim, Similarity similarity, int[] ids, float[] vectors, long[] idPositions) {
        this.dim = dim;
        this.size = ids.length;
        this.similarity = similarity;
        this.ids = ids;
        this.vectors = vectors;
        this.idPositions = idPositions;
    }

    /**
     * Validates candidates given as one flat array or as rows (exactly one is non-null) and copies
     * them; for cosine the copies are normalized.
     *
     * @throws IllegalArgumentException when there are no candidates, {@code dim < 1}, the
     *     embeddings do not have {@code ids.length} rows of {@code dim} components, an id repeats,
     *     a component is NaN or infinite, or (cosine) a candidate is the zero vector
     */
    static CandidateSet copyOf(int[] ids, float[] flat, float[][] rows, int dim, Similarity similarity) {
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
        float[] vectors = flat != null ? copyFlat(flat, n, dim) : copyRows(rows, n, dim);
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
        return trusted(ids.clone(), vectors, dim, similarity);
    }

    /**
     * Wraps arrays that are already validated (and normalized for cosine), without copying; only
     * the id uniqueness is checked, because the position map is built anyway.
     *
     * @throws IllegalArgumentException when an id repeats
     */
    static CandidateSet trusted(int[] ids, float[] vectors, int dim, Similarity similarity) {
        int n = ids.length;
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
        return new CandidateSet(dim, similarity, ids, vectors, idPositions);
    }

    /** Bytes of the arrays held: vectors, ids and the id map. */
    long bytes() {
        return 4L * vectors.length + 4L * ids.length + 8L * idPositions.length;
    }

    /** Positions of the ids this set holds, ascending, without duplicates. */
    int[] positionsOf(int[] sortedIds) {
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

    /**
     * The positions of the ids this set holds, as bits; unknown ids are ignored. Long lists are
     * merged with the sorted id map in one pass, short ones looked up one by one, and nothing is
     * sorted: this runs once per filtered query.
     *
     * @param sortedIds ids in ascending order, duplicates allowed
     */
    FixedBitSet positionBits(int[] sortedIds) {
        FixedBitSet bits = new FixedBitSet(size);
        if ((long) sortedIds.length * 32 < size) {
            for (int id : sortedIds) {
                int position = positionOf(id);
                if (position >= 0) {
                    bits.set(position);
                }
            }
            return bits;
        }
        int i = 0;
        for (int j = 0; j < idPositions.length && i < sortedIds.length; j++) {
            int id = (int) (idPositions[j] >> 32);
            while (i < sortedIds.length && sortedIds[i] < id) {
                i++;
            }
            if (i < sortedIds.length && sortedIds[i] == id) {
                bits.set((int) idPositions[j]);
            }
        }
        return bits;
    }

    /** Position of an id, or -1 when the set does not hold it. */
    int positionOf(int id) {
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
    float[] prepare(float[] query, String name) {
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

    /**
     * Checks a batch once: one filter per query, no null, each query as {@link #prepare}.
     *
     * @return the vectors to score, {@code [batch][dim]}
     */
    float[][] prepareBatch(float[][] queries, int k, List<ItemFilter> filters) {
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
        return prepared;
    }

    static void checkK(int k) {
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

    private static float[] copyFlat(float[] flat, int n, int dim) {
        if (flat.length != (long) n * dim) {
            throw new IllegalArgumentException("embeddings: expected " + n + " ids x " + dim + " dim = "
                    + (long) n * dim + " floats, found " + flat.length);
        }
        return flat.clone();
    }

    private static float[] copyRows(float[][] rows, int n, int dim) {
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

    static int rowLength(float[][] rows, int i) {
        return Objects.requireNonNull(rows[i], "embeddings[" + i + "]").length;
    }
}
