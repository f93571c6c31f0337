package dev.recsys.models.task;

import dev.recsys.core.data.Examples;
import dev.recsys.core.nn.Mlp;
import dev.recsys.core.nn.Ops;
import dev.recsys.core.nn.ParameterStore;
import dev.recsys.core.nn.Tape;
import dev.recsys.core.nn.Variable;
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
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A rating model: the user and movie tower outputs, concatenated, pass through a head of dense
 * ReLU layers ({@code 128 → 64} by default, the reference notebook's) and a linear unit giving the
 * rating. Trained on mean squared error; {@link #predict} clips to the rating scale: the task's
 * when one was set, otherwise the scale of the training examples ({@link Examples#scale()}, taken
 * in {@link #beforeTraining}). The head owns its parameters; close the model to free them (the
 * towers are closed separately).
 *
 * <p>Metric: {@code rmse} of the clipped predictions; early stopping watches it (lower is better).
 */
public final class RankingModel implements Model, RatingPredictor, AutoCloseable {

    /** Name of the head's layers in its parameter store. */
    private static final String HEAD = "rating";

    private final UserTower users;
    private final MovieTower movies;
    /** Set by the builder, or from the training data's scale when the builder had none. */
    private volatile Ranking task;
    private final boolean taskFromData;
    private final ParameterStore head;
    private final Mlp layers;
    private final int[] hidden;

    private RankingModel(Builder b) {
        this.hidden = b.hidden;
        this.users = b.users;
        this.movies = b.movies;
        this.taskFromData = b.task == null;
        this.task = taskFromData ? Ranking.movieLens() : b.task;
        this.head = new ParameterStore(b.seed, users.parameters().dataType());
        this.layers = new Mlp(head, HEAD, users.outputDim() + movies.outputDim(), b.hidden, 1);
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

    /** Takes the task from the scale of {@code train} when the builder set none. */
    @Override
    public void beforeTraining(Examples train) {
        if (taskFromData) {
            task = Ranking.of(train.scale());
        }
    }

    @Override
    public Variable loss(Tape tape, Examples batch) {
        Variable queries = users.encode(tape, batch.userIds(), batch.timestamps());
        Variable candidates = movies.encode(tape, batch.movieIds());
        return loss(tape, queries, candidates, batch);
    }

    Variable loss(Tape tape, Variable queries, Variable candidates, Examples batch) {
        return task.loss(tape, predictions(tape, queries, candidates), batch.ratings());
    }

    private Variable predictions(Tape tape, Variable queries, Variable candidates) {
        return layers.apply(tape, Ops.concat(queries, candidates));
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
        try (INDArray raw = Embeddings.compute(userIds.length, 1, (tape, from, to) -> predictions(tape,
                users.encode(tape, Arrays.copyOfRange(userIds, from, to), Arrays.copyOfRange(timestamps, from, to)),
                movies.encode(tape, Arrays.copyOfRange(movieIds, from, to))))) {
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

    /** The head's parameters. */
    public ParameterStore head() {
        return head;
    }

    /**
     * The head frozen from weights a head of these settings trained (this model's
     * {@code head().weights()}, or a model file's): {@code [userDim + movieDim] -> [1]}, the
     * unclipped rating of a (user, movie) pair from the concatenated tower outputs.
     *
     * @param userDim output width of the user tower
     * @param movieDim output width of the movie tower
     * @param hidden the head's hidden ReLU widths
     * @throws IllegalArgumentException if a weight is missing or has another shape
     */
    public static FrozenMlp frozenHead(Weights head, int userDim, int movieDim, int[] hidden) {
        return Mlp.frozen(head, HEAD, userDim + movieDim, hidden, 1);
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
         * Creates the model and its head.
         *
         * @throws IllegalArgumentException if a tower is missing or a width is not positive
         */
        public RankingModel build() {
            TowerChecks.requireTowers(users, movies, "ranking model");
            hidden = Mlp.checkHidden(hidden, "rating head");
            return new RankingModel(this);
        }
    }
}
