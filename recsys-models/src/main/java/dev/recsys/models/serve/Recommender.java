package dev.recsys.models.serve;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import dev.recsys.core.topk.BruteForceIndex;
import dev.recsys.core.topk.ItemFilter;
import dev.recsys.core.topk.Similarity;
import dev.recsys.core.topk.TopKResult;
import dev.recsys.models.io.SavedModel;
import dev.recsys.models.task.RankingModel;
import dev.recsys.models.task.RetrievalModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Serves recommendations from a trained retrieval model and, optionally, a ranking model: for a
 * user at a point in time it retrieves the best candidates through an exact
 * {@link BruteForceIndex} over the candidate embeddings, re-ranks them by predicted rating, and
 * returns the best k.
 *
 * <p><b>Unknown users</b> are not an error: the user tower maps an id it was not trained on to
 * its out-of-vocabulary embedding, so they get the recommendations of a generic user at that time
 * ({@link #knowsUser(int)} tells them apart).
 *
 * <p><b>Exclusions</b>: the recommender stores no history; the caller passes the movies to leave
 * out, typically those the user already rated, in {@link Request.Builder#exclude(int...)}, which
 * also serves as a deny-list. Ids outside the catalogue are ignored.
 *
 * <p><b>Threads</b>: immutable after construction and safe for concurrent calls. Candidate
 * embeddings are computed once; each call runs the towers on its own tape.
 *
 * <pre>{@code
 * Recommender recommender = Recommender.of(SavedModel.load(path));
 * List<Recommendation> top = recommender.recommend(Request.builder(42, timestamp).exclude(rated).build());
 * }</pre>
 *
 * <p>Serving latency: start the JVM with the environment variable {@code OMP_NUM_THREADS=1}.
 * Each call does small matrix products; with ND4J's default OpenMP and OpenBLAS pools a call
 * occasionally waits for a spinning pool thread (p99 12–100 ms instead of 1.9 ms on 2 cores,
 * {@code RecommenderBenchmark}). Parallelism comes from serving several requests at once.
 */
public final class Recommender {

    private final RetrievalModel retrieval;
    private final RankingModel ranking;
    private final Catalog candidates;
    private final BruteForceIndex dotIndex;
    private final BruteForceIndex cosineIndex;
    private final float[][] embeddings;

    private Recommender(RetrievalModel retrieval, RankingModel ranking) {
        this.retrieval = retrieval;
        this.ranking = ranking;
        this.candidates = retrieval.candidates();
        try (INDArray matrix = retrieval.candidateEmbeddings()) {
            this.embeddings = matrix.toFloatMatrix();
        }
        int[] ids = candidates.ids();
        this.dotIndex = BruteForceIndex.builder(ids, embeddings).build();
        this.cosineIndex = BruteForceIndex.builder(ids, embeddings).similarity(Similarity.COSINE).build();
    }

    /**
     * A recommender over a retrieval model alone: results in retrieval order, predicted ratings NaN.
     * The model's towers must stay open while the recommender is used.
     */
    public static Recommender of(RetrievalModel retrieval) {
        return of(retrieval, null);
    }

    /**
     * A recommender that retrieves with {@code retrieval} and re-ranks with {@code ranking}.
     * Both models must stay open while the recommender is used.
     *
     * @param ranking the ranking model, or null to serve retrieval order
     * @throws IllegalArgumentException if {@code retrieval} is null
     */
    public static Recommender of(RetrievalModel retrieval, RankingModel ranking) {
        if (retrieval == null) {
            throw new IllegalArgumentException("recommender needs a retrieval model, found none");
        }
        return new Recommender(retrieval, ranking);
    }

    /**
     * A recommender over a saved model's retrieval and (if present) ranking models; the saved
     * model must stay open while the recommender is used.
     *
     * @throws IllegalArgumentException if the saved model has no retrieval model
     */
    public static Recommender of(SavedModel model) {
        return of(model.retrieval().orElseThrow(() -> new IllegalArgumentException(
                "recommender needs a retrieval model: the saved model holds a ranking model only")),
                model.ranking().orElse(null));
    }

    /** The best {@code k} movies for a user at a time, retrieving 100 candidates, nothing excluded. */
    public List<Recommendation> recommend(int userId, long timestamp, int k) {
        return recommend(Request.builder(userId, timestamp).k(k).build());
    }

    /**
     * Retrieves {@link Request#retrieve()} candidates among the eligible ones, predicts their
     * ratings, and returns the {@link Request#k()} best: by predicted rating (ties by retrieval
     * score) with a ranking model, by retrieval score without.
     *
     * @return at most {@code k} recommendations, best first (fewer when fewer movies are eligible); unmodifiable
     */
    public List<Recommendation> recommend(Request request) {
        float[] query;
        try (INDArray embedding = retrieval.queryEmbeddings(Examples.of(new int[] {request.userId},
                new long[] {request.timestamp}, new int[] {0}, new float[] {0f}))) {
            query = embedding.toFloatVector();
        }
        ItemFilter filter = request.allowed == null ? ItemFilter.excluding(request.excluded)
                : ItemFilter.allowing(request.allowed).andExcluding(request.excluded);
        TopKResult retrieved = dotIndex.search(query, request.retrieve, filter);
        int n = retrieved.size();
        double[] ratings = new double[n];
        if (ranking != null && n > 0) {
            int[] users = new int[n];
            Arrays.fill(users, request.userId);
            long[] times = new long[n];
            Arrays.fill(times, request.timestamp);
            ratings = ranking.predict(Examples.of(users, times, retrieved.ids(), new float[n]));
        } else {
            Arrays.fill(ratings, Double.NaN);
        }
        List<Recommendation> all = new ArrayList<>(n);
        for (int rank = 0; rank < n; rank++) {
            int id = retrieved.id(rank);
            all.add(new Recommendation(id, candidates.titles().get(candidates.rowOf(id)), retrieved.score(rank),
                    ratings[rank]));
        }
        if (ranking != null) {
            // stable: equal ratings keep the retrieval order
            all.sort(Comparator.comparingDouble(Recommendation::predictedRating).reversed());
        }
        return List.copyOf(all.subList(0, Math.min(request.k, n)));
    }

    /**
     * The {@code k} movies whose candidate embeddings have the highest cosine with this movie's,
     * the movie itself left out.
     *
     * @throws IllegalArgumentException if the movie is not a candidate or {@code k <= 0}
     */
    public List<SimilarMovie> similar(int movieId, int k) {
        int row = candidates.rowOf(movieId);
        if (row < 0) {
            throw new IllegalArgumentException("movie " + movieId + " is not in the candidate catalogue of "
                    + candidates.size() + " movies");
        }
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, found " + k);
        }
        TopKResult top = cosineIndex.search(embeddings[row], k, ItemFilter.excluding(movieId));
        List<SimilarMovie> out = new ArrayList<>(top.size());
        for (int rank = 0; rank < top.size(); rank++) {
            int id = top.id(rank);
            out.add(new SimilarMovie(id, candidates.titles().get(candidates.rowOf(id)), top.score(rank)));
        }
        return List.copyOf(out);
    }

    /** Whether the user tower was trained on this user (otherwise it serves the OOV embedding). */
    public boolean knowsUser(int userId) {
        return retrieval.users().userIds().encode(userId) >= retrieval.users().userIds().oovBuckets();
    }

    /** The candidate movies. */
    public Catalog candidates() {
        return candidates;
    }

    /** One recommendation query: who, when, how many, and which movies are eligible. Immutable. */
    public static final class Request {
        private final int userId;
        private final long timestamp;
        private final int k;
        private final int retrieve;
        private final int[] excluded;
        private final int[] allowed;

        private Request(Builder b) {
            this.userId = b.userId;
            this.timestamp = b.timestamp;
            this.k = b.k;
            this.retrieve = b.retrieve;
            this.excluded = b.excluded;
            this.allowed = b.allowed;
        }

        /**
         * Starts a request.
         *
         * @param userId the MovieLens user id (unknown ids get the OOV embedding)
         * @param timestamp the moment of the query, epoch seconds (the user tower's time features)
         */
        public static Builder builder(int userId, long timestamp) {
            return new Builder(userId, timestamp);
        }

        /** The user id. */
        public int userId() {
            return userId;
        }

        /** The moment of the query, epoch seconds. */
        public long timestamp() {
            return timestamp;
        }

        /** Number of recommendations returned. */
        public int k() {
            return k;
        }

        /** Number of candidates retrieved and re-ranked. */
        public int retrieve() {
            return retrieve;
        }

        /** Settings of a {@link Request}. */
        public static final class Builder {
            private final int userId;
            private final long timestamp;
            private int k = 10;
            private int retrieve = 100;
            private int[] excluded = new int[0];
            private int[] allowed;

            private Builder(int userId, long timestamp) {
                this.userId = userId;
                this.timestamp = timestamp;
            }

            /** Number of recommendations returned; default 10. */
            public Builder k(int k) {
                this.k = k;
                return this;
            }

            /** Number of candidates retrieved then re-ranked, at least {@code k}; default 100. */
            public Builder retrieve(int candidates) {
                this.retrieve = candidates;
                return this;
            }

            /**
             * Leaves these movies out: the user's rated movies, a deny-list, or both (calls add up);
             * ids outside the catalogue are ignored. Default none.
             */
            public Builder exclude(int... movieIds) {
                int[] all = Arrays.copyOf(excluded, excluded.length + movieIds.length);
                System.arraycopy(movieIds, 0, all, excluded.length, movieIds.length);
                this.excluded = all;
                return this;
            }

            /** Only these movies are eligible (an allow-list), exclusions still apply; default all. */
            public Builder allowOnly(int... movieIds) {
                this.allowed = movieIds.clone();
                return this;
            }

            /**
             * The request.
             *
             * @throws IllegalArgumentException if {@code k <= 0} or {@code retrieve < k}
             */
            public Request build() {
                if (k <= 0) {
                    throw new IllegalArgumentException("k must be positive, found " + k);
                }
                if (retrieve < k) {
                    throw new IllegalArgumentException("retrieve must be at least k = " + k + ", found " + retrieve);
                }
                return new Request(this);
            }
        }
    }
}
