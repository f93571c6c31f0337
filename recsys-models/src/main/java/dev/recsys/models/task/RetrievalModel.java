package dev.recsys.models.task;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import dev.recsys.core.nn.Ops;
import dev.recsys.core.nn.ParameterStore;
import dev.recsys.core.nn.Tape;
import dev.recsys.core.nn.Variable;
import dev.recsys.models.CandidateScorer;
import dev.recsys.models.Model;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.UserTower;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A two-tower retrieval model: a {@link UserTower} for queries, a {@link MovieTower} for
 * candidates, trained with a {@link Retrieval} task. As a {@link CandidateScorer} it scores every
 * movie of a candidate {@link Catalog} by the dot product of the two towers' outputs, which is how
 * {@link dev.recsys.models.eval.Evaluator} measures it (factorized top-k accuracy and the rest).
 * When the movie tower has the {@link dev.recsys.models.tower.MovieAge age feature}, candidate
 * vectors end in its age scores and query vectors in the one-hot query year, so the dot product
 * adds the age score; {@link #candidateEmbeddings} and {@link #queryEmbeddings} are these vectors,
 * {@code ageColumns} wider than the towers' outputs.
 */
public final class RetrievalModel implements Model, CandidateScorer {

    private final UserTower users;
    private final MovieTower movies;
    private final Catalog candidates;
    private final Retrieval task;
    private Map<Integer, Double> logQ;
    private double unseenLogQ;
    /** With {@link Negatives#ALL_CANDIDATES}: the candidates rated in training, and each one's position. */
    private int[] trainedCandidates;
    private Map<Integer, Integer> trainedPosition;

    private RetrievalModel(Builder b) {
        this.users = b.users;
        this.movies = b.movies;
        this.candidates = b.candidates;
        this.task = b.task;
    }

    /**
     * Starts a retrieval model.
     *
     * @param users the query tower
     * @param movies the candidate tower, same output width as {@code users}
     * @param candidates every movie that evaluation ranks
     */
    public static Builder builder(UserTower users, MovieTower movies, Catalog candidates) {
        return new Builder(users, movies, candidates);
    }

    @Override
    public Variable loss(Tape tape, Examples batch) {
        Variable queries = users.encode(tape, batch.userIds(), batch.timestamps(), true);
        Variable positives = movies.encode(tape, batch.movieIds());
        return loss(tape, queries, positives, batch);
    }

    Variable loss(Tape tape, Variable userVectors, Variable movieVectors, Examples batch) {
        int[] ids = batch.movieIds();
        Variable queries = withAge(tape, userVectors, batch.timestamps());
        Variable positives = withAge(tape, movieVectors, ids);
        if (task.negatives() == Negatives.ALL_CANDIDATES) {
            if (trainedCandidates == null) {
                throw new IllegalStateException("full softmax needs the trained candidates: call beforeTraining(train) first");
            }
            int[] labels = new int[ids.length];
            for (int i = 0; i < ids.length; i++) {
                Integer position = trainedPosition.get(ids[i]);
                if (position == null) {
                    throw new IllegalArgumentException("movie " + ids[i] + " of this batch was not in the training"
                            + " examples that beforeTraining saw");
                }
                labels[i] = position;
            }
            return task.fullLoss(tape, queries, withAge(tape, movies.encode(tape, trainedCandidates), trainedCandidates),
                    labels);
        }
        double[] batchLogQ = null;
        if (task.samplingCorrection() && logQ != null) {
            batchLogQ = new double[ids.length];
            for (int i = 0; i < ids.length; i++) {
                batchLogQ[i] = logQ.getOrDefault(ids[i], unseenLogQ);
            }
        }
        return task.loss(tape, queries, positives, ids, batchLogQ);
    }

    /**
     * Fits what the loss needs: with full softmax, the candidates rated in training; with the
     * sampling correction, each candidate's {@code log q}, its share of the training examples
     * (half an example for a candidate absent from training).
     */
    @Override
    public void beforeTraining(Examples train) {
        if (task.negatives() == Negatives.ALL_CANDIDATES) {
            trainedCandidates = Arrays.stream(train.movieIds()).distinct().toArray();
            trainedPosition = new HashMap<>(trainedCandidates.length * 2);
            for (int i = 0; i < trainedCandidates.length; i++) {
                trainedPosition.put(trainedCandidates[i], i);
            }
            return;
        }
        if (!task.samplingCorrection()) {
            return;
        }
        Map<Integer, Integer> counts = new HashMap<>();
        for (int row = 0; row < train.size(); row++) {
            counts.merge(train.movieId(row), 1, Integer::sum);
        }
        Map<Integer, Double> fitted = new HashMap<>(counts.size() * 2);
        double total = train.size();
        counts.forEach((id, count) -> fitted.put(id, Math.log(count / total)));
        logQ = fitted;
        unseenLogQ = Math.log(0.5 / total);
    }

    /** Candidate vectors {@code [B, dim + ageColumns]}: the movie tower's output, then its age scores if any. */
    private Variable withAge(Tape tape, Variable movieVectors, int[] movieIds) {
        return movies.ageColumns() == 0 ? movieVectors : Ops.concat(movieVectors, movies.ageScores(tape, movieIds));
    }

    /** Query vectors {@code [B, dim + ageColumns]}: the user tower's output, then the one-hot query year if any. */
    private Variable withAge(Tape tape, Variable userVectors, long[] timestamps) {
        return movies.ageColumns() == 0 ? userVectors : Ops.concat(userVectors, movies.ageQuery(tape, timestamps));
    }

    /**
     * Embeddings of every candidate, {@code [candidates, dim + ageColumns]} in catalogue row order;
     * the caller closes it.
     */
    public INDArray candidateEmbeddings() {
        int[] ids = candidates.ids();
        return Embeddings.compute(ids.length, movies.outputDim() + movies.ageColumns(), (tape, from, to) -> {
            int[] batch = Arrays.copyOfRange(ids, from, to);
            return withAge(tape, movies.encode(tape, batch), batch);
        });
    }

    /**
     * Query embeddings of the examples' (user, timestamp) pairs, {@code [n, dim + ageColumns]};
     * the caller closes it.
     */
    public INDArray queryEmbeddings(Examples examples) {
        int[] userIds = examples.userIds();
        long[] timestamps = examples.timestamps();
        return Embeddings.compute(userIds.length, users.outputDim() + movies.ageColumns(), (tape, from, to) -> {
            long[] times = Arrays.copyOfRange(timestamps, from, to);
            return withAge(tape, users.encode(tape, Arrays.copyOfRange(userIds, from, to), times), times);
        });
    }

    /** {@code factorizedTop@100}, the reference notebook's headline metric. */
    @Override
    public String validationMetric() {
        return "factorizedTop@100";
    }

    @Override
    public List<ParameterStore> parameterStores() {
        return List.of(users.parameters(), movies.parameters());
    }

    /** The query tower. */
    public UserTower users() {
        return users;
    }

    /** The candidate tower. */
    public MovieTower movies() {
        return movies;
    }

    /** Dot products of the query and candidate embeddings, {@code [batch][candidates]}. */
    @Override
    public float[][] scores(int[] userIds, long[] timestamps) {
        if (userIds.length != timestamps.length) {
            throw new IllegalArgumentException("expected one timestamp per user, found " + userIds.length
                    + " users and " + timestamps.length + " timestamps");
        }
        int n = userIds.length;
        Examples queries = Examples.of(userIds, timestamps, new int[n], new float[n]);
        try (INDArray q = queryEmbeddings(queries); INDArray c = candidateEmbeddings(); INDArray s = q.mmul(c.transpose())) {
            return s.toFloatMatrix();
        }
    }

    /** The candidate catalogue. */
    @Override
    public Catalog candidates() {
        return candidates;
    }

    /** Settings of a {@link RetrievalModel}. */
    public static final class Builder {
        private final UserTower users;
        private final MovieTower movies;
        private final Catalog candidates;
        private Retrieval task = Retrieval.defaults();

        private Builder(UserTower users, MovieTower movies, Catalog candidates) {
            this.users = users;
            this.movies = movies;
            this.candidates = candidates;
        }

        /** The task; default {@link Retrieval#defaults()}. */
        public Builder task(Retrieval task) {
            this.task = task;
            return this;
        }

        /**
         * Creates the model.
         *
         * @throws IllegalArgumentException if a part is missing or the towers' output widths differ
         */
        public RetrievalModel build() {
            TowerChecks.requireTowers(users, movies, "retrieval model");
            if (users.outputDim() != movies.outputDim()) {
                throw new IllegalArgumentException("embedding dim mismatch: user tower " + users.outputDim()
                        + ", movie tower " + movies.outputDim());
            }
            if (candidates == null || candidates.size() == 0) {
                throw new IllegalArgumentException("retrieval model needs a non-empty candidate catalog, found "
                        + (candidates == null ? "none" : "an empty one"));
            }
            if (task == null) {
                throw new IllegalArgumentException("retrieval task must not be null");
            }
            return new RetrievalModel(this);
        }
    }
}
