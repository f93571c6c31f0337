package dev.recsys.models.serve;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.topk.IndexChoice;
import dev.recsys.core.topk.ItemFilter;
import dev.recsys.core.topk.TopKIndex;
import dev.recsys.core.topk.TopKResult;
import dev.recsys.models.io.ModelFile;
import dev.recsys.models.io.ModelFormatException;
import dev.recsys.models.io.ModelLimits;
import dev.recsys.models.io.ModelSpec;
import dev.recsys.models.io.OriginalIds;
import dev.recsys.models.io.Provenance;
import dev.recsys.models.io.SavedModel;
import dev.recsys.models.task.FrozenRankingHead;
import dev.recsys.models.task.Ranking;
import dev.recsys.models.task.RankingModel;
import dev.recsys.models.task.RetrievalModel;
import dev.recsys.models.tower.FrozenMovieTower;
import dev.recsys.models.tower.FrozenUserTower;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Serves recommendations from a trained retrieval model and, optionally, a ranking model: for a
 * user at a point in time it retrieves the best candidates through a {@link TopKIndex} over the
 * candidate embeddings, re-ranks them by predicted rating, and returns the best k.
 *
 * <p><b>Index</b>: an {@link IndexChoice} picks it by the number of candidates: an exact scan below
 * {@value IndexChoice#DEFAULT_ANN_THRESHOLD} by default, an HNSW graph from there (answers then
 * approximate: each result's score is exact, but a few of the true best may be missed). The
 * factories without a choice use {@link IndexChoice#defaults()}. {@link #load(Path, ModelLimits,
 * IndexChoice)} serves from the graph stored in the model file when there is one (see
 * {@code SavedModel.Builder.index}), checked against the embeddings it computes; otherwise, and in
 * the {@code of(...)} factories, the graph is built when the recommender is made (minutes per
 * million candidates, progress logged). {@link #similar} always scans exactly.
 *
 * <p><b>Frozen</b>: a recommender holds immutable copies of the towers, the ranking head and the
 * candidate embeddings as float arrays on the Java heap, and answers in plain Java on the vector
 * kernels (SIMD when the JVM runs with {@code --add-modules jdk.incubator.vector}, scalar
 * otherwise): no tape, no ND4J array, no native memory on the request path, and no thread pool
 * to tune. {@link #load(Path)} builds one straight from a model file without ND4J; the
 * {@code of(...)} factories freeze trained models, which may then be closed or trained further
 * without affecting the recommender. It needs no closing.
 *
 * <p><b>Unknown users</b> are not an error: the user tower maps an id it was not trained on to
 * its out-of-vocabulary embedding, so they get the recommendations of a generic user at that time
 * ({@link #knowsUser(int)} tells them apart).
 *
 * <p><b>Exclusions</b>: the recommender stores no history; the caller passes the movies to leave
 * out, typically those the user already rated, in {@link Request.Builder#exclude(int...)}, which
 * also serves as a deny-list. Ids outside the catalogue are ignored.
 *
 * <p><b>Threads</b>: immutable and safe for concurrent calls; serve requests in parallel from as
 * many threads as there are cores. To deploy a new model while serving, build its recommender and
 * swap a reference:
 *
 * <pre>{@code
 * AtomicReference<Recommender> current = new AtomicReference<>(Recommender.load(path));
 * List<Recommendation> top = current.get().recommend(Request.builder(42, timestamp).exclude(rated).build());
 * current.set(Recommender.load(newPath));   // requests in flight finish on the old one
 * }</pre>
 */
public final class Recommender {

    /** Users per block of {@link #recommendAll(List)}. */
    private static final int BATCH = 256;

    private final FrozenModel model;
    private final OriginalIds ids;

    private Recommender(FrozenModel model, OriginalIds ids) {
        this.model = model;
        this.ids = ids;
    }

    /**
     * A recommender over a retrieval model alone: results in retrieval order, predicted ratings
     * NaN. Freezes the model's current weights.
     *
     * @throws NullPointerException if {@code retrieval} is null
     */
    public static Recommender of(RetrievalModel retrieval) {
        return of(retrieval, null);
    }

    /**
     * A recommender that retrieves with {@code retrieval} and re-ranks with {@code ranking}.
     * Freezes both models' current weights: later training or closing does not affect it.
     *
     * @param ranking the ranking model, or null to serve retrieval order
     * @throws NullPointerException if {@code retrieval} is null
     * @throws IllegalArgumentException if a candidate embedding is not finite
     */
    public static Recommender of(RetrievalModel retrieval, RankingModel ranking) {
        return of(retrieval, ranking, IndexChoice.defaults());
    }

    /**
     * {@link #of(RetrievalModel, RankingModel)} with the retrieval index chosen by {@code index}.
     *
     * @param ranking the ranking model, or null to serve retrieval order
     * @throws NullPointerException if {@code retrieval} or {@code index} is null
     * @throws IllegalArgumentException if a candidate embedding is not finite
     */
    public static Recommender of(RetrievalModel retrieval, RankingModel ranking, IndexChoice index) {
        return of(retrieval, ranking, null, null, index);
    }

    /**
     * A recommender over a saved model's retrieval and (if present) ranking models, with its
     * provenance. Freezes them: closing the saved model afterwards is harmless.
     *
     * @throws NullPointerException if {@code model} is null
     * @throws IllegalArgumentException if the saved model has no retrieval model
     */
    public static Recommender of(SavedModel model) {
        return of(model, IndexChoice.defaults());
    }

    /**
     * {@link #of(SavedModel)} with the retrieval index chosen by {@code index}; a graph is built
     * anew (a {@link SavedModel} does not keep the one its file may store: {@link #load(Path,
     * ModelLimits, IndexChoice)} does).
     *
     * @throws NullPointerException if {@code model} or {@code index} is null
     * @throws IllegalArgumentException if the saved model has no retrieval model
     */
    public static Recommender of(SavedModel model, IndexChoice index) {
        Objects.requireNonNull(model, "model");
        return of(model.retrieval().orElseThrow(() -> new IllegalArgumentException(
                "recommender needs a retrieval model: the saved model holds a ranking model only")),
                model.ranking().orElse(null), model.provenance(), model.ids().orElse(null), index);
    }

    private static Recommender of(RetrievalModel retrieval, RankingModel ranking, Provenance provenance,
            OriginalIds ids, IndexChoice index) {
        Objects.requireNonNull(retrieval, "retrieval");
        Objects.requireNonNull(index, "index");
        FrozenUserTower users = retrieval.users().freeze();
        FrozenMovieTower movies = retrieval.movies().freeze();
        if (ranking == null) {
            return new Recommender(FrozenModel.of(users, movies, retrieval.candidates(), null, null, null, null,
                    provenance, index, null), ids);
        }
        FrozenUserTower rankingUsers = ranking.users() == retrieval.users() ? users : ranking.users().freeze();
        FrozenMovieTower rankingMovies = ranking.movies() == retrieval.movies() ? movies : ranking.movies().freeze();
        FrozenRankingHead head = ranking.freeze();
        return new Recommender(FrozenModel.of(users, movies, retrieval.candidates(), rankingUsers, rankingMovies, head,
                ranking.task(), provenance, index, null), ids);
    }

    /** {@link #load(Path, ModelLimits)} with {@link ModelLimits#defaults()}. */
    public static Recommender load(Path file) throws IOException {
        return load(file, ModelLimits.defaults());
    }

    /** {@link #load(Path, ModelLimits, IndexChoice)} with {@link IndexChoice#defaults()}. */
    public static Recommender load(Path file, ModelLimits limits) throws IOException {
        return load(file, limits, IndexChoice.defaults());
    }

    /**
     * Reads a model file (format version 1 or 2) and builds its recommender directly, without
     * ND4J: the serving start of a JVM that never trains. When {@code index} chooses the graph
     * for the number of candidates, the file's stored graph ({@link ModelFile#RETRIEVAL_INDEX})
     * serves, with {@code index}'s search beam; without one the graph is built here.
     *
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws java.nio.file.FileSystemException if the path is a directory
     * @throws ModelFormatException naming the part, if the file is not a model of a known
     *     version, a part is missing, oversized, altered, truncated or malformed, or the file
     *     holds no retrieval model, or its stored graph was built over other embeddings than
     *     its towers give
     * @throws IOException if reading fails
     */
    public static Recommender load(Path file, ModelLimits limits, IndexChoice index) throws IOException {
        ModelFile contents = ModelFile.read(file, limits, Objects.requireNonNull(index, "index"));
        ModelSpec spec = contents.spec();
        if (spec.retrieval() == null) {
            throw new ModelFormatException(file, contents.specPart(),
                    "holds a ranking model only; a recommender needs a retrieval model");
        }
        FrozenUserTower users = contents.freezeUserTower(spec.retrieval().userTower());
        FrozenMovieTower movies = contents.freezeMovieTower(spec.retrieval().movieTower());
        FrozenUserTower rankingUsers = null;
        FrozenMovieTower rankingMovies = null;
        FrozenRankingHead head = null;
        Ranking scale = null;
        ModelSpec.RankingHead ranking = spec.ranking();
        if (ranking != null) {
            rankingUsers = ranking.userTower() == spec.retrieval().userTower() ? users
                    : contents.freezeUserTower(ranking.userTower());
            rankingMovies = ranking.movieTower() == spec.retrieval().movieTower() ? movies
                    : contents.freezeMovieTower(ranking.movieTower());
            head = contents.freezeRankingHead(rankingUsers, rankingMovies);
            scale = Ranking.of(ranking.minRating(), ranking.maxRating());
        }
        try {
            return new Recommender(FrozenModel.of(users, movies, contents.candidates(), rankingUsers, rankingMovies, head,
                    scale, contents.provenance(), index, contents.retrievalIndex().orElse(null)),
                    contents.ids().orElse(null));
        } catch (FrozenModel.StaleIndexException e) {
            throw new ModelFormatException(file, ModelFile.RETRIEVAL_INDEX, e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, ModelFile.WEIGHTS, "the towers do not fit together: " + e.getMessage(),
                    e);
        }
    }

    /**
     * The best {@code k} movies for a user at a time, nothing excluded; retrieves
     * {@code max(k, 100)} candidates (see {@link Request.Builder#retrieve(int)}).
     */
    public List<Recommendation> recommend(int userId, long timestamp, int k) {
        return recommend(Request.builder(userId, timestamp).k(k).build());
    }

    /**
     * Retrieves {@link Request#retrieve()} candidates among the eligible ones, predicts their
     * ratings, and returns the {@link Request#k()} best: by predicted rating (ties by retrieval
     * score) with a ranking model, by retrieval score without.
     *
     * @return at most {@code k} recommendations, best first (fewer when fewer movies are eligible); unmodifiable
     * @throws NullPointerException if {@code request} is null
     */
    public List<Recommendation> recommend(Request request) {
        Objects.requireNonNull(request, "request");
        float[] query = model.queries(new int[] {request.userId}, new long[] {request.timestamp},
                new int[][] {request.history});
        return rank(request, query, model.retrieve(query, request.retrieve, request.filter()));
    }

    /**
     * The best {@code k} movies for each of many users at one time: the batch form of
     * {@link #recommend(int, long, int)} for offline jobs that compute recommendations for every
     * user. Retrieval scores a block of users against the catalogue at once (the index's batched
     * path), which costs far less per user than one call each.
     *
     * @param userIds {@code [n]} user ids
     * @return {@code [n]} lists, in the order of {@code userIds}; each as {@code recommend} gives
     *     it, retrieval scores up to float rounding
     * @throws NullPointerException if {@code userIds} is null
     * @throws IllegalArgumentException if {@code k <= 0}
     */
    public List<List<Recommendation>> recommendAll(int[] userIds, long timestamp, int k) {
        Objects.requireNonNull(userIds, "userIds");
        List<Request> requests = new ArrayList<>(userIds.length);
        for (int userId : userIds) {
            requests.add(Request.builder(userId, timestamp).k(k).build());
        }
        return recommendAll(requests);
    }

    /**
     * The answers to many requests, each with its own user, time, exclusions and sizes: the
     * batch form of {@link #recommend(Request)}.
     *
     * @return one list per request, in order; each as {@code recommend} gives it, retrieval
     *     scores up to float rounding
     * @throws NullPointerException if {@code requests} or one of them is null
     */
    public List<List<Recommendation>> recommendAll(List<Request> requests) {
        Objects.requireNonNull(requests, "requests");
        int n = requests.size();
        int[] userIds = new int[n];
        long[] timestamps = new long[n];
        int[][] histories = new int[n][];
        int deepest = 1;
        for (int i = 0; i < n; i++) {
            Request request = Objects.requireNonNull(requests.get(i), "requests[" + i + "]");
            userIds[i] = request.userId;
            timestamps[i] = request.timestamp;
            histories[i] = request.history;
            deepest = Math.max(deepest, request.retrieve);
        }
        List<List<Recommendation>> answers = new ArrayList<>(n);
        int dim = model.dim();
        // blocks of users: the queries of a block are scored against each block of candidates while it is in cache
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            float[] flat = model.queries(Arrays.copyOfRange(userIds, from, to), Arrays.copyOfRange(timestamps, from, to),
                    Arrays.copyOfRange(histories, from, to));
            float[][] queries = new float[to - from][];
            List<ItemFilter> filters = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                queries[i - from] = Arrays.copyOfRange(flat, (i - from) * dim, (i - from + 1) * dim);
                filters.add(requests.get(i).filter());
            }
            List<TopKResult> retrieved = model.retrieveBatch(queries, deepest, filters);
            for (int i = from; i < to; i++) {
                answers.add(rank(requests.get(i), queries[i - from], retrieved.get(i - from)));
            }
        }
        return answers;
    }

    /**
     * Re-ranks the first {@code request.retrieve} of {@code retrieved} (a search may have gone
     * deeper for a batch) and keeps the best {@code k}.
     */
    private List<Recommendation> rank(Request request, float[] query, TopKResult retrieved) {
        int n = Math.min(request.retrieve, retrieved.size());
        int k = Math.min(request.k, n);
        Catalog candidates = model.candidates();
        Recommendation[] top = new Recommendation[k];
        if (!model.ranks()) {
            for (int rank = 0; rank < k; rank++) {
                top[rank] = recommendation(candidates, retrieved, rank, Double.NaN);
            }
            return List.of(top);
        }
        float[] ratings = model.ratings(request.userId, request.timestamp, request.history, query, retrieved, n);
        // the k best by rating, ties in retrieval order: an insertion into a sorted prefix of k
        int[] best = new int[k];
        int kept = 0;
        for (int rank = 0; rank < n; rank++) {
            float rating = ratings[rank];
            if (kept == k && !(rating > ratings[best[k - 1]])) {
                continue;
            }
            int at = kept == k ? k - 1 : kept++;
            while (at > 0 && rating > ratings[best[at - 1]]) {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = rank;
        }
        for (int i = 0; i < k; i++) {
            top[i] = recommendation(candidates, retrieved, best[i], ratings[best[i]]);
        }
        return List.of(top);
    }

    private Recommendation recommendation(Catalog candidates, TopKResult retrieved, int rank, double rating) {
        int id = retrieved.id(rank);
        return new Recommendation(id, originalItemId(id), candidates.titles().get(model.rowOf(id)),
                retrieved.score(rank), rating);
    }

    /**
     * The {@code k} movies whose candidate embeddings have the highest cosine with this movie's,
     * the movie itself left out.
     *
     * @throws IllegalArgumentException if the movie is not a candidate or {@code k <= 0}
     */
    public List<SimilarMovie> similar(int movieId, int k) {
        int row = model.rowOf(movieId);
        if (row < 0) {
            throw new IllegalArgumentException("movie " + movieId + " is not in the candidate catalogue of "
                    + model.candidates().size() + " movies");
        }
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, found " + k);
        }
        TopKResult top = model.similar(model.embedding(row), k, ItemFilter.excluding(movieId));
        List<SimilarMovie> out = new ArrayList<>(top.size());
        for (int rank = 0; rank < top.size(); rank++) {
            int id = top.id(rank);
            out.add(new SimilarMovie(id, originalItemId(id), model.candidates().titles().get(model.rowOf(id)),
                    top.score(rank)));
        }
        return List.copyOf(out);
    }

    /** The original ids, for a model trained on string ids (saved with {@link SavedModel.Builder#ids}). */
    public Optional<OriginalIds> originalIds() {
        return Optional.ofNullable(ids);
    }

    /**
     * The user id the model works on for an original user id, to build a {@link Request}: through
     * the model's user dictionary when it has {@link #originalIds()} (an id the dictionary lacks
     * gives -1, which the user tower serves with its out-of-vocabulary embedding, as any unknown
     * user), else the id read as a decimal int.
     *
     * @throws IllegalArgumentException for a model on int ids, if the id is not a decimal int
     */
    public int userIdOf(String originalId) {
        Objects.requireNonNull(originalId, "originalId");
        return ids != null ? ids.users().indexOf(originalId) : decimal(originalId, "user");
    }

    /**
     * The movie id the model works on for an original item id (for exclusions and
     * {@link #similar}): through the item dictionary when the model has one (-1 when it lacks the
     * id), else the id read as a decimal int.
     *
     * @throws IllegalArgumentException for a model on int ids, if the id is not a decimal int
     */
    public int movieIdOf(String originalId) {
        Objects.requireNonNull(originalId, "originalId");
        return ids != null ? ids.items().indexOf(originalId) : decimal(originalId, "item");
    }

    /** The original id of a movie id: the item dictionary's string, else the decimal int. */
    public String originalItemId(int movieId) {
        return ids != null && movieId >= 0 && movieId < ids.items().size() ? ids.items().id(movieId)
                : Integer.toString(movieId);
    }

    private static int decimal(String id, String what) {
        try {
            return Integer.parseInt(id.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad " + what + " id '" + id + "': this model knows int ids only"
                    + " (it was saved without original ids)");
        }
    }

    /** Whether the user tower was trained on this user (otherwise it serves the OOV embedding). */
    public boolean knowsUser(int userId) {
        return model.knowsUser(userId);
    }

    /** The candidate movies. */
    public Catalog candidates() {
        return model.candidates();
    }

    /** Whether retrieval scans every candidate (exact) rather than searching a graph (approximate). */
    public boolean retrievesExactly() {
        return model.retrievesExactly();
    }

    /** Whether answers are re-ranked by a ranking model (else they keep retrieval order). */
    public boolean ranks() {
        return model.ranks();
    }

    /** Where the model came from: present when built from a model file or a {@link SavedModel}. */
    public Optional<Provenance> provenance() {
        return Optional.ofNullable(model.provenance());
    }

    /**
     * The span of the training timestamps, when the model file records it: requests far outside
     * it ask the time features for values they were never fitted on.
     */
    public Optional<Provenance.TimeRange> trainingTimeRange() {
        return provenance().map(Provenance::timeRange);
    }

    /** The frozen model behind this recommender, for tests of this package. */
    FrozenModel frozen() {
        return model;
    }

    /** One recommendation query: who, when, how many, and which movies are eligible. Immutable. */
    public static final class Request {
        /** Candidates retrieved when {@link Builder#retrieve(int)} is not called and {@code k} is smaller. */
        public static final int DEFAULT_RETRIEVE = 100;

        private final int userId;
        private final long timestamp;
        private final int k;
        private final int retrieve;
        private final int[] excluded;
        private final int[] allowed;
        private final int[] history;

        private Request(Builder b, int retrieve) {
            this.userId = b.userId;
            this.timestamp = b.timestamp;
            this.k = b.k;
            this.retrieve = retrieve;
            this.excluded = b.excluded;
            this.allowed = b.allowed;
            this.history = b.history;
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

        /** The user's recent movies carried by the request, oldest first, if it carries any (a copy). */
        public Optional<int[]> history() {
            return Optional.ofNullable(history).map(int[]::clone);
        }

        private ItemFilter filter() {
            return allowed == null ? ItemFilter.excluding(excluded)
                    : ItemFilter.allowing(allowed).andExcluding(excluded);
        }

        /** Settings of a {@link Request}. */
        public static final class Builder {
            private final int userId;
            private final long timestamp;
            private int k = 10;
            private int retrieve;
            private boolean retrieveSet;
            private int[] excluded = new int[0];
            private int[] allowed;
            private int[] history;

            private Builder(int userId, long timestamp) {
                this.userId = userId;
                this.timestamp = timestamp;
            }

            /** Number of recommendations returned; default 10. */
            public Builder k(int k) {
                this.k = k;
                return this;
            }

            /**
             * Number of candidates retrieved then re-ranked, at least {@code k}; default
             * {@code max(k, }{@value #DEFAULT_RETRIEVE}{@code )}, so it follows {@code k} when not set.
             */
            public Builder retrieve(int candidates) {
                this.retrieve = candidates;
                this.retrieveSet = true;
                return this;
            }

            /**
             * Leaves these movies out: the user's rated movies, a deny-list, or both (calls add up);
             * ids outside the catalogue are ignored. Default none.
             *
             * @throws NullPointerException if {@code movieIds} is null
             */
            public Builder exclude(int... movieIds) {
                Objects.requireNonNull(movieIds, "movieIds");
                int[] all = Arrays.copyOf(excluded, excluded.length + movieIds.length);
                System.arraycopy(movieIds, 0, all, excluded.length, movieIds.length);
                this.excluded = all;
                return this;
            }

            /**
             * Only these movies are eligible (an allow-list), exclusions still apply; default all.
             *
             * @throws NullPointerException if {@code movieIds} is null
             */
            public Builder allowOnly(int... movieIds) {
                this.allowed = Objects.requireNonNull(movieIds, "movieIds").clone();
                return this;
            }

            /**
             * The user's recent movies, oldest first, for a model whose user tower has a history
             * feature: they replace the history the model was trained with, so a request can bring
             * what the user did since, and a user the model has never seen is answered from what
             * they watched rather than from the out-of-vocabulary embedding alone. Only the last
             * {@code maxLength} count; a model without a history feature ignores them. Default: the
             * history stored in the model (the user's training movies before the request time).
             *
             * @throws NullPointerException if {@code movieIds} is null
             */
            public Builder history(int... movieIds) {
                this.history = Objects.requireNonNull(movieIds, "movieIds").clone();
                return this;
            }

            /**
             * The request.
             *
             * @throws IllegalArgumentException if {@code k <= 0}, or {@code retrieve} was set below {@code k}
             */
            public Request build() {
                if (k <= 0) {
                    throw new IllegalArgumentException("k must be positive, found " + k);
                }
                if (retrieveSet && retrieve < k) {
                    throw new IllegalArgumentException("retrieve must be at least k = " + k + ", found " + retrieve);
                }
                return new Request(this, retrieveSet ? retrieve : Math.max(k, DEFAULT_RETRIEVE));
            }
        }
    }
}
