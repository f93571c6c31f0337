package dev.recsys.core.topk;

import java.util.Locale;
import java.util.Objects;

/**
 * Which {@link TopKIndex} serves a catalogue: the exact {@link BruteForceIndex} below a size, an
 * approximate {@link HnswIndex} at or above it, with the graph's settings. Immutable.
 *
 * <p>Why a size: an exact scan costs about 10 ms per query per million candidates of 64 dims
 * (memory-bound), so below about 100,000 candidates it answers in a millisecond or less, exactly,
 * with nothing to build; above that the graph answers 10 to 60 times faster but costs a build of
 * minutes per million candidates and about 40% more memory than the vectors. The defaults (M 16,
 * build beam 64, search beam 800) reached recall@100 0.965 at 14.4× the exact index's queries/s
 * on 1M clustered vectors of 64 dims, built in 158 s on two cores (recsys-bench's README); a build
 * beam of 100 with a search beam of 400 answers about twice as fast at the same recall but builds
 * about three times longer.
 *
 * <pre>{@code
 * IndexChoice choice = IndexChoice.builder().annThreshold(50_000).searchBeamWidth(200).build();
 * TopKIndex index = choice.build(ids, embeddings, dim, Similarity.DOT_PRODUCT);
 * }</pre>
 */
public final class IndexChoice {

    /** Candidates from which {@link #defaults()} chooses the graph: {@value}. */
    public static final int DEFAULT_ANN_THRESHOLD = 100_000;

    private static final IndexChoice DEFAULTS = builder().build();

    private final int annThreshold;
    private final int maxConnections;
    private final int beamWidth;
    private final int searchBeamWidth;
    private final long seed;
    private final int threads;

    private IndexChoice(Builder b) {
        this.annThreshold = b.annThreshold;
        this.maxConnections = b.maxConnections;
        this.beamWidth = b.beamWidth;
        this.searchBeamWidth = b.searchBeamWidth;
        this.seed = b.seed;
        this.threads = b.threads;
    }

    /** Exact below {@value #DEFAULT_ANN_THRESHOLD} candidates, HNSW with the {@link Builder}'s defaults from there. */
    public static IndexChoice defaults() {
        return DEFAULTS;
    }

    /** Always the exact index, whatever the catalogue's size. */
    public static IndexChoice exact() {
        return builder().annThreshold(Integer.MAX_VALUE).build();
    }

    /** Starts a choice with every setting at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Candidates from which the graph is chosen. */
    public int annThreshold() {
        return annThreshold;
    }

    /** Whether a catalogue of {@code candidates} gets the approximate index. */
    public boolean approximate(int candidates) {
        return candidates >= annThreshold;
    }

    /** Candidates kept by a graph search ({@code ef}). */
    public int searchBeamWidth() {
        return searchBeamWidth;
    }

    /**
     * The chosen index over these candidates: {@link BruteForceIndex} when
     * {@code !approximate(ids.length)}, else {@link #buildHnsw}.
     *
     * @param ids {@code [n]} distinct candidate ids; copied
     * @param embeddings {@code [n * dim]} row-major; copied
     * @throws IllegalArgumentException for candidates {@link BruteForceIndex.Builder#build()} refuses
     */
    public TopKIndex build(int[] ids, float[] embeddings, int dim, Similarity similarity) {
        Objects.requireNonNull(ids, "ids");
        if (approximate(ids.length)) {
            return buildHnsw(ids, embeddings, dim, similarity);
        }
        return BruteForceIndex.builder(ids, embeddings, dim).similarity(similarity).build();
    }

    /**
     * An {@link HnswIndex} with these settings over the candidates, whatever their number: a build
     * of minutes per million candidates (progress logged).
     *
     * @param ids {@code [n]} distinct candidate ids; copied
     * @param embeddings {@code [n * dim]} row-major; copied
     * @throws IllegalArgumentException for candidates {@link BruteForceIndex.Builder#build()} refuses
     */
    public HnswIndex buildHnsw(int[] ids, float[] embeddings, int dim, Similarity similarity) {
        return HnswIndex.builder(ids, embeddings, dim).similarity(similarity).maxConnections(maxConnections)
                .beamWidth(beamWidth).searchBeamWidth(searchBeamWidth).seed(seed).threads(threads).build();
    }

    /**
     * A stored graph put to this choice's use: the same graph searching with this choice's
     * {@link #searchBeamWidth()}. The build settings of the stored graph stay as they were built.
     */
    public HnswIndex adopt(HnswIndex stored) {
        return Objects.requireNonNull(stored, "stored").withSearchBeamWidth(searchBeamWidth);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "IndexChoice[exact below %d candidates, else HNSW M %d, beam %d, "
                + "search beam %d, seed %d, %d thread(s)]", annThreshold, maxConnections, beamWidth, searchBeamWidth,
                seed, threads);
    }

    /** Settings of an {@link IndexChoice}; {@link #build()} validates them. */
    public static final class Builder {
        private int annThreshold = DEFAULT_ANN_THRESHOLD;
        private int maxConnections = 16;
        private int beamWidth = 64;
        private int searchBeamWidth = 800;
        private long seed = 42;
        private int threads = Runtime.getRuntime().availableProcessors();

        private Builder() {
        }

        /**
         * Candidates from which the graph is chosen: catalogues smaller than this are scanned
         * exactly. {@code 1} always chooses the graph, {@code Integer.MAX_VALUE} never.
         *
         * @param candidates default {@value IndexChoice#DEFAULT_ANN_THRESHOLD}, at least 1
         */
        public Builder annThreshold(int candidates) {
            this.annThreshold = candidates;
            return this;
        }

        /**
         * See {@link HnswIndex.Builder#maxConnections(int)}.
         *
         * @param maxConnections default 16, in [2, 512]
         */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        /**
         * See {@link HnswIndex.Builder#beamWidth(int)}.
         *
         * @param beamWidth default 64 (Lucene's 100 builds about 3× longer), in [1, 3200]
         */
        public Builder beamWidth(int beamWidth) {
            this.beamWidth = beamWidth;
            return this;
        }

        /**
         * Candidates kept by a search ({@code ef}); a search for more results keeps that many. The
         * default reached recall@100 0.965 on 1M clustered vectors of 64 dims with the default build
         * beam (recsys-bench's README); smaller catalogues reach it with less.
         *
         * @param searchBeamWidth default 800, at least 1
         */
        public Builder searchBeamWidth(int searchBeamWidth) {
            this.searchBeamWidth = searchBeamWidth;
            return this;
        }

        /**
         * See {@link HnswIndex.Builder#seed(long)}.
         *
         * @param seed default 42
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Threads that build the graph; with one, the same seed and candidates give the same graph.
         *
         * @param threads default the number of available processors, at least 1
         */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * The choice.
         *
         * @throws IllegalArgumentException when a setting is out of its range
         */
        public IndexChoice build() {
            check("annThreshold", annThreshold, 1, Integer.MAX_VALUE);
            check("maxConnections", maxConnections, 2, HnswIndex.MAX_CONNECTIONS);
            check("beamWidth", beamWidth, 1, HnswIndex.MAX_BEAM_WIDTH);
            check("searchBeamWidth", searchBeamWidth, 1, Integer.MAX_VALUE);
            check("threads", threads, 1, Integer.MAX_VALUE);
            return new IndexChoice(this);
        }

        private static void check(String name, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], found " + value);
            }
        }
    }
}
