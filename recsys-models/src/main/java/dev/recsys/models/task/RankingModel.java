package dev.recsys.models.task;

import dev.recsys.core.data.Examples;
import dev.recsys.core.features.IdEncoder;
import dev.recsys.core.nn.EmbeddingTable;
import dev.recsys.core.nn.Initializer;
import dev.recsys.core.nn.Mlp;
import dev.recsys.core.nn.Ops;
import dev.recsys.core.nn.ParameterStore;
import dev.recsys.core.nn.Tape;
import dev.recsys.core.nn.Variable;
import dev.recsys.core.nn.frozen.FrozenEmbedding;
import dev.recsys.core.nn.frozen.FrozenMlp;
import dev.recsys.core.nn.frozen.Weights;
import dev.recsys.models.Model;
import dev.recsys.models.RatingPredictor;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.UserTower;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A rating model: the user and movie tower outputs, concatenated, pass through a head of dense
 * ReLU layers ({@code 128 → 64} by default, the reference notebook's) and a linear unit giving the
 * rating. Trained on mean squared error; {@link #predict} clips to the rating scale: the task's
 * when one was set, otherwise the scale of the training examples ({@link Examples#scale()}, taken
 * in {@link #beforeTraining}). The head owns its parameters; close the model to free them (the
 * towers are closed separately).
 *
 * <p>Optional terms added to the head's output, the matrix-factorization path of "wide and deep"
 * or NeuMF models: with {@link Builder#biases(boolean)} the mean training rating {@code μ} (a
 * constant taken in {@link #beforeTraining}), a per-user bias {@code b_u} and a per-movie bias
 * {@code b_i} (embedding tables of width 1 over the towers' id encoders, starting at 0); with
 * {@link Builder#dotProduct(boolean)} the dot product of the two tower outputs. The rating is then
 * {@code mlp([u, m]) + μ + b_u + b_i + u · m}, the shape of biased matrix factorization with an MLP
 * beside it.
 *
 * <p>Metric: {@code rmse} of the clipped predictions; early stopping watches it (lower is better).
 */
public final class RankingModel implements Model, RatingPredictor, AutoCloseable {

    /** Name of the head's layers in its parameter store. */
    private static final String HEAD = "rating";
    /** Name of the per-user bias table. */
    static final String USER_BIAS = HEAD + "/userBias";
    /** Name of the per-movie bias table. */
    static final String MOVIE_BIAS = HEAD + "/movieBias";

    private final UserTower users;
    private final MovieTower movies;
    /** Set by the builder, or from the training data's scale when the builder had none. */
    private volatile Ranking task;
    private final boolean taskFromData;
    private final ParameterStore head;
    private final Mlp layers;
    private final int[] hidden;
    /** Per-user and per-movie biases {@code [vocabulary, 1]}, or null without biases. */
    private final EmbeddingTable userBias;
    private final EmbeddingTable movieBias;
    private final boolean dotProduct;
    private final double dropout;
    /** Draws the dropout masks (training is single-threaded). */
    private final SplittableRandom dropoutRandom;
    /** Whether {@code μ} comes from the training data (biases, and no mean set by the builder). */
    private final boolean meanFromData;
    /** The constant {@code μ} added with biases (0 without), set by the builder or from the training data. */
    private volatile double mean;

    private RankingModel(Builder b) {
        this.hidden = b.hidden;
        this.users = b.users;
        this.movies = b.movies;
        this.taskFromData = b.task == null;
        this.task = taskFromData ? Ranking.movieLens() : b.task;
        this.head = new ParameterStore(b.seed, users.parameters().dataType());
        this.layers = new Mlp(head, HEAD, users.outputDim() + movies.outputDim(), b.hidden, 1);
        if (b.biases) {
            this.userBias = head.embedding(USER_BIAS, users.userIds().size(), 1, Initializer.zeros());
            this.movieBias = head.embedding(MOVIE_BIAS, movies.spec().movieIds().size(), 1, Initializer.zeros());
        } else {
            this.userBias = null;
            this.movieBias = null;
        }
        this.dotProduct = b.dotProduct;
        this.dropout = b.dropout;
        this.dropoutRandom = new SplittableRandom(b.seed + 1);
        this.meanFromData = b.biases && Double.isNaN(b.mean);
        this.mean = b.biases && !meanFromData ? b.mean : 0;
    }

    /**
     * Starts a ranking model.
     *
     * @param users the user tower
     * @param movies the movie tower
     */
    public static Builder builder(UserTower users, MovieTower movies) {
        return new Builder(users, movies);
    }

    /**
     * Takes the task from the scale of {@code train} when the builder set none, and with biases
     * the mean rating {@code μ} of {@code train} when the builder set none.
     */
    @Override
    public void beforeTraining(Examples train) {
        if (taskFromData) {
            task = Ranking.of(train.scale());
        }
        if (meanFromData && train.size() > 0) {
            double sum = 0;
            for (float rating : train.ratings()) {
                sum += rating;
            }
            mean = sum / train.size();
        }
    }

    @Override
    public Variable loss(Tape tape, Examples batch) {
        Variable queries = users.encode(tape, batch.userIds(), batch.timestamps(), true);
        Variable candidates = movies.encode(tape, batch.movieIds());
        return loss(tape, queries, candidates, batch);
    }

    Variable loss(Tape tape, Variable queries, Variable candidates, Examples batch) {
        return task.loss(tape, predictions(tape, queries, candidates, batch.userIds(), batch.movieIds(), true),
                batch.ratings());
    }

    /**
     * The unclipped ratings {@code [B, 1]} of the towers' outputs {@code [B, userDim]} and
     * {@code [B, movieDim]}; in training with dropout, the MLP's input is dropped out.
     */
    private Variable predictions(Tape tape, Variable queries, Variable candidates, int[] userIds, int[] movieIds,
            boolean training) {
        Variable input = Ops.concat(queries, candidates);
        if (training && dropout > 0) {
            input = Ops.dropout(input, keepMask(tape, input), dropout);
        }
        Variable out = layers.apply(tape, input);
        if (userBias != null) {
            out = Ops.add(out, Ops.lookup(tape, userBias, users.userIds().encode(userIds)));
            out = Ops.add(out, Ops.lookup(tape, movieBias, movies.spec().movieIds().encode(movieIds)));
            Variable mu = tape.input(new float[] {(float) mean}, out.value().dataType(), 1, 1);
            out = Ops.addBias(out, mu);
        }
        if (dotProduct) {
            out = Ops.add(out, Ops.rowDot(queries, candidates));
        }
        return out;
    }

    /** A keep mask of {@code x}'s shape: each element kept (1) with probability {@code 1 - dropout}. */
    private INDArray keepMask(Tape tape, Variable x) {
        float[] keep = new float[(int) x.value().length()];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = dropoutRandom.nextDouble() < dropout ? 0f : 1f;
        }
        return tape.input(keep, x.value().dataType(), x.shape()).value();
    }

    /**
     * Predicted ratings, clipped to the task's scale.
     *
     * @param examples the (user, timestamp, movie) triples; ratings are ignored
     * @return {@code [n]}
     */
    @Override
    public double[] predict(Examples examples) {
        int[] userIds = examples.userIds();
        long[] timestamps = examples.timestamps();
        int[] movieIds = examples.movieIds();
        double[] out = new double[userIds.length];
        try (INDArray raw = Embeddings.compute(userIds.length, 1, (tape, from, to) -> {
            int[] batchUsers = Arrays.copyOfRange(userIds, from, to);
            int[] batchMovies = Arrays.copyOfRange(movieIds, from, to);
            return predictions(tape, users.encode(tape, batchUsers, Arrays.copyOfRange(timestamps, from, to)),
                    movies.encode(tape, batchMovies), batchUsers, batchMovies, false);
        })) {
            double[] values = raw.data().asDouble();
            for (int i = 0; i < out.length; i++) {
                out[i] = task.clip(values[i]);
            }
        }
        return out;
    }

    /** {@code rmse}. */
    @Override
    public String validationMetric() {
        return "rmse";
    }

    @Override
    public List<ParameterStore> parameterStores() {
        return List.of(users.parameters(), movies.parameters(), head);
    }

    /** The user tower. */
    public UserTower users() {
        return users;
    }

    /** The movie tower. */
    public MovieTower movies() {
        return movies;
    }

    /**
     * The ranking task: the builder's, or the one taken from the training data's scale; before
     * training with no task set, {@link Ranking#movieLens()}.
     */
    public Ranking task() {
        return task;
    }

    /** Widths of the head's hidden ReLU layers (a copy). */
    public int[] hidden() {
        return hidden.clone();
    }

    /** Whether the rating adds the mean rating and per-user and per-movie biases. */
    public boolean biases() {
        return userBias != null;
    }

    /** Whether the rating adds the dot product of the tower outputs. */
    public boolean dotProduct() {
        return dotProduct;
    }

    /** Dropout rate of the head's input in training. */
    public double dropout() {
        return dropout;
    }

    /**
     * The constant {@code μ} added with biases: the builder's, or the mean rating of the data the
     * model was last trained on (0 before training, and always 0 without biases).
     */
    public double mean() {
        return mean;
    }

    /** The head's settings, as a model file stores them. */
    public HeadSpec headSpec() {
        return new HeadSpec(hidden, userBias != null, dotProduct, mean);
    }

    /** The head's parameters. */
    public ParameterStore head() {
        return head;
    }

    /**
     * The head frozen from its current weights, for serving without ND4J; it stays valid after
     * {@link #close()}.
     */
    public FrozenRankingHead freeze() {
        return frozenHead(head.weights(), headSpec(), users.userIds(), movies.spec().movieIds(), users.outputDim(),
                movies.outputDim());
    }

    /**
     * The head frozen from weights a head of these settings trained (this model's
     * {@code head().weights()}, or a model file's).
     *
     * @param spec the head's settings
     * @param userIds the user tower's id encoder (rows of the user bias table)
     * @param movieIds the movie tower's id encoder (rows of the movie bias table)
     * @param userDim output width of the user tower
     * @param movieDim output width of the movie tower
     * @throws IllegalArgumentException if a weight is missing or has another shape, or the dot
     *     product is asked of towers of different widths
     */
    public static FrozenRankingHead frozenHead(Weights head, HeadSpec spec, IdEncoder userIds, IdEncoder movieIds,
            int userDim, int movieDim) {
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(spec, "spec");
        checkDotProduct(spec.dotProduct(), userDim, movieDim);
        FrozenMlp mlp = Mlp.frozen(head, HEAD, userDim + movieDim, spec.hidden(), 1);
        FrozenEmbedding userBias = null;
        FrozenEmbedding movieBias = null;
        if (spec.biases()) {
            userBias = FrozenEmbedding.of(head, USER_BIAS, userIds.size(), 1);
            movieBias = FrozenEmbedding.of(head, MOVIE_BIAS, movieIds.size(), 1);
        }
        return new FrozenRankingHead(mlp, userDim, userBias, movieBias, userIds, movieIds, spec.dotProduct(),
                (float) spec.mean());
    }

    /** @throws IllegalArgumentException if the dot product is asked of towers of different widths */
    private static void checkDotProduct(boolean dotProduct, int userDim, int movieDim) {
        if (dotProduct && userDim != movieDim) {
            throw new IllegalArgumentException("dot product needs towers of one width: user tower " + userDim
                    + ", movie tower " + movieDim);
        }
    }

    /**
     * The settings of a ranking head, its weights aside.
     *
     * @param hidden the hidden ReLU widths
     * @param biases whether the mean rating and per-user and per-movie biases are added
     * @param dotProduct whether the dot product of the tower outputs is added
     * @param mean the mean rating {@code μ} added with biases (0 without)
     */
    public record HeadSpec(int[] hidden, boolean biases, boolean dotProduct, double mean) {

        /** Checks the values, copying {@code hidden}. */
        public HeadSpec {
            hidden = Mlp.checkHidden(hidden, "rating head");
            if (!Double.isFinite(mean)) {
                throw new IllegalArgumentException("mean rating must be finite, found " + mean);
            }
        }

        @Override
        public int[] hidden() {
            return hidden.clone();
        }
    }

    /** Frees the head's parameters. */
    @Override
    public void close() {
        head.close();
    }

    /** Settings of a {@link RankingModel}. */
    public static final class Builder {
        private final UserTower users;
        private final MovieTower movies;
        private Ranking task;
        private int[] hidden = {128, 64};
        private long seed = 44;
        private boolean biases;
        private boolean dotProduct;
        private double mean = Double.NaN;
        private double dropout;

        private Builder(UserTower users, MovieTower movies) {
            this.users = users;
            this.movies = movies;
        }

        /**
         * The task; default a task on the scale of the examples the model is trained on
         * ({@link Examples#scale()}).
         */
        public Builder task(Ranking task) {
            this.task = Objects.requireNonNull(task, "task");
            return this;
        }

        /** Head hidden ReLU widths; default 128, 64. */
        public Builder hidden(int... units) {
            this.hidden = units.clone();
            return this;
        }

        /** Seed of the head's initial parameters; default 44. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Whether the rating adds the mean rating and per-user and per-movie biases (the biased
         * matrix factorization terms); default false, the reference notebook's plain MLP head. On
         * MovieLens the biases led on validation at every L2 tried on the seed and per-user
         * temporal protocols (README, "Rating head variants"): turn them on for explicit ratings.
         */
        public Builder biases(boolean biases) {
            this.biases = biases;
            return this;
        }

        /**
         * With {@link #biases(boolean)}, the mean rating {@code μ} to add; default the mean rating
         * of the examples the model is trained on.
         */
        public Builder mean(double mean) {
            this.mean = mean;
            return this;
        }

        /**
         * Dropout rate of the head's input (the concatenated tower outputs) in training, in
         * {@code [0, 1)}; default 0.
         */
        public Builder dropout(double rate) {
            this.dropout = rate;
            return this;
        }

        /**
         * Whether the rating adds the dot product of the user and movie tower outputs (towers of
         * one width); default false.
         */
        public Builder dotProduct(boolean dotProduct) {
            this.dotProduct = dotProduct;
            return this;
        }

        /**
         * Creates the model and its head.
         *
         * @throws IllegalArgumentException if a tower is missing, a width is not positive, the
         *     mean rating is infinite, or the dot product is asked of towers of different widths
         */
        public RankingModel build() {
            TowerChecks.requireTowers(users, movies, "ranking model");
            hidden = Mlp.checkHidden(hidden, "rating head");
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("dropout rate must be in [0, 1), found " + dropout);
            }
            if (Double.isInfinite(mean)) {
                throw new IllegalArgumentException("mean rating must be finite, found " + mean);
            }
            checkDotProduct(dotProduct, users.outputDim(), movies.outputDim());
            return new RankingModel(this);
        }
    }
}
