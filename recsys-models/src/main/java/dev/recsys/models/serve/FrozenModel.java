package dev.recsys.models.serve;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.nn.frozen.SplitMlp;
import dev.recsys.core.topk.BruteForceIndex;
import dev.recsys.core.topk.HnswIndex;
import dev.recsys.core.topk.IndexChoice;
import dev.recsys.core.topk.ItemFilter;
import dev.recsys.core.topk.Similarity;
import dev.recsys.core.topk.TopKIndex;
import dev.recsys.core.topk.TopKResult;
import dev.recsys.models.io.Provenance;
import dev.recsys.models.task.FrozenRankingHead;
import dev.recsys.models.task.Ranking;
import dev.recsys.models.tower.FrozenMovieTower;
import dev.recsys.models.tower.FrozenUserTower;
import java.util.Arrays;

/**
 * Everything a request needs, frozen on the Java heap: the retrieval user tower, the candidate
 * embeddings behind a {@link TopKIndex}, and for re-ranking the ranking user tower and the rating
 * head with its movie-side work done once per candidate. Built once; immutable; no ND4J.
 *
 * <p>Per request: the user embedding once (twice when the ranking model has its own user tower),
 * one index search, then for each retrieved candidate one {@link SplitMlp#finish}: the sum of the
 * user's and the candidate's parts of the head's first layer, and the remaining layers; plus,
 * when the head has them, the user's and the candidate's bias terms and the dot product of the
 * two tower outputs. With the movie tower's age feature, the retrieval vectors end in its columns
 * (candidates: age scores; queries: the one-hot query year) and are {@link #dim()} wide, the
 * towers' width plus those columns; similarity and re-ranking read the towers' outputs only.
 */
final class FrozenModel {

    private final FrozenUserTower users;
    /** The movie tower when it has the age feature, else null. */
    private final FrozenMovieTower ages;
    private final Catalog candidates;
    /** Width of the towers' outputs, and of the retrieval vectors (the age columns added). */
    private final int towerDim;
    private final int dim;
    /** The movie tower's outputs, {@code [candidates, towerDim]}. */
    private final float[] embeddings;
    private final TopKIndex dotIndex;
    private final TopKIndex cosineIndex;
    private final Ranker ranker;
    private final Provenance provenance;

    /**
     * The ranking side: its user tower, the head, each candidate's movie part, movie term (bias)
     * and ranking movie embedding (read by the dot product; {@code [candidates, movieDim]}
     * row-major), the rating scale, and per thread the head's working arrays (a request then
     * allocates none of them).
     */
    private record Ranker(FrozenUserTower users, FrozenRankingHead head, float[][] movieParts, float[] movieTerms,
                          float[] movieEmbeddings, Ranking scale, ThreadLocal<Work> work) {}

    /** One thread's arrays for {@link #ratings}. */
    private static final class Work {
        final float[] userPart;
        final float[][] workspace;
        final float[] rating = new float[1];

        Work(SplitMlp head) {
            this.userPart = new float[head.partWidth()];
            this.workspace = head.newWorkspace();
        }
    }

