package dev.recsys.models.task;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import dev.recsys.core.nn.Ops;
import dev.recsys.core.nn.ParameterStore;
import dev.recsys.core.nn.Tape;
import dev.recsys.core.nn.Variable;
import dev.recsys.models.CandidateScorer;
import dev.recsys.models.Model;
import dev.recsys.models.RatingPredictor;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.UserTower;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A joint model (the TFRS multitask tutorial's): one pair of towers trained on
 * {@code retrievalWeight · retrieval loss + rankingWeight · ranking loss}, with the towers run
 * once per batch for both tasks. It scores candidates as its retrieval half and predicts ratings
 * as its ranking half, so an evaluation reports both kinds of metrics; early stopping watches the
 * retrieval metric unless its weight is 0.
 */
public final class MultiTaskModel implements Model, CandidateScorer, RatingPredictor, AutoCloseable {

    private final UserTower users;
    private final MovieTower movies;
    private final RetrievalModel retrieval;
    private final RankingModel ranking;
    private final double retrievalWeight;
    private final double rankingWeight;

    private MultiTaskModel(Builder b) {
        this.users = b.users;
        this.movies = b.movies;
        this.retrieval = RetrievalModel.builder(b.users, b.movies, b.candidates).task(b.retrievalTask).build();
        RankingModel.Builder ranking = b.rankingHead.apply(RankingModel.builder(b.users, b.movies));
        this.ranking = (b.rankingTask == null ? ranking : ranking.task(b.rankingTask)).build();
        this.retrievalWeight = b.retrievalWeight;
        this.rankingWeight = b.rankingWeight;
    }

    /**
     * Starts a joint model.
     *
     * @param users the user tower, shared
     * @param movies the movie tower, shared, same output width as {@code users}
     * @param candidates every movie that retrieval evaluation ranks
     */
    public static Builder builder(UserTower users, MovieTower movies, Catalog candidates) {
        return new Builder(users, movies, candidates);
    }

    @Override
    public Variable loss(Tape tape, Examples batch) {
        Variable queries = users.encode(tape, batch.userIds(), batch.timestamps(), true);
        Variable candidates = movies.encode(tape, batch.movieIds());
        Variable total = null;
        if (retrievalWeight > 0) {
            total = Ops.scale(retrieval.loss(tape, queries, candidates, batch), retrievalWeight);
        }
        if (rankingWeight > 0) {
            Variable rating = Ops.scale(ranking.loss(tape, queries, candidates, batch), rankingWeight);
            total = total == null ? rating : Ops.add(total, rating);
        }
        return total;
    }

    @Override
    public void beforeTraining(Examples train) {
        retrieval.beforeTraining(train);
        ranking.beforeTraining(train);
    }

    @Override
    public String validationMetric() {
        return retrievalWeight > 0 ? retrieval.validationMetric() : ranking.validationMetric();
    }

    @Override
    public List<ParameterStore> parameterStores() {
        return ranking.parameterStores();
    }

    @Override
    public Catalog candidates() {
        return retrieval.candidates();
    }

    /** The retrieval half's scores, {@code [batch][candidates]}. */
    @Override
    public float[][] scores(int[] userIds, long[] timestamps) {
        return retrieval.scores(userIds, timestamps);
    }

    /** The ranking half's predictions, {@code [examples.size()]}. */
    @Override
    public double[] predict(Examples examples) {
        return ranking.predict(examples);
    }

    /** The retrieval half, for candidate and query embeddings. */
    public RetrievalModel retrieval() {
        return retrieval;
    }

    /** The ranking half, for rating predictions. */
    public RankingModel ranking() {
        return ranking;
    }

    /** Frees the rating head (the towers are closed separately). */
    @Override
    public void close() {
        ranking.close();
    }

    /** Settings of a {@link MultiTaskModel}. */
    public static final class Builder {
        private final UserTower users;
        private final MovieTower movies;
        private final Catalog candidates;
        private Retrieval retrievalTask = Retrieval.defaults();
        private Ranking rankingTask;
        private double retrievalWeight = 1.0;
        private double rankingWeight = 1.0;
        private UnaryOperator<RankingModel.Builder> rankingHead = UnaryOperator.identity();

        private Builder(UserTower users, MovieTower movies, Catalog candidates) {
            this.users = users;
            this.movies = movies;
            this.candidates = candidates;
        }

        /** The retrieval task and its loss weight (>= 0); default {@link Retrieval#defaults()}, weight 1. */
        public Builder retrieval(Retrieval task, double weight) {
            this.retrievalTask = task;
            this.retrievalWeight = weight;
            return this;
        }

        /**
         * The ranking task and its loss weight (>= 0); default a task on the training data's
         * scale ({@link RankingModel.Builder#task}), weight 1.
         */
        public Builder ranking(Ranking task, double weight) {
            this.rankingTask = Objects.requireNonNull(task, "task");
            this.rankingWeight = weight;
            return this;
        }

        /**
         * Settings of the ranking half's rating head, applied to its {@link RankingModel.Builder}
         * (hidden widths, seed, biases, dot product, dropout; its task is {@link #ranking}'s), e.g.
         * {@code rankingHead(head -> head.hidden(64).biases(true))}; default the
         * {@link RankingModel.Builder} defaults.
         */
        public Builder rankingHead(UnaryOperator<RankingModel.Builder> settings) {
            this.rankingHead = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Creates the model.
         *
         * @throws IllegalArgumentException if a part is missing, the tower widths differ, or the
         *     weights are negative, not finite or both 0
         */
        public MultiTaskModel build() {
            for (double weight : new double[] {retrievalWeight, rankingWeight}) {
                if (!(weight >= 0) || Double.isInfinite(weight)) {
                    throw new IllegalArgumentException("loss weights must be finite and >= 0, found retrieval "
                            + retrievalWeight + ", ranking " + rankingWeight);
                }
            }
            if (retrievalWeight == 0 && rankingWeight == 0) {
                throw new IllegalArgumentException("at least one loss weight must be positive, found both 0");
            }
            return new MultiTaskModel(this);
        }
    }
}
