package dev.recsys.models.task;

import dev.recsys.core.features.IdEncoder;
import dev.recsys.core.nn.frozen.FrozenEmbedding;
import dev.recsys.core.nn.frozen.FrozenMlp;
import dev.recsys.core.nn.frozen.SplitMlp;
import java.util.Objects;

/**
 * A {@link RankingModel}'s head frozen on the Java heap, for serving without ND4J: the MLP over
 * the concatenated tower outputs {@code [userDim + movieDim] -> [1]} and, as the model was built,
 * the mean rating with per-user and per-movie biases and the dot product of the tower outputs.
 * The unclipped rating of a pair is
 * {@code mlp([u, m]) + userOffset(user) + movieOffset(movie) + (dotProduct ? u · m : 0)}.
 * Immutable and safe for concurrent use. Made by {@link RankingModel#freeze()} or
 * {@link RankingModel#frozenHead}.
 */
public final class FrozenRankingHead {

    private final FrozenMlp mlp;
    private final SplitMlp split;
    private final FrozenEmbedding userBias;
    private final FrozenEmbedding movieBias;
    private final IdEncoder userIds;
    private final IdEncoder movieIds;
    private final boolean dotProduct;
    private final float mean;

    FrozenRankingHead(FrozenMlp mlp, int userDim, FrozenEmbedding userBias, FrozenEmbedding movieBias,
            IdEncoder userIds, IdEncoder movieIds, boolean dotProduct, float mean) {
        this.mlp = mlp;
        this.split = SplitMlp.of(mlp, userDim);
        this.userBias = userBias;
        this.movieBias = movieBias;
        this.userIds = userIds;
        this.movieIds = movieIds;
        this.dotProduct = dotProduct;
        this.mean = mean;
    }

    /** The MLP over the concatenated tower outputs, {@code [userDim + movieDim] -> [1]}. */
    public FrozenMlp mlp() {
        return mlp;
    }

    /** The MLP split after the user tower's output, so each side's first-layer part is computed once. */
    public SplitMlp split() {
        return split;
    }

    /** Output width of the user tower the head takes. */
    public int userDim() {
        return split.leftWidth();
    }

    /** Output width of the movie tower the head takes. */
    public int movieDim() {
        return split.rightWidth();
    }

    /** Whether the dot product of the tower outputs is added. */
    public boolean dotProduct() {
        return dotProduct;
    }

    /**
     * The user's additive term: the mean rating plus the user's bias, 0 without biases. An unknown
     * user gets its out-of-vocabulary row (0 unless trained).
     */
    public float userOffset(int userId) {
        return userBias == null ? 0f : mean + userBias.get(userIds.encode(userId), 0);
    }

    /** The movie's additive term: the movie's bias, 0 without biases. */
    public float movieOffset(int movieId) {
        return movieBias == null ? 0f : movieBias.get(movieIds.encode(movieId), 0);
    }

    /**
     * The unclipped rating of one pair.
     *
     * @param user the user tower's output {@code [userDim]}
     * @param movie the movie tower's output {@code [movieDim]}
     */
    public float rating(int userId, float[] user, int movieId, float[] movie) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(movie, "movie");
        if (user.length != userDim() || movie.length != movieDim()) {
            throw new IllegalArgumentException("expected tower outputs of widths " + userDim() + " and " + movieDim()
                    + ", found " + user.length + " and " + movie.length);
        }
        float[] userPart = new float[split.partWidth()];
        float[] moviePart = new float[split.partWidth()];
        split.left(user, 0, userPart);
        split.right(movie, 0, moviePart);
        float[] y = new float[1];
        split.finish(userPart, moviePart, y, split.newWorkspace());
        return y[0] + userOffset(userId) + movieOffset(movieId) + dotTerm(user, movie, 0);
    }

    /**
     * The dot-product term: {@code u · m} with the dot product, 0 without.
     *
     * @param user {@code [userDim]}
     * @param movies holds the movie tower's output {@code [movieDim]} from {@code movieOffset}
     */
    public float dotTerm(float[] user, float[] movies, int movieOffset) {
        if (!dotProduct) {
            return 0f;
        }
        float sum = 0;
        for (int k = 0; k < user.length; k++) {
            sum += user[k] * movies[movieOffset + k];
        }
        return sum;
    }
}