    /** A stored retrieval index that was built over other candidate vectors than the towers give. */
    static final class StaleIndexException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        StaleIndexException(String message) {
            super(message);
        }
    }

    private FrozenModel(FrozenUserTower users, FrozenMovieTower movies, Catalog candidates, Ranker ranker,
            Provenance provenance, IndexChoice choice, HnswIndex stored) {
        if (users.outputDim() != movies.outputDim()) {
            throw new IllegalArgumentException("embedding dim mismatch: user tower " + users.outputDim()
                    + ", movie tower " + movies.outputDim());
        }
        this.users = users;
        this.ages = movies.ageColumns() == 0 ? null : movies;
        this.candidates = candidates;
        this.towerDim = users.outputDim();
        this.dim = towerDim + movies.ageColumns();
        int[] ids = candidates.ids();
        this.embeddings = movies.encode(ids);
        this.dotIndex = retrievalIndex(ids, movies.retrievalVectors(ids, embeddings), dim, choice, stored);
        this.cosineIndex = BruteForceIndex.builder(ids, embeddings, towerDim).similarity(Similarity.COSINE).build();
        this.ranker = ranker;
        this.provenance = provenance;
    }

    /**
     * A model that retrieves and, with a ranking part, re-ranks.
     *
     * @param rankingUsers the ranking model's user tower, or null without ranking
     * @param rankingMovies the ranking model's movie tower, or null
     * @param head the ranking head over {@code rankingUsers} and {@code rankingMovies}, or null
     * @param scale the rating scale predictions are clipped to, or null
     * @param provenance where the model came from, or null
     * @param choice which index retrieves: exact, or a graph (built here unless {@code stored} is given)
     * @param stored a graph read from the model file, used when {@code choice} chooses the graph; or null
     * @throws StaleIndexException if {@code stored} is used and was built over other vectors
     * @throws IllegalArgumentException if the widths do not fit together or a candidate
     *     embedding is not finite
     */
    static FrozenModel of(FrozenUserTower users, FrozenMovieTower movies, Catalog candidates,
            FrozenUserTower rankingUsers, FrozenMovieTower rankingMovies, FrozenRankingHead head, Ranking scale,
            Provenance provenance, IndexChoice choice, HnswIndex stored) {
        Ranker ranker = null;
        if (head != null) {
            if (head.userDim() != rankingUsers.outputDim() || head.movieDim() != rankingMovies.outputDim()
                    || head.mlp().outputDim() != 1) {
                throw new IllegalArgumentException("ranking head takes " + head.userDim() + " + " + head.movieDim()
                        + " inputs and gives " + head.mlp().outputDim() + ", expected " + rankingUsers.outputDim()
                        + " + " + rankingMovies.outputDim() + " and 1");
            }
            SplitMlp split = head.split();
            int movieDim = rankingMovies.outputDim();
            int[] ids = candidates.ids();
            float[] movieEmbeddings = rankingMovies.encode(ids);
            float[][] parts = new float[candidates.size()][split.partWidth()];
            float[] terms = new float[candidates.size()];
            for (int row = 0; row < candidates.size(); row++) {
                split.right(movieEmbeddings, row * movieDim, parts[row]);
                terms[row] = head.movieOffset(ids[row]);
            }
            ranker = new Ranker(rankingUsers, head, parts, terms, head.dotProduct() ? movieEmbeddings : null, scale,
                    ThreadLocal.withInitial(() -> new Work(split)));
        }
        return new FrozenModel(users, movies, candidates, ranker, provenance, choice, stored);
    }

    /**
     * The one place that chooses the retrieval index: exact, the stored graph once checked
     * against the embeddings, or a graph built now. {@link #similar} stays exact (cosine).
     */
    private static TopKIndex retrievalIndex(int[] ids, float[] embeddings, int dim, IndexChoice choice,
            HnswIndex stored) {
        if (!choice.approximate(ids.length)) {
            return BruteForceIndex.builder(ids, embeddings, dim).similarity(Similarity.DOT_PRODUCT).build();
        }
        if (stored == null) {
            return choice.buildHnsw(ids, embeddings, dim, Similarity.DOT_PRODUCT);
        }
        if (stored.similarity() != Similarity.DOT_PRODUCT || !stored.holds(ids, embeddings, dim)) {
            throw new StaleIndexException("the stored index (" + stored + ") was not built over the " + ids.length
                    + " candidate embeddings of dim " + dim + " that the movie tower gives");
        }
        return choice.adopt(stored);
    }

    /** Whether retrieval is exact (brute force) rather than through a graph. */
    boolean retrievesExactly() {
        return dotIndex.isExact();
    }

    Catalog candidates() {
        return candidates;
    }

    Provenance provenance() {
        return provenance;
    }

    boolean ranks() {
        return ranker != null;
    }

    boolean knowsUser(int userId) {
        return users.knowsUser(userId);
    }

    /**
     * The retrieval query vectors of a batch of users, {@code [B, dim()]} row-major: the user
     * tower's output, then the age feature's one-hot query year if the model has it.
     *
     * @param histories {@code [B]} each request's own history (oldest first), or null entries (or
     *     a null array) for the histories the model was trained with
     */
    float[] queries(int[] userIds, long[] timestamps, int[][] histories) {
        float[] out = new float[userIds.length * dim];
        boolean given = histories != null && Arrays.stream(histories).anyMatch(h -> h != null);
        if ((!given || !users.hasHistory()) && ages == null) {
            users.encode(userIds, timestamps, out);
            return out;
        }
        for (int i = 0; i < userIds.length; i++) {
            float[] query = query(users, userIds[i], timestamps[i], histories == null ? null : histories[i]);
            System.arraycopy(query, 0, out, i * dim, towerDim);
            if (ages != null) {
                ages.ageQuery(timestamps[i], out, i * dim + towerDim);
            }
        }
        return out;
    }

    private static float[] query(FrozenUserTower tower, int userId, long timestamp, int[] history) {
        return history == null || !tower.hasHistory() ? tower.encode(userId, timestamp)
                : tower.encode(userId, timestamp, history);
    }

    int dim() {
        return dim;
    }

    TopKResult retrieve(float[] query, int k, ItemFilter filter) {
        return dotIndex.search(query, k, filter);
    }

    java.util.List<TopKResult> retrieveBatch(float[][] queries, int k, java.util.List<ItemFilter> filters) {
        return dotIndex.searchBatch(queries, k, filters);
    }

    /**
     * Predicted ratings of the first {@code n} retrieved candidates for one user, clipped to the
     * scale.
     *
     * @param history the request's own history, or null for the model's
     * @param retrievalQuery the user's retrieval embedding, reused when the ranking model shares its tower
     * @return {@code [n]}, each a float's value (the head computes in float32)
     */
    float[] ratings(int userId, long timestamp, int[] history, float[] retrievalQuery, TopKResult retrieved, int n) {
        FrozenUserTower rankingUsers = ranker.users();
        float[] user = rankingUsers == users ? retrievalQuery : query(rankingUsers, userId, timestamp, history);
        FrozenRankingHead head = ranker.head();
        SplitMlp split = head.split();
        Work work = ranker.work().get();
        float[] userPart = work.userPart;
        split.left(user, 0, userPart);
        float userTerm = head.userOffset(userId);
        float[][] workspace = work.workspace;
        float[] rating = work.rating;
        float[] ratings = new float[n];
        float[][] movieParts = ranker.movieParts();
        float[] movieTerms = ranker.movieTerms();
        float[] movieEmbeddings = ranker.movieEmbeddings();
        int movieDim = head.movieDim();
        for (int rank = 0; rank < n; rank++) {
            int row = rowOf(retrieved.id(rank));
            split.finish(userPart, movieParts[row], rating, workspace);
            float value = rating[0] + userTerm + movieTerms[row] + head.dotTerm(user, movieEmbeddings, row * movieDim);
            ratings[rank] = (float) ranker.scale().clip(value);
        }
        return ratings;
    }

    /** The movie tower's output for a catalogue row (a copy), {@code [towerDim]}, without age columns. */
    float[] embedding(int row) {
        return Arrays.copyOfRange(embeddings, row * towerDim, (row + 1) * towerDim);
    }

    TopKResult similar(float[] embedding, int k, ItemFilter filter) {
        return cosineIndex.search(embedding, k, filter);
    }

    /** The catalogue row of a candidate id, -1 if it is none. */
    int rowOf(int movieId) {
        return candidates.rowOf(movieId);
    }
}
